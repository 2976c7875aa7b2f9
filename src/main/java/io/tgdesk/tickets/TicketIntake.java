package io.tgdesk.tickets;

import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.tickets.queues.AfterHours;
import io.tgdesk.tickets.queues.QueueRouting;
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
 * Turns routed customer messages and topic events into tickets and conversation messages. Every
 * method joins the caller's transaction and is idempotent: applying the same message twice stores
 * it once.
 */
@ApplicationScoped
@Transactional
public class TicketIntake {

  private static final int SUBJECT_LENGTH = 80;

  @PersistenceContext EntityManager em;
  @Inject Clock clock;
  @Inject StatusNotices notices;
  @Inject QueueRouting routing;
  @Inject AfterHours afterHours;
  @Inject TicketEvents events;

  /** A message in a private chat: joins the customer's active ticket, or opens a new one. */
  public Ticket recordPrivateMessage(InboundMessage m) {
    Instant now = clock.instant();
    Customer customer = upsertCustomer(m.botId(), m.sender(), now);
    Optional<ConversationMessage> existing =
        findMessage(m.botId(), m.chatId().value(), m.messageId());
    if (existing.isPresent()) {
      return em.find(Ticket.class, existing.get().ticketId());
    }
    Ticket ticket =
        activeTicketOf(m.botId(), customer)
            .or(() -> latestResolvedTicketOf(m.botId(), customer))
            .orElseGet(
                () ->
                    persistNew(
                        Ticket.forPrivateChat(
                            m.botId().value(), customer, m.chatId().value(), subjectOf(m), now),
                        m.text()));
    reopenOnCustomerMessage(ticket, now);
    addCustomerMessage(ticket, m, now);
    return ticket;
  }

  /** A message in a topic of a registered topic group: the topic's ticket, created if missing. */
  public Ticket recordTopicMessage(TopicGroup group, InboundMessage m) {
    Instant now = clock.instant();
    Customer customer = m.sender() == null ? null : upsertCustomer(m.botId(), m.sender(), now);
    Optional<ConversationMessage> existing =
        findMessage(m.botId(), m.chatId().value(), m.messageId());
    if (existing.isPresent()) {
      return em.find(Ticket.class, existing.get().ticketId());
    }
    Ticket ticket =
        topicTicket(group, m.threadId())
            .orElseGet(
                () ->
                    persistNew(
                        Ticket.forTopic(
                            group.botId(),
                            group,
                            m.threadId(),
                            customer,
                            "Topic " + m.threadId(),
                            now),
                        m.text()));
    reopenOnCustomerMessage(ticket, now);
    addCustomerMessage(ticket, m, now);
    return ticket;
  }

  /** forum_topic_created: the topic's ticket, named after the topic. */
  public Ticket topicCreated(
      TopicGroup group,
      long threadId,
      String name,
      InboundMessage.Sender creator,
      long messageId,
      Instant date) {
    Instant now = clock.instant();
    Customer customer =
        creator == null ? null : upsertCustomer(BotId.of(group.botId()), creator, now);
    Ticket ticket = topicTicket(group, threadId).orElse(null);
    if (ticket == null) {
      ticket =
          persistNew(Ticket.forTopic(group.botId(), group, threadId, customer, name, now), name);
    } else if (name != null) {
      ticket.rename(name, now);
    }
    addSystemMessage(ticket, group.chatId(), messageId, "Topic created: " + name, date, now);
    return ticket;
  }

  /** forum_topic_edited: renames the ticket when the topic got a new name. */
  public Optional<Ticket> topicEdited(
      TopicGroup group, long threadId, String newName, long messageId, Instant date) {
    Instant now = clock.instant();
    Optional<Ticket> ticket = topicTicket(group, threadId);
    ticket.ifPresent(
        t -> {
          if (newName != null) {
            // TgDesk's own renames come back here with the status prefix it added.
            t.rename(StatusNotices.withoutStatusPrefix(newName), now);
            addSystemMessage(t, group.chatId(), messageId, "Topic renamed: " + newName, date, now);
          }
        });
    return ticket;
  }

  /** forum_topic_closed / forum_topic_reopened: closes or reopens the topic's ticket. */
  public Optional<Ticket> topicClosedOrReopened(
      TopicGroup group, long threadId, boolean closed, long messageId, Instant date) {
    Instant now = clock.instant();
    Optional<Ticket> ticket = topicTicket(group, threadId);
    ticket.ifPresent(
        t -> {
          t.changeStatus(closed ? TicketStatus.CLOSED : TicketStatus.OPEN, now);
          events.updated(t, "status");
          addSystemMessage(
              t, group.chatId(), messageId, closed ? "Topic closed" : "Topic reopened", date, now);
        });
    return ticket;
  }

  /**
   * An edited message: keeps the previous text as a revision and stores the new one. Empty when the
   * message is unknown (the caller may then record it as a new message).
   */
  public Optional<ConversationMessage> recordEdit(
      BotId botId, ChatId chatId, long messageId, String newText, Instant editedAt) {
    Optional<ConversationMessage> found = findMessage(botId, chatId.value(), messageId);
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
          }
        });
    return found;
  }

  /** A group became a supergroup: its topic group and tickets follow the new chat id. */
  public int migrateChat(BotId botId, ChatId from, ChatId to) {
    Instant now = clock.instant();
    int changed = 0;
    for (TopicGroup g :
        em.createQuery(
                "select g from TopicGroup g where g.botId = :bot and g.chatId = :chat",
                TopicGroup.class)
            .setParameter("bot", botId.value())
            .setParameter("chat", from.value())
            .getResultList()) {
      g.migrateTo(to.value());
      changed++;
    }
    for (Ticket t :
        em.createQuery(
                "select t from Ticket t where t.botId = :bot and t.chatId = :chat", Ticket.class)
            .setParameter("bot", botId.value())
            .setParameter("chat", from.value())
            .getResultList()) {
      t.migrateChat(to.value(), now);
      changed++;
    }
    return changed;
  }

  /** The ticket of a topic of a registered topic group. */
  public Optional<Ticket> findTopicTicket(BotId botId, ChatId chatId, long threadId) {
    return findTopicGroup(botId, chatId).flatMap(g -> topicTicket(g, threadId));
  }

  /**
   * The engine created a new topic in place of a deleted one: the topic's ticket becomes the new
   * topic (messages in it land on the same ticket), with a system message at the new topic's
   * creation message. Nothing happens when no ticket had the old topic, or one already has the new.
   */
  public Optional<Ticket> topicRecreated(
      BotId botId, ChatId chatId, long oldThreadId, long newThreadId) {
    Instant now = clock.instant();
    Optional<TopicGroup> group = findTopicGroup(botId, chatId);
    if (group.isEmpty() || topicTicket(group.get(), newThreadId).isPresent()) {
      return Optional.empty();
    }
    Optional<Ticket> ticket = topicTicket(group.get(), oldThreadId);
    ticket.ifPresent(
        t -> {
          t.moveToThread(newThreadId, now);
          em.flush();
          addSystemMessage(
              t,
              chatId.value(),
              newThreadId,
              "Topic recreated (the previous topic " + oldThreadId + " was deleted)",
              now,
              now);
        });
    return ticket;
  }

  /** Where {@link #recordSystemEntry} put an entry: the ticket and the conversation message. */
  public record SystemEntry(TicketId ticketId, long messageId, boolean newTicket) {}

  /**
   * A system entry (for example an order event from a shop) in the private ticket of the bot's
   * customer with this Telegram user id: the customer's active ticket, or, when none is active and
   * {@code openIfNone}, a new one with {@code subject}, placed in the queue {@code queueName}
   * (assigned by its strategy; routed as any new ticket when null or unknown). The customer is
   * created when the user never wrote to the bot (the private chat id is the user id). Empty when
   * there is no active ticket and {@code openIfNone} is false.
   */
  public Optional<SystemEntry> recordSystemEntry(
      BotId botId,
      long telegramUserId,
      String subject,
      String text,
      boolean openIfNone,
      String queueName) {
    Instant now = clock.instant();
    Customer customer =
        findCustomer(botId, telegramUserId)
            .orElseGet(
                () ->
                    upsertCustomer(
                        botId,
                        new InboundMessage.Sender(telegramUserId, null, null, null, null),
                        now));
    Optional<Ticket> active = activeTicketOf(botId, customer);
    if (active.isEmpty() && !openIfNone) {
      return Optional.empty();
    }
    Ticket ticket =
        active.orElseGet(
            () ->
                persistNewInQueue(
                    Ticket.forPrivateChat(
                        botId.value(), customer, telegramUserId, truncate(subject, 256), now),
                    queueName));
    ConversationMessage message =
        ConversationMessage.system(ticket, ticket.chatId(), null, text, now, now);
    em.persist(message);
    em.flush();
    ticket.messageArrived(now);
    return Optional.of(new SystemEntry(ticket.id(), message.id(), active.isEmpty()));
  }

  /**
   * Deletes system entries by id (those of other authors are left alone): for erasing data a
   * customer asked to be forgotten. The tickets stay.
   *
   * @return how many were deleted
   */
  public int eraseSystemEntries(java.util.Collection<Long> messageIds) {
    if (messageIds.isEmpty()) {
      return 0;
    }
    int deleted = 0;
    for (Long id : messageIds) {
      ConversationMessage m = em.find(ConversationMessage.class, id);
      if (m != null && m.author() == Author.SYSTEM) {
        em.remove(m);
        deleted++;
      }
    }
    return deleted;
  }

  private Optional<Customer> findCustomer(BotId botId, long telegramUserId) {
    return em.createQuery(
            "select c from Customer c where c.botId = :bot and c.telegramUserId = :user",
            Customer.class)
        .setParameter("bot", botId.value())
        .setParameter("user", telegramUserId)
        .getResultStream()
        .findFirst();
  }

  private static String truncate(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }

  public Optional<TopicGroup> findTopicGroup(BotId botId, ChatId chatId) {
    return em.createQuery(
            "select g from TopicGroup g where g.botId = :bot and g.chatId = :chat",
            TopicGroup.class)
        .setParameter("bot", botId.value())
        .setParameter("chat", chatId.value())
        .getResultStream()
        .findFirst();
  }

  private Customer upsertCustomer(BotId botId, InboundMessage.Sender sender, Instant now) {
    List<Customer> found =
        em.createQuery(
                "select c from Customer c where c.botId = :bot and c.telegramUserId = :user",
                Customer.class)
            .setParameter("bot", botId.value())
            .setParameter("user", sender.userId())
            .getResultList();
    if (found.isEmpty()) {
      Customer c = new Customer(botId.value(), sender, now);
      em.persist(c);
      em.flush();
      return c;
    }
    Customer c = found.get(0);
    c.refresh(sender, now);
    return c;
  }

  private Optional<Ticket> activeTicketOf(BotId botId, Customer customer) {
    return em.createQuery("select t from Ticket t where t.openKey = :key", Ticket.class)
        .setParameter("key", Ticket.openKey(botId.value(), customer.id()))
        .getResultStream()
        .findFirst();
  }

  /**
   * The customer's most recent ticket if it is resolved: their next message reopens it (a closed
   * ticket stays closed and the message opens a new one).
   */
  private Optional<Ticket> latestResolvedTicketOf(BotId botId, Customer customer) {
    return em.createQuery(
            "select t from Ticket t where t.botId = :bot and t.customerId = :customer"
                + " and t.kind = io.tgdesk.tickets.TicketKind.PRIVATE order by t.id desc",
            Ticket.class)
        .setParameter("bot", botId.value())
        .setParameter("customer", customer.id())
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

  private Optional<Ticket> topicTicket(TopicGroup group, long threadId) {
    return em.createQuery("select t from Ticket t where t.topicKey = :key", Ticket.class)
        .setParameter("key", Ticket.topicKey(group.id(), threadId))
        .getResultStream()
        .findFirst();
  }

  private Optional<ConversationMessage> findMessage(BotId botId, long chatId, long messageId) {
    return em.createQuery(
            "select m from ConversationMessage m where m.botId = :bot and m.chatId = :chat"
                + " and m.telegramMessageId = :id",
            ConversationMessage.class)
        .setParameter("bot", botId.value())
        .setParameter("chat", chatId)
        .setParameter("id", messageId)
        .getResultStream()
        .findFirst();
  }

  private void addCustomerMessage(Ticket ticket, InboundMessage m, Instant now) {
    ConversationMessage message = ConversationMessage.fromCustomer(ticket, m, now);
    em.persist(message);
    em.flush();
    ticket.messageArrived(now);
    events.received(ticket, message);
    afterHours.customerWrote(ticket);
  }

  private void addSystemMessage(
      Ticket ticket, long chatId, long messageId, String text, Instant date, Instant now) {
    if (findMessage(BotId.of(ticket.botId()), chatId, messageId).isEmpty()) {
      em.persist(ConversationMessage.system(ticket, chatId, messageId, text, date, now));
    }
    ticket.messageArrived(now);
  }

  /** A new ticket, routed into its queue (and assigned) by its first text. */
  private Ticket persistNew(Ticket ticket, String firstText) {
    em.persist(ticket);
    em.flush();
    routing.route(ticket, firstText);
    events.created(ticket);
    return ticket;
  }

  /** A new ticket, put into the named queue (and assigned by its strategy). */
  private Ticket persistNewInQueue(Ticket ticket, String queueName) {
    em.persist(ticket);
    em.flush();
    routing.place(ticket, queueName, null);
    events.created(ticket);
    return ticket;
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
