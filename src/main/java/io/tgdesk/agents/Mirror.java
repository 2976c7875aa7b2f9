package io.tgdesk.agents;

import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.telegram.outbound.BotMethod;
import io.tgdesk.telegram.outbound.OutboundCall;
import io.tgdesk.telegram.outbound.Outbox;
import io.tgdesk.telegram.outbound.outbox.DeliveryStateChanged;
import io.tgdesk.telegram.outbound.outbox.Lane;
import io.tgdesk.telegram.outbound.outbox.OutboxState;
import io.tgdesk.tickets.Author;
import io.tgdesk.tickets.ConversationMessage;
import io.tgdesk.tickets.Ticket;
import io.tgdesk.tickets.TicketActivity;
import io.tgdesk.tickets.TicketKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Mirrors what customers write into their tickets' topics, through the outbox only. Observes
 * tickets' {@link TicketActivity} in the transaction that received the message, so that a message
 * is mirrored if and only if it was received; a message whose topic is still being created waits
 * (state WAITING) and is queued, in order, in the transaction that learns the topic's thread.
 * Mirrored calls go on the {@link #LANE notice lane}: below agent replies, so that mirroring never
 * delays an answer to a customer. Follows the engine's events to record each copy's message id in
 * the group.
 */
@ApplicationScoped
public class Mirror {

  /** The lane of everything sent into agents groups. */
  static final Lane LANE = Lane.NOTICE;

  /** The category of mirrored customer messages in the outbox and its audit. */
  public static final String CATEGORY = "agents-mirror";

  @PersistenceContext EntityManager em;
  @Inject AgentTopics topics;
  @Inject Outbox outbox;
  @Inject Clock clock;

  void onActivity(@Observes TicketActivity activity) {
    switch (activity.type()) {
      case MESSAGE_RECEIVED -> {
        if (activity.messageId() != null) {
          received(activity.messageId());
        }
      }
      case TICKET_UPDATED -> {
        if ("status".equals(activity.change())) {
          topics.statusChanged(activity.ticketId());
        }
      }
      default -> {
        // Nothing else shows in the group.
      }
    }
  }

  private void received(long messageId) {
    ConversationMessage message = em.find(ConversationMessage.class, messageId);
    if (message == null || message.author() != Author.CUSTOMER || message.internal()) {
      return;
    }
    if (message.text() == null && message.mediaType() == null) {
      return;
    }
    Ticket ticket = em.find(Ticket.class, message.ticketId());
    if (ticket == null || ticket.kind() != TicketKind.PRIVATE) {
      return;
    }
    Optional<AgentTopic> topic = topics.lockOrCreate(ticket);
    if (topic.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    MirroredMessage mirrored =
        new MirroredMessage(
            topic.get(),
            message.id(),
            message.mediaType() == null ? MirroredMessage.Kind.TEXT : MirroredMessage.Kind.COPY,
            now);
    em.persist(mirrored);
    if (topic.get().threadId() != null) {
      send(topic.get(), ticket, mirrored, message, now);
    }
  }

  /** Queues every waiting copy of the topic, oldest first, now that its thread is known. */
  private void release(AgentTopic topic) {
    List<MirroredMessage> waiting =
        em.createQuery(
                "select m from MirroredMessage m where m.topicId = :t and m.state = :s"
                    + " order by m.id",
                MirroredMessage.class)
            .setParameter("t", topic.id())
            .setParameter("s", MirroredMessage.State.WAITING)
            .getResultList();
    if (waiting.isEmpty()) {
      return;
    }
    Ticket ticket = em.find(Ticket.class, topic.ticketId());
    Instant now = clock.instant();
    for (MirroredMessage m : waiting) {
      ConversationMessage message = em.find(ConversationMessage.class, m.messageId());
      if (message == null || ticket == null) {
        continue;
      }
      send(topic, ticket, m, message, now);
    }
  }

  private void send(
      AgentTopic topic,
      Ticket ticket,
      MirroredMessage mirrored,
      ConversationMessage message,
      Instant now) {
    BotId bot = BotId.of(topic.botId());
    OutboundCall call;
    if (mirrored.kind() == MirroredMessage.Kind.COPY && topic.botId() == ticket.botId()) {
      // The customer's own bot serves the group: a copy, no download and no upload.
      call =
          new OutboundCall(
              bot,
              BotMethod.COPY_MESSAGE,
              Json.createObjectBuilder()
                  .add("from_chat_id", ticket.chatId())
                  .add("message_id", message.telegramMessageId())
                  .build(),
              topic.chatId(),
              topic.threadId(),
              LANE,
              CATEGORY,
              null,
              null,
              false);
    } else {
      String text =
          mirrored.kind() == MirroredMessage.Kind.TEXT
              ? message.text()
              : "["
                  + message.mediaType()
                  + "]"
                  + (message.text() == null ? "" : " " + message.text());
      call = OutboundCall.text(bot, topic.chatId(), topic.threadId(), text, null, LANE, CATEGORY);
    }
    mirrored.queued(outbox.enqueue(call), 1, now);
  }

  /**
   * In the engine's transaction of each state change: a created topic releases its waiting copies;
   * a settled copy records its message id in the group (or why it failed).
   */
  void onDelivery(@Observes DeliveryStateChanged event) {
    if (event.followUpDue()) {
      return; // it comes again, with false, when retried on its own
    }
    if (AgentTopics.CATEGORY.equals(event.category())
        && BotMethod.CREATE_FORUM_TOPIC.wireName().equals(event.method())
        && event.to() == OutboxState.SENT) {
      topics.created(event.entryId()).ifPresent(this::release);
      return;
    }
    if (!CATEGORY.equals(event.category())
        || event.to() == OutboxState.IN_FLIGHT
        || event.to() == OutboxState.PENDING) {
      return;
    }
    boolean sent = event.to() == OutboxState.SENT;
    em.createQuery(
            "update MirroredMessage m set m.state = :s, m.groupMessageId = :g, m.error = :e,"
                + " m.updatedAt = :at where m.outboxEntryId = :entry")
        .setParameter("s", sent ? MirroredMessage.State.SENT : MirroredMessage.State.FAILED)
        .setParameter("g", sent ? event.telegramMessageId() : null)
        .setParameter("e", sent ? null : io.tgdesk.schema.Columns.fit(event.error(), 1000))
        .setParameter("at", event.at())
        .setParameter("entry", event.entryId())
        .executeUpdate();
  }
}
