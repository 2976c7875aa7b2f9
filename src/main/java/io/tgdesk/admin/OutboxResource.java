package io.tgdesk.admin;

import io.tgdesk.routing.IdempotentMessages;
import io.tgdesk.routing.RoutedMessages;
import io.tgdesk.telegram.outbound.OutboxAdministration;
import io.tgdesk.telegram.outbound.OutboxView;
import io.tgdesk.telegram.outbound.outbox.OutboxState;
import io.tgdesk.web.Page;
import io.tgdesk.web.PageParams;
import io.tgdesk.web.Params;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** The delivery engine for admins: send notices and bulk text, inspect and steer the outbox. */
@Path("admin")
@RolesAllowed("admin")
@SecurityRequirement(name = "basic")
@Produces(MediaType.APPLICATION_JSON)
public class OutboxResource {

  @Inject RoutedMessages messages;
  @Inject IdempotentMessages once;
  @Inject OutboxAdministration outbox;

  @POST
  @Path("messages")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response send(JsonObject body, @HeaderParam("Idempotency-Key") String idempotencyKey) {
    if (idempotencyKey != null) {
      return Response.accepted(once.send(body, idempotencyKey))
          .type(MediaType.APPLICATION_JSON)
          .build();
    }
    return Response.accepted(messages.send(body)).build();
  }

  @GET
  @Path("outbox")
  public Page<OutboxView> list(
      @QueryParam("state") String state,
      @QueryParam("botId") String botId,
      @QueryParam("chatId") String chatId,
      @BeanParam PageParams paging) {
    return outbox.list(
        Params.optionalEnum("state", state, OutboxState.class),
        Params.optionalLong("botId", botId),
        Params.optionalLong("chatId", chatId),
        paging.page(),
        paging.size());
  }

  @GET
  @Path("outbox/stats")
  public Map<String, Object> stats() {
    return outbox.stats();
  }

  @GET
  @Path("outbox/{id}")
  public OutboxView get(@PathParam("id") long id) {
    return outbox.get(id);
  }

  @POST
  @Path("outbox/{id}/retry")
  public OutboxView retry(@PathParam("id") long id) {
    return outbox.retry(id);
  }

  @POST
  @Path("outbox/{id}/cancel")
  public OutboxView cancel(@PathParam("id") long id) {
    return outbox.cancel(id);
  }
}
