package io.tgdesk.hostevents;

import io.tgdesk.config.Settings;
import io.tgdesk.tickets.ConversationMessage;
import io.tgdesk.tickets.Customer;
import io.tgdesk.tickets.CustomerActivity;
import io.tgdesk.tickets.Ticket;
import io.tgdesk.tickets.TicketActivity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.UUID;

/**
 * Turns ticket and customer activity into host events: one row per enabled endpoint that subscribed
 * to the type, written in the transaction of the change itself (so an event exists exactly when its
 * change committed). The dispatcher is woken after the commit.
 */
@ApplicationScoped
public class HostEventPublisher {

  private static final Jsonb JSON = JsonbBuilder.create();

  @PersistenceContext EntityManager em;
  @Inject Event<HostEventsQueued> queued;
  @Inject Settings settings;

  void onActivity(@Observes TicketActivity activity) {
    queue(
        activity.type().wireName(),
        activity.ticketId().value(),
        null,
        eventId -> payloadOf(eventId, activity),
        activity.at());
  }

  void onCustomerActivity(@Observes CustomerActivity activity) {
    String type = activity.type().wireName();
    queue(
        type,
        null,
        activity.customerId().value(),
        eventId -> {
          Customer c = em.find(Customer.class, activity.customerId().value());
          return new EventPayload(
              eventId, type, activity.at(), null, null, null, customerPart(c, true), null);
        },
        activity.at());
  }

  /** One row per endpoint that wants the type, for a ticket or (ticketId null) a customer. */
  private void queue(
      String type,
      Long ticketId,
      Long customerId,
      java.util.function.Function<String, EventPayload> payload,
      java.time.Instant at) {
    List<EventEndpoint> endpoints = enabledEndpoints().stream().filter(e -> e.wants(type)).toList();
    if (endpoints.isEmpty()) {
      return;
    }
    String eventId = UUID.randomUUID().toString();
    String json = JSON.toJson(payload.apply(eventId));
    for (EventEndpoint endpoint : endpoints) {
      em.persist(new HostEvent(eventId, endpoint.id(), type, ticketId, customerId, json, at));
    }
    queued.fire(new HostEventsQueued());
  }

  /**
   * The enabled endpoints, in id order. On PostgreSQL each is read with a key-share lock, held to
   * the end of the change's transaction, so that an endpoint's deletion (which locks it first, see
   * {@link HostEvents#delete}) waits for the change instead of breaking the foreign key of the
   * event the change writes for it: without it a change lost about one time in three while
   * endpoints were deleted, and after five losses in a row it was answered 409. Derby has no shared
   * lock that leaves other changes free, and its foreign key check waits for the deletion anyway.
   */
  @SuppressWarnings("unchecked")
  private List<EventEndpoint> enabledEndpoints() {
    if (settings.onPostgres()) {
      return em.createNativeQuery(
              "SELECT * FROM event_endpoint WHERE enabled = TRUE ORDER BY id FOR KEY SHARE",
              EventEndpoint.class)
          .getResultList();
    }
    return em.createQuery(
            "select e from EventEndpoint e where e.enabled = true order by e.id",
            EventEndpoint.class)
        .getResultList();
  }

  /**
   * The customer as an event shows it: in a customer event with the bot and the block always; in a
   * ticket's, the block only while it holds.
   */
  private static EventPayload.CustomerPart customerPart(Customer c, boolean customerEvent) {
    if (c == null) {
      return null;
    }
    if (c.erasedAt() != null) {
      return new EventPayload.CustomerPart(
          c.id(), customerEvent ? c.botId() : null, null, null, null, null, null, null, null, null);
    }
    boolean showBlock = customerEvent || c.blocked();
    return new EventPayload.CustomerPart(
        c.id(),
        customerEvent ? c.botId() : null,
        c.telegramUserId(),
        c.displayName(),
        c.username(),
        c.languageCode(),
        showBlock ? c.blocked() : null,
        showBlock ? c.blockedReason() : null,
        showBlock ? c.blockedAt() : null,
        showBlock ? c.blockedBy() : null);
  }

  private EventPayload payloadOf(String eventId, TicketActivity activity) {
    Ticket t = em.find(Ticket.class, activity.ticketId().value());
    Customer c = t.customerId() == null ? null : em.find(Customer.class, t.customerId());
    EventPayload.MessagePart message = null;
    if (activity.messageId() != null) {
      ConversationMessage m = em.find(ConversationMessage.class, activity.messageId());
      if (m != null) {
        message =
            new EventPayload.MessagePart(
                m.id(),
                m.author().name().toLowerCase(),
                m.senderName(),
                m.text(),
                m.telegramMessageId(),
                m.mediaType(),
                m.fileId(),
                m.telegramDate() != null ? m.telegramDate() : m.createdAt(),
                m.deliveryState(),
                m.deliveryError(),
                m.buttonValue() == null
                    ? null
                    : new EventPayload.ButtonPart(m.buttonLabel(), m.buttonValue()));
      }
    }
    return new EventPayload(
        eventId,
        activity.type().wireName(),
        activity.at(),
        activity.change(),
        new EventPayload.TicketPart(
            t.id().value(),
            t.botId(),
            t.kind().name().toLowerCase(),
            t.status().wireName(),
            t.subject(),
            t.chatId(),
            t.threadId(),
            t.queue(),
            t.assignee(),
            customerPart(c, false),
            t.createdAt(),
            t.updatedAt()),
        message,
        null,
        activity.type() == TicketActivity.Type.TICKET_RATED && t.rating() != null
            ? new EventPayload.RatingPart(t.rating(), t.ratingComment(), t.ratedAt())
            : null);
  }
}
