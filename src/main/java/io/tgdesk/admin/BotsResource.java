package io.tgdesk.admin;

import io.tgdesk.telegram.botapi.WebhookInfo;
import io.tgdesk.telegram.bots.Bot;
import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.telegram.bots.BotRegistry;
import io.tgdesk.telegram.bots.BotRequest;
import io.tgdesk.telegram.bots.BotView;
import io.tgdesk.telegram.bots.BusinessConnectionView;
import io.tgdesk.telegram.bots.BusinessConnections;
import io.tgdesk.telegram.bots.WebhookRegistration;
import io.tgdesk.web.Change;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** Registers and manages bots, and their webhook registration with Telegram. */
@Path("admin/bots")
@RolesAllowed("admin")
@SecurityRequirement(name = "basic")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class BotsResource {

  @Inject BotRegistry registry;
  @Inject WebhookRegistration webhooks;
  @Inject BusinessConnections connections;

  @POST
  public Response register(
      @Valid @ConvertGroup(to = Creation.class) BotRequest request, @Context UriInfo uriInfo) {
    Bot bot = registry.register(request);
    return Response.created(uriInfo.getAbsolutePathBuilder().path(bot.id().toString()).build())
        .entity(view(bot))
        .build();
  }

  @GET
  public List<BotView> list() {
    return registry.list().stream().map(this::view).toList();
  }

  @GET
  @Path("{id}")
  public BotView get(@PathParam("id") long id) {
    return view(registry.get(BotId.of(id)));
  }

  @PATCH
  @Path("{id}")
  public BotView change(
      @PathParam("id") long id, @Valid @ConvertGroup(to = Change.class) BotRequest request) {
    return view(registry.change(BotId.of(id), request));
  }

  @DELETE
  @Path("{id}")
  public Response delete(@PathParam("id") long id) {
    registry.delete(BotId.of(id));
    return Response.noContent().build();
  }

  @POST
  @Path("{id}/webhook")
  public WebhookInfo registerWebhook(@PathParam("id") long id) {
    return webhooks.register(BotId.of(id));
  }

  @DELETE
  @Path("{id}/webhook")
  public Response removeWebhook(@PathParam("id") long id) {
    webhooks.remove(BotId.of(id));
    return Response.noContent().build();
  }

  @GET
  @Path("{id}/webhook")
  public WebhookInfo webhookInfo(@PathParam("id") long id) {
    return webhooks.info(BotId.of(id));
  }

  /**
   * The bot's Telegram Business connections, most recently updated first: who connected, whether
   * the bot may reply, whether enabled and since when disabled.
   */
  @GET
  @Path("{id}/business-connections")
  public List<BusinessConnectionView> businessConnections(@PathParam("id") long id) {
    BotId bot = registry.get(BotId.of(id)).id();
    return connections.list(bot);
  }

  private BotView view(Bot bot) {
    return BotView.of(bot, registry.webhookUrl(bot.id()));
  }
}
