package io.tgdesk.shopify.customers;

import io.tgdesk.web.Params;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** Links between Shopify customers and Telegram users, made by agents. */
@Path("shopify/links")
@RolesAllowed({"agent", "admin"})
@SecurityRequirement(name = "basic")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ShopifyLinksResource {

  @Inject CustomerLinks links;

  @POST
  public Response link(@Valid CustomerLinks.LinkRequest body) {
    CustomerLinks.Linked linked = links.link(body);
    return Response.status(linked.created() ? Response.Status.CREATED : Response.Status.OK)
        .entity(linked.link())
        .build();
  }

  @GET
  public List<LinkView> list(
      @QueryParam("shopId") String shopId, @QueryParam("telegramUserId") String telegramUserId) {
    return links.list(
        Params.optionalLong("shopId", shopId),
        Params.optionalLong("telegramUserId", telegramUserId));
  }

  @DELETE
  @Path("{id}")
  public Response unlink(@PathParam("id") long id) {
    links.unlink(id);
    return Response.noContent().build();
  }
}
