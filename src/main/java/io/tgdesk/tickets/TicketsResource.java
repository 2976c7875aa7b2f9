package io.tgdesk.tickets;

import io.tgdesk.files.FileId;
import io.tgdesk.files.FileKind;
import io.tgdesk.files.FileLimits;
import io.tgdesk.files.FileStore;
import io.tgdesk.tickets.queues.TicketAssignment;
import io.tgdesk.tickets.replies.InlineButtons;
import io.tgdesk.tickets.replies.Replies;
import io.tgdesk.web.Page;
import io.tgdesk.web.PageParams;
import io.tgdesk.web.Params;
import io.tgdesk.web.Problem;
import io.tgdesk.web.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
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
import jakarta.ws.rs.core.EntityPart;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
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
  @Inject FileStore files;
  @Inject TicketAssignment work;
  @Context SecurityContext security;

  /** The body of a status change. */
  public record StatusChange(String status) {}

  /**
   * The body of a reply or an edit: the text and, optionally, Telegram's parse mode. A reply may
   * name files uploaded before ({@code POST /api/files}) as {@code attachments}; the text is then
   * their caption (optional, at most 1,024 characters). A reply without files may carry inline
   * buttons, rows of {@code {label, value}} (a value is at most 64 bytes of UTF-8).
   */
  public record Compose(
      String text,
      String parseMode,
      List<AttachmentRef> attachments,
      List<List<InlineButtons.Button>> buttons) {}

  /**
   * A file of a reply: the id {@code POST /api/files} answered, and optionally how to send it:
   * photo, document, video, audio or voice (left out: as its type suggests).
   */
  public record AttachmentRef(Long fileId, String kind) {}

  /** The body of an internal note. */
  public record Note(String text) {}

  /** The body of an assignment: a user name, or null to unassign. */
  public record Assignment(String assignee) {}

  /** The body of a queue move: a queue name, or null for none. */
  public record QueueMove(String queue) {}

  /**
   * A page of tickets, most recently updated first, narrowed by any of: status (comma-separated),
   * queue, assignee (a user name, {@code me} or {@code none}), botId, customerId, q (text in the
   * subject or any message), updatedSince (ISO-8601 instant).
   */
  @GET
  public Page<TicketViews.Summary> list(
      @QueryParam("status") String status,
      @QueryParam("queue") String queue,
      @QueryParam("assignee") String assignee,
      @QueryParam("botId") String botId,
      @QueryParam("customerId") String customerId,
      @QueryParam("q") String text,
      @QueryParam("updatedSince") String updatedSince,
      @BeanParam PageParams paging) {
    List<Problem.FieldError> errors = new ArrayList<>();
    Set<TicketStatus> statuses = null;
    if (status != null && !status.isBlank()) {
      statuses = EnumSet.noneOf(TicketStatus.class);
      for (String s : status.split(",")) {
        try {
          statuses.add(TicketStatus.parse(s));
        } catch (IllegalArgumentException e) {
          errors.add(new Problem.FieldError("status", e.getMessage()));
          break;
        }
      }
    }
    Instant since = null;
    try {
      since = Params.optionalInstant("updatedSince", updatedSince);
    } catch (ProblemException e) {
      errors.addAll(e.errors()); // reported with the other fields' errors
    }
    if (text != null && text.length() > 200) {
      errors.add(new Problem.FieldError("q", "is longer than 200 characters"));
    }
    if (!errors.isEmpty()) {
      throw ProblemException.invalid(errors);
    }
    String who = blankToNull(assignee);
    boolean unassigned = "none".equals(who);
    if ("me".equals(who)) {
      who = security.getUserPrincipal().getName();
    }
    TicketFilter filter =
        new TicketFilter(
            statuses,
            blankToNull(queue),
            unassigned ? null : who,
            unassigned,
            Params.optionalLong("botId", botId),
            Params.optionalLong("customerId", customerId),
            blankToNull(text),
            since);
    return queries.list(filter, paging.page(), paging.size());
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
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
    lifecycle.changeStatus(new TicketId(id), body == null ? null : body.status(), caller());
    return queries.get(new TicketId(id));
  }

  /** A reply to the customer, sent through the delivery engine; 201 with its delivery state. */
  @POST
  @Path("{id}/replies")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response reply(@PathParam("id") long id, Compose body) {
    TicketId ticket = new TicketId(id);
    long messageId =
        body != null && body.attachments() != null && !body.attachments().isEmpty()
            ? replies.replyWithFiles(
                ticket,
                caller(),
                body.text(),
                body.parseMode(),
                attachments(body.attachments(), body.buttons()))
            : replies.reply(
                ticket,
                caller(),
                body == null ? null : body.text(),
                body == null ? null : body.parseMode(),
                body == null ? null : body.buttons());
    return Response.status(Response.Status.CREATED)
        .entity(queries.message(ticket, messageId))
        .build();
  }

  /**
   * A reply with files, as multipart/form-data: one or more parts {@code file}, and optionally
   * {@code text} (the caption), {@code parseMode} and {@code kind} (how every file is sent: photo,
   * document, video, audio or voice). Each file is streamed into storage, held to the bot's limit
   * as it arrives; 201 with the reply, its attachments and its delivery state.
   */
  @POST
  @Path("{id}/replies")
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  public Response replyWithFiles(@PathParam("id") long id, List<EntityPart> parts)
      throws java.io.IOException {
    TicketId ticket = new TicketId(id);
    String text = null;
    String parseMode = null;
    FileKind kind = null;
    for (EntityPart part : parts == null ? List.<EntityPart>of() : parts) {
      switch (part.getName()) {
        case "text" -> text = part.getContent(String.class);
        case "parseMode" -> parseMode = blankToNull(part.getContent(String.class));
        case "kind" -> kind = kindOf("kind", part.getContent(String.class));
        default -> {}
      }
    }
    FileLimits.checkCaption("text", text);
    List<FileId> stored = new ArrayList<>();
    try {
      for (EntityPart part : parts == null ? List.<EntityPart>of() : parts) {
        if (!"file".equals(part.getName())) {
          continue;
        }
        // A named kind is held to its limit as it streams; an inferred one (a large picture goes
        // as a document) to the upload limit, and to its kind's when the reply is made.
        Replies.UploadLimit limit = replies.uploadLimit(ticket, kind);
        try (java.io.InputStream in = part.getContent()) {
          stored.add(
              files
                  .store(
                      part.getFileName().orElse("file"),
                      part.getMediaType() == null ? null : part.getMediaType().toString(),
                      in,
                      caller().name(),
                      limit.bytes(),
                      limit.words())
                  .id());
        }
      }
      if (stored.isEmpty()) {
        throw FileLimits.unprocessable(
            "file", "is required: one or more multipart parts named file");
      }
      List<Replies.Attachment> attachments = new ArrayList<>();
      for (FileId f : stored) {
        attachments.add(new Replies.Attachment(f, kind));
      }
      long messageId = replies.replyWithFiles(ticket, caller(), text, parseMode, attachments);
      return Response.status(Response.Status.CREATED)
          .entity(queries.message(ticket, messageId))
          .build();
    } catch (RuntimeException refused) {
      stored.forEach(files::discard); // nothing of a refused reply stays
      throw refused;
    }
  }

  private static List<Replies.Attachment> attachments(
      List<AttachmentRef> refs, List<List<InlineButtons.Button>> buttons) {
    if (buttons != null && !buttons.isEmpty()) {
      throw FileLimits.unprocessable(
          "buttons",
          "go with a text reply only, not with attachments: send them in a reply of their own");
    }
    List<Replies.Attachment> out = new ArrayList<>();
    for (int i = 0; i < refs.size(); i++) {
      AttachmentRef r = refs.get(i);
      if (r == null || r.fileId() == null) {
        throw FileLimits.unprocessable("attachments[" + i + "].fileId", "is required");
      }
      out.add(
          new Replies.Attachment(
              FileId.of(r.fileId()), kindOf("attachments[" + i + "].kind", r.kind())));
    }
    return out;
  }

  /** A kind of file by name; null for none; 422 for an unknown one. */
  private static FileKind kindOf(String field, String name) {
    if (name == null || name.isBlank()) {
      return null;
    }
    return FileKind.parse(name)
        .orElseThrow(
            () ->
                FileLimits.unprocessable(
                    field, "must be one of photo, document, video, audio, voice"));
  }

  /**
   * Shows "typing..." in the customer's chat: 202 when a chat action was queued, 204 when one sent
   * or queued within the last 4 s covers it (nothing more is sent). It goes on the lowest lane, is
   * dropped when it could not go within 4 s, and never goes ahead of a message for the chat.
   */
  @POST
  @Path("{id}/typing")
  public Response typing(@PathParam("id") long id) {
    boolean queued = replies.typing(new TicketId(id));
    return queued ? Response.accepted().build() : Response.noContent().build();
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

  /** Assigns the ticket to an agent (or unassigns it); recorded in the conversation. */
  @PUT
  @Path("{id}/assignee")
  @Consumes(MediaType.APPLICATION_JSON)
  public TicketViews.Detail assign(@PathParam("id") long id, Assignment body) {
    work.assign(new TicketId(id), body == null ? null : blankToNull(body.assignee()), caller());
    return queries.get(new TicketId(id));
  }

  /** Moves the ticket to a queue (or out of any); recorded in the conversation. */
  @PUT
  @Path("{id}/queue")
  @Consumes(MediaType.APPLICATION_JSON)
  public TicketViews.Detail moveToQueue(@PathParam("id") long id, QueueMove body) {
    work.moveToQueue(new TicketId(id), body == null ? null : blankToNull(body.queue()), caller());
    return queries.get(new TicketId(id));
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

  private Caller caller() {
    return new Caller(security.getUserPrincipal().getName(), security.isUserInRole("admin"));
  }
}
