package io.tgdesk.hostevents;

import io.tgdesk.tickets.ConversationMessage;
import io.tgdesk.tickets.Customer;
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
 * Turns ticket activity into host events: one row per enabled endpoint that subscribed to the type,
 * written in the transaction of the change itself (so an event exists exactly when its change
 * committed). The dispatcher is woken after the commit.
 */
@ApplicationScoped
public class HostEventPublisher {

  private static final Jsonb JSON = JsonbBuilder.create();

  @PersistenceContext EntityManager em;
  @Inject Event<HostEventsQueued> queued;

  void onActivity(@Observes TicketActivity activity) {
    List<EventEndpoint> endpoints =
        em
            .createQuery(
                "select e from EventEndpoint e where e.enabled = true order by e.id",
                EventEndpoint.class)
            .getResultList()
            .stream()
            .filter(e -> e.wants(activity.type().wireName()))
            .toList();
    if (endpoints.isEmpty()) {
      return;
    }
    String eventId = UUID.randomUUID().toString();
    String payload = JSON.toJson(payloadOf(eventId, activity));
    for (EventEndpoint endpoint : endpoints) {
      em.persist(
          new HostEvent(
              eventId,
              endpoint.id(),
              activity.type().wireName(),
              activity.ticketId().value(),
              payload,
              activity.at()));
    }
    queued.fire(new HostEventsQueued());
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
                m.deliveryError());
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
            c == null
                ? null
                : c.erasedAt() != null
                    ? new EventPayload.CustomerPart(c.id(), null, null, null, null)
                    : new EventPayload.CustomerPart(
                        c.id(),
                        c.telegramUserId(),
                        c.displayName(),
                        c.username(),
                        c.languageCode()),
            t.createdAt(),
            t.updatedAt()),
        message);
  }
}
