package io.tgdesk.tickets.replies;

import io.tgdesk.config.Settings;
import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.telegram.outbound.BotMethod;
import io.tgdesk.telegram.outbound.OutboundCall;
import io.tgdesk.telegram.outbound.Outbox;
import io.tgdesk.telegram.outbound.outbox.Lane;
import io.tgdesk.tickets.Customer;
import io.tgdesk.tickets.FloodGuard;
import io.tgdesk.tickets.TextValues;
import io.tgdesk.tickets.Ticket;
import io.tgdesk.tickets.TicketId;
import io.tgdesk.tickets.TicketKind;
import io.tgdesk.tickets.TicketLocks;
import io.tgdesk.tickets.TicketStatus;
import io.tgdesk.tickets.texts.CustomerText;
import io.tgdesk.tickets.texts.CustomerTexts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a ticket's status change shows in Telegram. A topic ticket's topic is renamed with a status
 * prefix and closed or reopened with the ticket, at once (category topic-management). A private
 * ticket's customer gets a notice when {@code tgdesk.tickets.status-notices} is on: changes within
 * the window make one notice naming the last status, none if the status came back to where it was.
 * The window is kept on the ticket, not in the outbox, so that a waiting notice never holds back
 * the agent's replies to the same chat; {@link StatusNoticeSweep} sends what is due. A notice due
 * for a blocked customer, or for a flooding one who got an automatic message within the flood
 * period, is dropped.
 */
@ApplicationScoped
public class StatusNotices {

  static final String NOTICE_CATEGORY = "ticket-status";
  static final String TOPIC_CATEGORY = "topic-management";

  /** Telegram's limit on a topic name. */
  static final int MAX_TOPIC_NAME = 128;

  private static final Map<TicketStatus, String> PREFIXES =
      Map.of(
          TicketStatus.PENDING, "[Pending] ",
          TicketStatus.RESOLVED, "[Resolved] ",
          TicketStatus.CLOSED, "[Closed] ");

  @PersistenceContext EntityManager em;
  @Inject Outbox outbox;
  @Inject Settings settings;
  @Inject Clock clock;
  @Inject TicketLocks locks;
  @Inject FloodGuard floods;
  @Inject CustomerTexts texts;

  /** Called in the transaction that changed the status. */
  @Transactional(Transactional.TxType.MANDATORY)
  public void statusChanged(Ticket ticket, TicketStatus from, TicketStatus to) {
    if (ticket.kind() == TicketKind.TOPIC) {
      updateTopic(ticket, from, to);
    } else if (settings.ticketStatusNotices()) {
      ticket.noticeStatusChange(from, clock.instant().plus(settings.ticketStatusNoticeWindow()));
    }
  }

  /** Tickets whose notice is due, by id (no lock; each is then sent in its own transaction). */
  public List<Long> due(Instant now) {
    return em.createQuery(
            "select t.id from Ticket t where t.statusNoticeDueAt <= :now order by t.id", Long.class)
        .setParameter("now", now)
        .setMaxResults(500)
        .getResultList();
  }

  /**
   * Enqueues the ticket's notice if it is due and the status really changed. The ticket is locked
   * after its customer, whose flood state the notice writes ({@link TicketLocks}).
   */
  @Transactional
  public void sendIfDue(long ticketId) {
    Ticket ticket = locks.lock(new TicketId(ticketId)).orElse(null);
    Instant now = clock.instant();
    if (ticket == null
        || ticket.statusNoticeDueAt() == null
        || ticket.statusNoticeDueAt().isAfter(now)) {
      return;
    }
    if (ticket.status() != ticket.statusNoticeFrom()) {
      // A notice with a hole in it is never sent (a bot's own text may name a missing value).
      noticeText(ticket)
          .filter(text -> floods.tryAutomaticMessage(ticket))
          .ifPresent(
              text ->
                  outbox.enqueue(
                      OutboundCall.text(
                              BotId.of(ticket.botId()),
                              ticket.chatId(),
                              null,
                              text,
                              null,
                              Lane.NOTICE,
                              NOTICE_CATEGORY)
                          .inBusinessChat(ticket.businessConnectionId())));
    }
    ticket.statusNoticeDone();
  }

  /** The notice of the ticket's status in its customer's language; empty when it lacks a value. */
  Optional<String> noticeText(Ticket ticket) {
    Customer customer =
        ticket.customerId() == null ? null : em.find(Customer.class, ticket.customerId());
    CustomerText key =
        switch (ticket.status()) {
          case OPEN -> CustomerText.TICKET_OPEN;
          case PENDING -> CustomerText.TICKET_PENDING;
          case RESOLVED -> CustomerText.TICKET_RESOLVED;
          default -> CustomerText.TICKET_CLOSED;
        };
    CustomerTexts.Rendered r =
        texts.render(
            BotId.of(ticket.botId()),
            customer == null ? null : customer.languageCode(),
            key,
            TextValues.of(ticket, customer));
    return r.complete() ? Optional.of(r.text()) : Optional.empty();
  }

  /** The topic's name for a ticket status: the subject with the status prefix (none when open). */
  public static String topicName(String subject, TicketStatus status) {
    String name = PREFIXES.getOrDefault(status, "") + (subject == null ? "" : subject);
    return name.length() <= MAX_TOPIC_NAME ? name : name.substring(0, MAX_TOPIC_NAME);
  }

  /** A topic name as TgDesk set it, without its status prefix. */
  public static String withoutStatusPrefix(String name) {
    if (name == null) {
      return null;
    }
    for (String prefix : PREFIXES.values()) {
      if (name.startsWith(prefix)) {
        return name.substring(prefix.length());
      }
    }
    return name;
  }

  private void updateTopic(Ticket ticket, TicketStatus from, TicketStatus to) {
    if (from == TicketStatus.CLOSED && to != TicketStatus.CLOSED) {
      enqueueTopicCall(ticket, BotMethod.REOPEN_FORUM_TOPIC, Json.createObjectBuilder().build());
    }
    enqueueTopicCall(
        ticket,
        BotMethod.EDIT_FORUM_TOPIC,
        Json.createObjectBuilder().add("name", topicName(ticket.subject(), to)).build());
    if (to == TicketStatus.CLOSED && from != TicketStatus.CLOSED) {
      enqueueTopicCall(ticket, BotMethod.CLOSE_FORUM_TOPIC, Json.createObjectBuilder().build());
    }
  }

  private void enqueueTopicCall(Ticket ticket, BotMethod method, jakarta.json.JsonObject params) {
    OutboundCall call =
        new OutboundCall(
            BotId.of(ticket.botId()),
            method,
            params,
            ticket.chatId(),
            ticket.threadId(),
            Lane.NOTICE,
            TOPIC_CATEGORY,
            null,
            null,
            false);
    if (method == BotMethod.EDIT_FORUM_TOPIC) {
      // Only the last name matters: a newer rename replaces a pending one.
      call = call.coalescing("topic-name:" + ticket.chatId() + ":" + ticket.threadId(), null);
    }
    outbox.enqueue(call);
  }
}
