package io.tgdesk.admin;

import io.tgdesk.intake.IntakeState;
import io.tgdesk.shopify.ShopAdministration;
import io.tgdesk.shopify.ShopifyAnswers;
import io.tgdesk.web.Page;
import io.tgdesk.web.PageParams;
import io.tgdesk.web.Params;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * Stored Shopify webhooks (what failed and why; retry) and customers/data_request exports. The
 * paths keep their first name, {@code events}.
 */
@Path("admin/shopify")
@RolesAllowed("admin")
@SecurityRequirement(name = "basic")
@Produces(MediaType.APPLICATION_JSON)
public class ShopifyWebhooksResource {

  @Inject ShopAdministration shops;

  @GET
  @Path("events")
  public Page<ShopifyAnswers.WebhookView> webhooks(
      @QueryParam("state") String state,
      @QueryParam("shopId") String shopId,
      @QueryParam("topic") String topic,
      @BeanParam PageParams paging) {
    return shops.webhooks(
        Params.optionalEnum("state", state, IntakeState.class),
        Params.optionalLong("shopId", shopId),
        topic == null || topic.isBlank() ? null : topic.trim(),
        paging.page(),
        paging.size());
  }

  @GET
  @Path("events/{id}")
  public ShopifyAnswers.WebhookView webhook(@PathParam("id") long id) {
    return shops.webhook(id);
  }

  @POST
  @Path("events/{id}/retry")
  public ShopifyAnswers.WebhookView retry(@PathParam("id") long id) {
    return shops.retry(id);
  }

  @GET
  @Path("exports")
  public List<ShopifyAnswers.ExportView> exports(@QueryParam("shopId") String shopId) {
    return shops.exports(Params.optionalLong("shopId", shopId));
  }

  @GET
  @Path("exports/{id}")
  public ShopifyAnswers.ExportView export(@PathParam("id") long id) {
    return shops.export(id);
  }
}
