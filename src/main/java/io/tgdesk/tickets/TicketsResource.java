package io.tgdesk.tickets;

import io.tgdesk.web.Page;
import io.tgdesk.web.Params;
import io.tgdesk.web.Problem;
import io.tgdesk.web.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
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

  @Inject Replies replies;
  @Context SecurityContext security;

  /** The body of a status change. */
  public record StatusChange(String status) {}

  /** The body of a reply or an edit: the text and, optionally, Telegram's parse mode. */
  public record Compose(String text, String parseMode) {}

  /** The body of an internal note. */
  public record Note(String text) {}

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

  /** A reply to the customer, sent through the delivery engine; 201 with its delivery state. */
  @POST
  @Path("{id}/replies")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response reply(@PathParam("id") long id, Compose body) {
    TicketId ticket = new TicketId(id);
    long messageId =
        replies.reply(
            ticket,
            caller(),
            body == null ? null : body.text(),
            body == null ? null : body.parseMode());
    return Response.status(Response.Status.CREATED)
        .entity(queries.message(ticket, messageId))
        .build();
  }

  /** Edits a sent reply at Telegram. */
  @PUT
  @Path("{id}/replies/{messageId}")
  @Consumes(MediaType.APPLICATION_JSON)
  public TicketViews.MessageView replaceReply(
      @PathParam("id") long id, @PathParam("messageId") long messageId, Compose body) {
    return edit(id, messageId, body);
  }

  /** Edits a sent reply at Telegram (same as PUT). */
  @PATCH
  @Path("{id}/replies/{messageId}")
  @Consumes(MediaType.APPLICATION_JSON)
  public TicketViews.MessageView editReply(
      @PathParam("id") long id, @PathParam("messageId") long messageId, Compose body) {
    return edit(id, messageId, body);
  }

  /** Deletes a sent reply at Telegram; 202 while the deletion is on its way. */
  @DELETE
  @Path("{id}/replies/{messageId}")
  public Response deleteReply(@PathParam("id") long id, @PathParam("messageId") long messageId) {
    TicketId ticket = new TicketId(id);
    replies.delete(ticket, messageId, caller());
    return Response.accepted(queries.message(ticket, messageId)).build();
  }

  /** An internal note for colleagues, never sent to Telegram. */
  @POST
  @Path("{id}/notes")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response note(@PathParam("id") long id, Note body) {
    TicketId ticket = new TicketId(id);
    long messageId = replies.note(ticket, caller(), body == null ? null : body.text());
    return Response.status(Response.Status.CREATED)
        .entity(queries.message(ticket, messageId))
        .build();
  }

  private TicketViews.MessageView edit(long id, long messageId, Compose body) {
    TicketId ticket = new TicketId(id);
    replies.edit(
        ticket,
        messageId,
        caller(),
        body == null ? null : body.text(),
        body == null ? null : body.parseMode());
    return queries.message(ticket, messageId);
  }

  private Replies.Caller caller() {
    return new Replies.Caller(
        security.getUserPrincipal().getName(), security.isUserInRole("admin"));
  }
}
