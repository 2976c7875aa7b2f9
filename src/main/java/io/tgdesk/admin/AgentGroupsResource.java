package io.tgdesk.admin;

import io.tgdesk.agents.AgentsGroupLoad;
import io.tgdesk.agents.AgentsGroupView;
import io.tgdesk.agents.AgentsGroups;
import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.web.Params;
import io.tgdesk.web.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
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

/**
 * Registers forum supergroups where agents answer customers (each ticket a topic). Registering the
 * same chat with another bot adds that bot to the group.
 */
@Path("admin/agent-groups")
@RolesAllowed("admin")
@SecurityRequirement(name = "basic")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AgentGroupsResource {

  /**
   * A registration.
   *
   * @param queue the queue whose tickets the group takes; left out: the tickets of its bots
   * @param coalesceTexts whether customers' texts not yet sent are combined while the group's
   *     budget is short; left out: on for a new group, unchanged for a known one
   */
  public record Registration(
      @NotNull(message = "is required") Long botId,
      @NotNull(message = "is required") Long chatId,
      @Size(min = 1, max = 100) String queue,
      Boolean coalesceTexts) {}

  @Inject AgentsGroups groups;
  @Inject AgentsGroupLoad load;

  @POST
  public Response register(@Valid @NotNull(message = "a body is required") Registration body) {
    AgentsGroupView view =
        groups.register(BotId.of(body.botId()), body.chatId(), body.queue(), body.coalesceTexts());
    return Response.status(Response.Status.CREATED).entity(view).build();
  }

  @GET
  public List<AgentsGroupView> list() {
    return groups.list();
  }

  /** Each group's budget use and backlog, per bot that serves it. */
  @GET
  @Path("load")
  public List<AgentsGroupLoad.GroupLoad> load() {
    return load.all();
  }

  /** One group's budget use and backlog. */
  @GET
  @Path("{chatId}/load")
  public AgentsGroupLoad.GroupLoad load(@PathParam("chatId") long chatId) {
    return load.find(chatId)
        .orElseThrow(
            () -> ProblemException.notFound("No agents group with chat id " + chatId + "."));
  }

  /** Removes the group, or only one of its bots ({@code ?botId=}). */
  @DELETE
  @Path("{chatId}")
  public Response delete(@PathParam("chatId") long chatId, @QueryParam("botId") String botId) {
    Long bot = Params.optionalLong("botId", botId);
    groups.delete(chatId, bot == null ? null : BotId.of(bot));
    return Response.noContent().build();
  }
}
