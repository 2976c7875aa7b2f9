package io.tgdesk.tickets.canned;

import io.tgdesk.tickets.Caller;
import io.tgdesk.tickets.TicketId;
import io.tgdesk.tickets.TicketQueries;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** A canned response for a ticket's customer, rendered for the ticket: previewed or sent. */
@Path("tickets/{id}/canned-responses")
@RolesAllowed({"agent", "admin"})
@SecurityRequirement(name = "basic")
@Produces(MediaType.APPLICATION_JSON)
public class TicketCannedResponsesResource {

  @Inject CannedResponses canned;
  @Inject TicketQueries queries;
  @Context SecurityContext security;

  /** The text as it would go to this ticket's customer now; nothing is sent. */
  @GET
  @Path("{cannedId}")
  public CannedResponses.Preview preview(
      @PathParam("id") long id, @PathParam("cannedId") long cannedId) {
    return canned.preview(new TicketId(id), cannedId, caller());
  }

  /** Sent like a reply: 201 with the message (rendered text) and its delivery state. */
  @POST
  @Path("{cannedId}")
  public Response send(@PathParam("id") long id, @PathParam("cannedId") long cannedId) {
    TicketId ticket = new TicketId(id);
    long messageId = canned.send(ticket, cannedId, caller());
    return Response.status(Response.Status.CREATED)
        .entity(queries.message(ticket, messageId))
        .build();
  }

  private Caller caller() {
    return new Caller(security.getUserPrincipal().getName(), security.isUserInRole("admin"));
  }
}
