package io.tgdesk.admin;

import io.tgdesk.routing.ChatRouting;
import io.tgdesk.routing.PoolId;
import io.tgdesk.routing.RouteView;
import io.tgdesk.routing.RoutingRuleRequest;
import io.tgdesk.routing.RoutingRuleView;
import io.tgdesk.routing.RoutingRules;
import io.tgdesk.routing.Target;
import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.telegram.outbound.outbox.Lane;
import io.tgdesk.web.Params;
import io.tgdesk.web.Problem.FieldError;
import io.tgdesk.web.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** Routing rules (queue or topic group to bot or pool), and a dry run of the routing. */
@Path("admin/routing")
@RolesAllowed("admin")
@SecurityRequirement(name = "basic")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RoutingResource {

  @Inject RoutingRules rules;
  @Inject ChatRouting routing;

  @POST
  @Path("rules")
  public Response create(RoutingRuleRequest request, @Context UriInfo uriInfo) {
    RoutingRuleView rule = rules.create(request);
    return Response.created(uriInfo.getAbsolutePathBuilder().path(Long.toString(rule.id())).build())
        .entity(rule)
        .build();
  }

  @GET
  @Path("rules")
  public List<RoutingRuleView> list() {
    return rules.list();
  }

  @GET
  @Path("rules/{id}")
  public RoutingRuleView get(@PathParam("id") long id) {
    return rules.view(id);
  }

  @PATCH
  @Path("rules/{id}")
  public RoutingRuleView change(@PathParam("id") long id, RoutingRuleRequest request) {
    return rules.change(id, request);
  }

  @DELETE
  @Path("rules/{id}")
  public Response delete(@PathParam("id") long id) {
    rules.delete(id);
    return Response.noContent().build();
  }

  @GET
  @Path("resolve")
  public RouteView resolve(
      @QueryParam("chatId") String chatId,
      @QueryParam("botId") String botId,
      @QueryParam("poolId") String poolId,
      @QueryParam("queue") String queue,
      @QueryParam("topicGroupId") String topicGroupId,
      @QueryParam("lane") String lane) {
    Long chat = Params.optionalLong("chatId", chatId);
    Long bot = Params.optionalLong("botId", botId);
    Long pool = Params.optionalLong("poolId", poolId);
    Long group = Params.optionalLong("topicGroupId", topicGroupId);
    if (chat == null) {
      throw ProblemException.invalid(List.of(new FieldError("chatId", "is required")));
    }
    int given =
        (bot == null ? 0 : 1)
            + (pool == null ? 0 : 1)
            + (queue == null ? 0 : 1)
            + (group == null ? 0 : 1);
    if (given != 1) {
      throw ProblemException.invalid(
          List.of(
              new FieldError(
                  "botId", "give exactly one of botId, poolId, queue and topicGroupId")));
    }
    Lane parsedLane;
    try {
      parsedLane = lane == null ? Lane.NOTICE : Lane.parse(lane);
    } catch (IllegalArgumentException e) {
      throw ProblemException.invalid(List.of(new FieldError("lane", e.getMessage())));
    }
    Target target =
        new Target(
            bot == null ? null : BotId.of(bot),
            pool == null ? null : PoolId.of(pool),
            queue,
            group);
    return routing.resolve(target, chat, parsedLane);
  }
}
