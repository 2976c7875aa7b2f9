package io.tgdesk.admin;

import io.tgdesk.agents.TelegramAgentView;
import io.tgdesk.agents.TelegramAgents;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** Maps Telegram users to TgDesk agents: who answers when they write in an agents group. */
@Path("admin/agents/telegram")
@RolesAllowed("admin")
@SecurityRequirement(name = "basic")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TelegramAgentsResource {

  /**
   * A mapping.
   *
   * @param user the TgDesk user name the agent's replies carry
   */
  public record Mapping(
      @NotNull(message = "is required") @Positive Long telegramUserId,
      @NotNull(message = "is required") @NotBlank(message = "is required") @Size(max = 200)
          String user) {}

  @Inject TelegramAgents agents;

  @POST
  public Response map(@Valid @NotNull(message = "a body is required") Mapping body) {
    TelegramAgentView view = agents.map(body.telegramUserId(), body.user().strip());
    return Response.status(Response.Status.CREATED).entity(view).build();
  }

  @GET
  public List<TelegramAgentView> list() {
    return agents.list();
  }

  @DELETE
  @Path("{telegramUserId}")
  public Response unmap(@PathParam("telegramUserId") long telegramUserId) {
    agents.unmap(telegramUserId);
    return Response.noContent().build();
  }
}
