package io.tgdesk.tickets;

import io.tgdesk.web.Page;
import io.tgdesk.web.Params;
import io.tgdesk.web.Problem;
import io.tgdesk.web.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** Tickets for agents and admins. */
@Path("tickets")
@RolesAllowed({"agent", "admin"})
@SecurityRequirement(name = "basic")
@Produces(MediaType.APPLICATION_JSON)
public class TicketsResource {

  @Inject TicketQueries queries;
  @Inject TicketLifecycle lifecycle;

  /** The body of a status change. */
  public record StatusChange(String status) {}

  @GET
  public Page<TicketViews.Summary> list(
      @QueryParam("status") String status,
      @QueryParam("botId") String botId,
      @QueryParam("page") String page,
      @QueryParam("size") String size) {
    int[] paging =
        Page.validate(Params.optionalInt("page", page), Params.optionalInt("size", size));
    TicketStatus parsed = null;
    if (status != null && !status.isBlank()) {
      try {
        parsed = TicketStatus.parse(status);
      } catch (IllegalArgumentException e) {
        throw ProblemException.invalid(List.of(new Problem.FieldError("status", e.getMessage())));
      }
    }
    return queries.list(parsed, Params.optionalLong("botId", botId), paging[0], paging[1]);
  }

  @GET
  @Path("{id}")
  public TicketViews.Detail get(@PathParam("id") long id) {
    return queries.get(new TicketId(id));
  }

  @POST
  @Path("{id}/status")
  @Consumes(MediaType.APPLICATION_JSON)
  public TicketViews.Detail changeStatus(@PathParam("id") long id, StatusChange body) {
    lifecycle.changeStatus(new TicketId(id), body == null ? null : body.status());
    return queries.get(new TicketId(id));
  }
}
