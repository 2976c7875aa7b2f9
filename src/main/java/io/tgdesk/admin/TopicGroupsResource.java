package io.tgdesk.admin;

import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.tickets.topics.TopicGroupRegistry;
import io.tgdesk.tickets.topics.TopicGroupView;
import io.tgdesk.web.Params;
import io.tgdesk.web.Problem;
import io.tgdesk.web.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
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
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** Registers forum supergroups whose topics become tickets. */
@Path("admin/topic-groups")
@RolesAllowed("admin")
@SecurityRequirement(name = "basic")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TopicGroupsResource {

  /** The body of a registration. */
  public record Registration(Long botId, Long chatId) {}

  @Inject TopicGroupRegistry registry;

  @POST
  public Response register(Registration body) {
    List<Problem.FieldError> errors = new ArrayList<>();
    if (body == null || body.botId() == null)
      errors.add(new Problem.FieldError("botId", "is required"));
    if (body == null || body.chatId() == null)
      errors.add(new Problem.FieldError("chatId", "is required"));
    if (!errors.isEmpty()) {
      throw ProblemException.invalid(errors);
    }
    TopicGroupView view = registry.register(BotId.of(body.botId()), body.chatId());
    return Response.status(Response.Status.CREATED).entity(view).build();
  }

  @GET
  public List<TopicGroupView> list(@QueryParam("botId") String botId) {
    Long bot = Params.optionalLong("botId", botId);
    return registry.list(bot == null ? null : BotId.of(bot));
  }

  @DELETE
  @Path("{id}")
  public Response delete(@PathParam("id") long id) {
    registry.delete(id);
    return Response.noContent().build();
  }
}
