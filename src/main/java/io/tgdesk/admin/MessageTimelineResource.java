package io.tgdesk.admin;

import io.tgdesk.diagnostics.MessageHistory;
import io.tgdesk.web.Params;
import io.tgdesk.web.Problem;
import io.tgdesk.web.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** Why a message arrived late or not at all: its timeline, or a chat's messages of a range. */
@Path("admin/diagnostics/messages")
@RolesAllowed("admin")
@SecurityRequirement(name = "basic")
@Produces(MediaType.APPLICATION_JSON)
public class MessageTimelineResource {

  @Inject MessageHistory history;
  @Inject Clock clock;

  /**
   * @param source {@code outbox} (default: the id is an outbox entry's), {@code conversation} (a
   *     conversation message's: its latest send, edit or deletion) or {@code host-event} (a host
   *     event's: the timelines of the sends it led to)
   */
  @GET
  @Path("{id}")
  @APIResponse(
      responseCode = "200",
      description = "A message's timeline, or the timelines of the sends a host event led to",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema =
                  @Schema(
                      oneOf = {
                        MessageHistory.MessageTimeline.class,
                        MessageHistory.HostEventSends.class
                      })))
  public Response timeline(@PathParam("id") String id, @QueryParam("source") String source) {
    Long n = Params.optionalLong("id", id);
    if (n == null) {
      throw ProblemException.invalid(List.of(new Problem.FieldError("id", "is required")));
    }
    if (source == null || source.isBlank() || source.equals("outbox")) {
      return Response.ok(history.ofEntry(n)).build();
    }
    if (source.equals("conversation")) {
      return Response.ok(history.ofConversationMessage(n)).build();
    }
    if (source.equals("host-event")) {
      return Response.ok(history.ofHostEvent(n)).build();
    }
    throw ProblemException.invalid(
        List.of(new Problem.FieldError("source", "must be outbox, conversation or host-event")));
  }

  /** The messages to a chat enqueued in [from, to) (default: the last day), oldest first. */
  @GET
  public MessageHistory.ChatMessages ofChat(
      @QueryParam("botId") String botId,
      @QueryParam("chatId") String chatId,
      @QueryParam("from") String from,
      @QueryParam("to") String to) {
    Long chat = Params.optionalLong("chatId", chatId);
    if (chat == null) {
      throw ProblemException.invalid(List.of(new Problem.FieldError("chatId", "is required")));
    }
    Instant t = Params.optionalInstant("to", to);
    Instant f = Params.optionalInstant("from", from);
    if (t == null) {
      t = clock.instant().plusMillis(1);
    }
    if (f == null) {
      f = t.minus(Duration.ofDays(1));
    }
    if (!f.isBefore(t)) {
      throw ProblemException.invalid(List.of(new Problem.FieldError("to", "must be after from")));
    }
    return history.ofChat(Params.optionalLong("botId", botId), chat, f, t);
  }
}
