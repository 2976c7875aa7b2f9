package io.tgdesk.tickets;

import io.tgdesk.events.HostEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;

/** What tickets tell the host platform, in the transaction of each change. */
@ApplicationScoped
public class TicketEvents {

  @Inject HostEvents events;

  void created(Ticket t) {
    events.publish(
        "ticket.created",
        t.id().value(),
        Json.createObjectBuilder().add("ticket", ticket(t)).build());
  }

  void updated(Ticket t, String change) {
    events.publish(
        "ticket.updated",
        t.id().value(),
        Json.createObjectBuilder().add("change", change).add("ticket", ticket(t)).build());
  }

  void received(Ticket t, ConversationMessage m) {
    events.publish(
        "message.received",
        t.id().value(),
        Json.createObjectBuilder().add("message", message(m)).build());
  }

  void replyDelivered(ConversationMessage m, boolean sent) {
    JsonObjectBuilder data = Json.createObjectBuilder().add("message", message(m));
    if (!sent) {
      data.add("state", m.deliveryState());
      add(data, "error", m.deliveryError());
    }
    events.publish(sent ? "message.sent" : "message.failed", m.ticketId(), data.build());
  }

  private static JsonObjectBuilder ticket(Ticket t) {
    JsonObjectBuilder b =
        Json.createObjectBuilder()
            .add("id", t.id().value())
            .add("botId", t.botId())
            .add("kind", t.kind().name().toLowerCase(java.util.Locale.ROOT))
            .add("status", t.status().wireName())
            .add("chatId", t.chatId());
    add(b, "subject", t.subject());
    add(b, "queue", t.queue());
    add(b, "assignee", t.assignee());
    if (t.customerId() != null) {
      b.add("customerId", t.customerId());
    }
    if (t.threadId() != null) {
      b.add("threadId", t.threadId());
    }
    return b;
  }

  private static JsonObjectBuilder message(ConversationMessage m) {
    JsonObjectBuilder b =
        Json.createObjectBuilder()
            .add("id", m.id())
            .add("ticketId", m.ticketId())
            .add("author", m.author().name().toLowerCase(java.util.Locale.ROOT));
    add(b, "text", m.text());
    add(b, "senderName", m.senderName());
    if (m.senderUserId() != null) {
      b.add("senderUserId", m.senderUserId());
    }
    if (m.telegramMessageId() != null) {
      b.add("telegramMessageId", m.telegramMessageId());
    }
    add(b, "mediaType", m.mediaType());
    return b;
  }

  private static void add(JsonObjectBuilder b, String key, String value) {
    if (value != null) {
      b.add(key, value);
    }
  }
}
