package io.tgdesk.tickets;

import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.tickets.queues.AfterHours;
import io.tgdesk.tickets.replies.InlineButtons;
import io.tgdesk.tickets.replies.Ratings;
import io.tgdesk.tickets.replies.StatusNotices;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Turns customers' messages (in a private chat, or in a topic of a topic group) and their edits
 * into tickets and conversation messages. Every method joins the caller's transaction and is
 * idempotent: applying the same message twice stores it once.
 */
@ApplicationScoped
@Transactional
public class CustomerMessages {

  private static final int SUBJECT_LENGTH = 80;

  @PersistenceContext EntityManager em;
  @Inject Clock clock;
  @Inject TicketIntake intake;
  @Inject StatusNotices notices;
  @Inject AfterHours afterHours;
  @Inject TicketEvents events;
  @Inject FloodGuard floods;
  @Inject Ratings ratings;

  /** A message in a private chat: joins the customer's active ticket, or opens a new one. */
  public Ticket recordPrivateMessage(InboundMessage m) {
    Instant now = clock.instant();
    Customer customer = intake.upsertCustomer(m.botId(), m.sender(), now);
    Optional<ConversationMessage> existing =
        intake.findMessage(m.botId(), m.chatId().value(), m.messageId());
    if (existing.isPresent()) {
      return em.find(Ticket.class, existing.get().ticketId());
    }
    Ticket ticket =
        intake
            .activeTicketOf(m.botId(), customer)
            .or(() -> latestResolvedTicketOf(m.botId(), customer))
            .orElseGet(
                () ->
                    intake.open(
                        Ticket.forPrivateChat(
                            m.botId().value(), customer, m.chatId().value(), subjectOf(m), now),
                        m.text()));
    if (m.media() == null && ratings.tryComment(ticket, m.text(), now)) {
      // The comment on a fresh rating: kept in the conversation, but the ticket stays resolved
      // and no after-hours reply answers it.
      ConversationMessage comment = ConversationMessage.fromCustomer(ticket, m, now);
      em.persist(comment);
      em.flush();
      floods.customerWrote(ticket, customer, now);
      ticket.messageArrived(now);
      events.received(ticket, comment);
      return ticket;
    }
    reopenOnCustomerMessage(ticket, now);
    addCustomerMessage(ticket, customer, m, now);
    return ticket;
  }

  /**
   * A customer's message in their chat with a business account that connected the bot (Telegram
   * Business, connection {@code businessConnectionId}): joins the customer's active ticket of that
   * connection, or opens a new one, as a private chat does. Whether anything may be sent back is
   * decided where messages are sent (the connection may be disabled): the message is kept either
   * way.
   */
  public Ticket recordBusinessMessage(String businessConnectionId, InboundMessage m) {
    Instant now = clock.instant();
    Customer customer = intake.upsertCustomer(m.botId(), m.sender(), now);
    Optional<ConversationMessage> existing =
        intake.findMessage(m.botId(), m.chatId().value(), businessConnectionId, m.messageId());
    if (existing.isPresent()) {
      return em.find(Ticket.class, existing.get().ticketId());
    }
    Ticket ticket =
        intake
            .activeTicketOf(m.botId(), customer, businessConnectionId)
            .or(() -> latestResolvedTicketOf(m.botId(), customer, businessConnectionId))
            .orElseGet(
                () ->
                    intake.open(
                        Ticket.forBusinessChat(
                            m.botId().value(),
                            customer,
                            m.chatId().value(),
                            businessConnectionId,
                            subjectOf(m),
                            now),
                        m.text()));
    reopenOnCustomerMessage(ticket, now);
    addCustomerMessage(ticket, customer, m, now);
    return ticket;
  }

  /**
   * Messages the customer deleted in a business account's chat: each stored one is marked deleted
   * (its text stays for the agents). Returns how many were found.
   */
  public int recordBusinessDeletions(
      BotId botId, ChatId chatId, String businessConnectionId, List<Long> messageIds) {
    Instant now = clock.instant();
    int found = 0;
    for (Long id : messageIds) {
      if (id == null) {
        continue;
      }
      Optional<ConversationMessage> m =
          intake.findMessage(botId, chatId.value(), businessConnectionId, id);
      if (m.isPresent()) {
        m.get().deletedInChat(now);
        found++;
      }
    }
    return found;
  }

  /**
   * A press of an inline button, as the customer's answer: stored in the ticket of the message that
   * carries the button ({@code m.replyToMessageId()}), or for a private chat in the customer's
   * active ticket (a resolved one reopens, as with a message; none opens a new one). The text is
   * the button's label ({@code m.text()}, else as the reply stored it, else the value).
   *
   * @param value the button's value (callback data)
   * @return the ticket; empty when the press belongs to no ticket (a group message of none)
   */
  public Optional<Ticket> recordButtonPress(InboundMessage m, String value) {
    Instant now = clock.instant();
    Customer customer =
        m.sender() == null ? null : intake.upsertCustomer(m.botId(), m.sender(), now);
    Optional<ConversationMessage> pressed =
        m.replyToMessageId() == null
            ? Optional.empty()
            : intake.findMessage(m.botId(), m.chatId().value(), m.replyToMessageId());
    Ticket ticket =
        pressed
            .map(p -> em.find(Ticket.class, p.ticketId()))
            .filter(t -> t.status() != TicketStatus.CLOSED)
            .orElse(null);
    if (ticket == null) {
      if (m.threadId() != null || m.chatId().value() < 0 || customer == null) {
        return Optional.empty();
      }
      ticket =
          intake
              .activeTicketOf(m.botId(), customer)
              .or(() -> latestResolvedTicketOf(m.botId(), customer))
              .orElseGet(
                  () ->
                      intake.open(
                          Ticket.forPrivateChat(
                              m.botId().value(),
                              customer,
                              m.chatId().value(),
                              "Button pressed",
                              now),
                          m.text()));
    }
    String label =
        m.text() != null
            ? m.text()
            : pressed.flatMap(p -> InlineButtons.labelOf(p.buttons(), value)).orElse(null);
    reopenOnCustomerMessage(ticket, now);
    ConversationMessage answer = ConversationMessage.fromButtonPress(ticket, m, label, value, now);
    em.persist(answer);
    em.flush();
    if (customer != null) {
      floods.customerWrote(ticket, customer, now);
    }
    ticket.messageArrived(now);
    events.received(ticket, answer);
    return Optional.of(ticket);
  }

  /** A message in a topic of a registered topic group: the topic's ticket, created if missing. */
  public Ticket recordTopicMessage(TopicGroup group, InboundMessage m) {
    Instant now = clock.instant();
    Customer customer =
        m.sender() == null ? null : intake.upsertCustomer(m.botId(), m.sender(), now);
    Optional<ConversationMessage> existing =
        intake.findMessage(m.botId(), m.chatId().value(), m.messageId());
    if (existing.isPresent()) {
      return em.find(Ticket.class, existing.get().ticketId());
    }
    Ticket ticket =
        intake
            .topicTicket(group, m.threadId())
            .orElseGet(
                () ->
                    intake.open(
                        Ticket.forTopic(
                            group.botId(),
                            group,
                            m.threadId(),
                            customer,
                            "Topic " + m.threadId(),
                            now),
                        m.text()));
    reopenOnCustomerMessage(ticket, now);
    addCustomerMessage(ticket, customer, m, now);
    return ticket;
  }

  /**
   * An edited message: keeps the previous text as a revision and stores the new one. Empty when the
   * message is unknown (the caller may then record it as a new message).
   */
  public Optional<ConversationMessage> recordEdit(
      BotId botId, ChatId chatId, long messageId, String newText, Instant editedAt) {
    return recordEdit(botId, chatId, null, messageId, newText, editedAt);
  }

  /**
   * As {@link #recordEdit(BotId, ChatId, long, String, Instant)}, for a message of a business
   * account's chat ({@code businessConnectionId}; null: the bot's own chat).
   */
  public Optional<ConversationMessage> recordEdit(
      BotId botId,
      ChatId chatId,
      String businessConnectionId,
      long messageId,
      String newText,
      Instant editedAt) {
    Optional<ConversationMessage> found =
        intake.findMessage(botId, chatId.value(), businessConnectionId, messageId);
    found.ifPresent(
        msg -> {
          boolean sameText = newText == null ? msg.text() == null : newText.equals(msg.text());
          boolean alreadyApplied =
              msg.editedAt() != null && editedAt != null && !editedAt.isAfter(msg.editedAt());
          if (!sameText && !alreadyApplied) {
            em.persist(
                new MessageRevision(
                    msg.id(), msg.text(), editedAt == null ? clock.instant() : editedAt));
            msg.edit(newText, editedAt);
            Ticket ticket = em.find(Ticket.class, msg.ticketId());
            if (ticket != null) {
              ticket.messageArrived(clock.instant());
            }
            events.customerEdited(msg);
          }
        });
    return found;
  }

  /**
   * The customer's most recent ticket if it is resolved: their next message reopens it (a closed
   * ticket stays closed and the message opens a new one).
   */
  private Optional<Ticket> latestResolvedTicketOf(BotId botId, Customer customer) {
    return latestResolvedTicketOf(botId, customer, null);
  }

  private Optional<Ticket> latestResolvedTicketOf(
      BotId botId, Customer customer, String businessConnectionId) {
    var query =
        em.createQuery(
                "select t from Ticket t where t.botId = :bot and t.customerId = :customer"
                    + " and t.kind = io.tgdesk.tickets.TicketKind.PRIVATE"
                    + (businessConnectionId == null
                        ? " and t.businessConnectionId is null"
                        : " and t.businessConnectionId = :connection")
                    + " order by t.id desc",
                Ticket.class)
            .setParameter("bot", botId.value())
            .setParameter("customer", customer.id());
    if (businessConnectionId != null) {
      query.setParameter("connection", businessConnectionId);
    }
    return query
        .setMaxResults(1)
        .getResultStream()
        .findFirst()
        .filter(t -> t.status() == TicketStatus.RESOLVED);
  }

  /**
   * The customer wrote: a ticket waiting on them (pending) or resolved is open again (a topic loses
   * its status prefix; a private chat's customer needs no notice of it).
   */
  private void reopenOnCustomerMessage(Ticket ticket, Instant now) {
    TicketStatus was = ticket.status();
    if (was == TicketStatus.PENDING || was == TicketStatus.RESOLVED) {
      ticket.changeStatus(TicketStatus.OPEN, now);
      events.updated(ticket, "status");
      if (ticket.kind() == TicketKind.TOPIC) {
        notices.statusChanged(ticket, was, TicketStatus.OPEN);
      }
    }
  }

  /**
   * Stores the message in the ticket, whatever the customer's pace: a flood is flagged (and holds
   * back automatic messages), never dropped.
   */
  private void addCustomerMessage(Ticket ticket, Customer customer, InboundMessage m, Instant now) {
    ConversationMessage message = ConversationMessage.fromCustomer(ticket, m, now);
    em.persist(message);
    em.flush();
    if (customer != null) {
      floods.customerWrote(ticket, customer, now);
    }
    ticket.messageArrived(now);
    events.received(ticket, message);
    afterHours.customerWrote(ticket);
  }

  private static String subjectOf(InboundMessage m) {
    String text = m.text();
    if (text == null || text.isBlank()) {
      return m.media() == null ? "New conversation" : "New conversation (" + m.media().type() + ")";
    }
    String line = text.strip().lines().findFirst().orElse("");
    return line.length() <= SUBJECT_LENGTH ? line : line.substring(0, SUBJECT_LENGTH - 1) + "…";
  }
}
