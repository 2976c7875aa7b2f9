package io.tgdesk.admin;

import io.tgdesk.shopify.ShopAdministration;
import io.tgdesk.shopify.ShopifyAnswers;
import io.tgdesk.web.Creation;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.groups.ConvertGroup;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** Shops whose webhooks TgDesk accepts. Secrets are write-only. */
@Path("admin/shopify/shops")
@RolesAllowed("admin")
@SecurityRequirement(name = "basic")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ShopifyShopsResource {

  @Inject ShopAdministration shops;

  @POST
  public Response create(
      @Valid @ConvertGroup(to = Creation.class) ShopAdministration.ShopRequest body) {
    return Response.status(Response.Status.CREATED).entity(shops.create(body)).build();
  }

  @GET
  public List<ShopifyAnswers.ShopView> list() {
    return shops.list();
  }

  @GET
  @Path("{id}")
  public ShopifyAnswers.ShopView get(@PathParam("id") long id) {
    return shops.view(id);
  }

  @PATCH
  @Path("{id}")
  public ShopifyAnswers.ShopView update(
      @PathParam("id") long id, @Valid ShopAdministration.ShopRequest body) {
    return shops.update(id, body);
  }

  @DELETE
  @Path("{id}")
  public Response delete(@PathParam("id") long id) {
    shops.delete(id);
    return Response.noContent().build();
  }
}
