package io.tgdesk.tickets.queues;

import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.telegram.outbound.OutboundCall;
import io.tgdesk.telegram.outbound.Outbox;
import io.tgdesk.telegram.outbound.outbox.Lane;
import io.tgdesk.tickets.ConversationMessage;
import io.tgdesk.tickets.Customer;
import io.tgdesk.tickets.FloodGuard;
import io.tgdesk.tickets.TextValues;
import io.tgdesk.tickets.Ticket;
import io.tgdesk.tickets.texts.CustomerText;
import io.tgdesk.tickets.texts.CustomerTexts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The after-hours auto-reply: when a customer writes while their ticket's queue is closed (its
 * business hours, on the injected clock), the queue's own reply, or without one the default
 * after-hours text in the customer's language ({@link CustomerText#AFTER_HOURS}), goes out once per
 * ticket per closed period, through the engine, and is recorded in the conversation. None goes to a
 * blocked customer, nor to a flooding one who got an automatic message within the flood period (a
 * later message of the same closed period may then get it).
 */
@ApplicationScoped
public class AfterHours {

  static final String CATEGORY = "after-hours";

  /** Names the closed period of a queue that never opens again. */
  static final Instant NEVER = Instant.parse("9999-12-31T00:00:00Z");

  @PersistenceContext EntityManager em;
  @Inject Outbox outbox;
  @Inject Clock clock;
  @Inject FloodGuard floods;
  @Inject CustomerTexts texts;

  @Transactional(Transactional.TxType.MANDATORY)
  public void customerWrote(Ticket ticket) {
    if (ticket.queue() == null) {
      return;
    }
    TicketQueue queue =
        em.createQuery("select q from TicketQueue q where q.name = :n", TicketQueue.class)
            .setParameter("n", ticket.queue())
            .getResultStream()
            .findFirst()
            .orElse(null);
    if (queue == null) {
      return;
    }
    BusinessHours hours = queue.businessHours().orElse(null);
    Instant now = clock.instant();
    if (hours == null || hours.isOpen(now)) {
      return;
    }
    Instant periodEnd = hours.nextOpening(now).orElse(NEVER);
    if (periodEnd.equals(ticket.afterHoursReplied())) {
      return;
    }
    Optional<String> text = replyText(queue, ticket);
    if (text.isEmpty() || !floods.tryAutomaticMessage(ticket)) {
      return;
    }
    outbox.enqueue(
        OutboundCall.text(
                BotId.of(ticket.botId()),
                ticket.chatId(),
                ticket.threadId(),
                text.get(),
                null,
                Lane.NOTICE,
                CATEGORY)
            .inBusinessChat(ticket.businessConnectionId()));
    em.persist(ConversationMessage.automatic(ticket, text.get(), now));
    ticket.afterHoursReplied(periodEnd);
  }

  /**
   * The queue's own reply as written, else the default after-hours text in the customer's language;
   * empty when that lacks a value (a bot's own text may name one).
   */
  private Optional<String> replyText(TicketQueue queue, Ticket ticket) {
    if (queue.afterHoursReply() != null && !queue.afterHoursReply().isBlank()) {
      return Optional.of(queue.afterHoursReply());
    }
    Customer customer =
        ticket.customerId() == null ? null : em.find(Customer.class, ticket.customerId());
    CustomerTexts.Rendered r =
        texts.render(
            BotId.of(ticket.botId()),
            customer == null ? null : customer.languageCode(),
            CustomerText.AFTER_HOURS,
            TextValues.of(ticket, customer));
    return r.complete() ? Optional.of(r.text()) : Optional.empty();
  }
}
