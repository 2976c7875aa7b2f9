package io.tgdesk.tickets;

import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.tickets.queues.QueueRouting;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Optional;

/**
 * What the intakes of tickets share ({@link CustomerMessages}, {@link SystemEntries} and {@code
 * tickets.topics.TopicEvents}): finding and creating customers, finding tickets, messages and topic
 * groups, and opening a new ticket in its queue. Every method joins the caller's transaction.
 */
@ApplicationScoped
@Transactional
public class TicketIntake {

  @PersistenceContext EntityManager em;
  @Resource TransactionSynchronizationRegistry transaction;
  @Inject QueueRouting routing;
  @Inject TicketEvents events;

  /**
   * The bot's customer with this Telegram user id, if they ever wrote or were recorded. A customer
   * found once is taken from the transaction's persistence context the next time (an update's
   * processing looks for its sender more than once: whether they are blocked, then their ticket).
   */
  public Optional<Customer> findCustomer(BotId botId, long telegramUserId) {
    CustomerKey key = new CustomerKey(botId.value(), telegramUserId);
    if (transaction.getResource(key) instanceof Long id) {
      Customer known = em.find(Customer.class, id);
      if (known != null) {
        return Optional.of(known);
      }
    }
    Optional<Customer> found =
        em.createQuery(
                "select c from Customer c where c.botId = :bot and c.telegramUserId = :user",
                Customer.class)
            .setParameter("bot", botId.value())
            .setParameter("user", telegramUserId)
            .getResultStream()
            .findFirst();
    found.ifPresent(c -> transaction.putResource(key, c.id()));
    return found;
  }

  /** Under which a transaction remembers the id of a customer it found. */
  private record CustomerKey(long botId, long telegramUserId) {}

  /** The bot's customer for the sender, created if new, else refreshed with the sender's names. */
  public Customer upsertCustomer(BotId botId, InboundMessage.Sender sender, Instant now) {
    Optional<Customer> found = findCustomer(botId, sender.userId());
    if (found.isEmpty()) {
      Customer c = new Customer(botId.value(), sender, now);
      em.persist(c);
      em.flush();
      transaction.putResource(new CustomerKey(botId.value(), sender.userId()), c.id());
      return c;
    }
    Customer c = found.get();
    c.refresh(sender, now);
    return c;
  }

  /** The registered topic group of the bot in that chat. */
  public Optional<TopicGroup> findTopicGroup(BotId botId, ChatId chatId) {
    return em.createQuery(
            "select g from TopicGroup g where g.botId = :bot and g.chatId = :chat",
            TopicGroup.class)
        .setParameter("bot", botId.value())
        .setParameter("chat", chatId.value())
        .getResultStream()
        .findFirst();
  }

  /** The ticket of a topic of a registered topic group. */
  public Optional<Ticket> findTopicTicket(BotId botId, ChatId chatId, long threadId) {
    return findTopicGroup(botId, chatId).flatMap(g -> topicTicket(g, threadId));
  }

  /** The ticket of a topic of this topic group. */
  public Optional<Ticket> topicTicket(TopicGroup group, long threadId) {
    return em.createQuery("select t from Ticket t where t.topicKey = :key", Ticket.class)
        .setParameter("key", Ticket.topicKey(group.id(), threadId))
        .getResultStream()
        .findFirst();
  }

  /** The customer's active (open or pending) private ticket with the bot. */
  Optional<Ticket> activeTicketOf(BotId botId, Customer customer) {
    return activeTicketOf(botId, customer, null);
  }

  /**
   * The customer's active ticket in their chat with a business account that connected the bot
   * ({@code businessConnectionId}), or with the bot itself (null).
   */
  Optional<Ticket> activeTicketOf(BotId botId, Customer customer, String businessConnectionId) {
    return em.createQuery("select t from Ticket t where t.openKey = :key", Ticket.class)
        .setParameter("key", Ticket.openKey(botId.value(), customer.id(), businessConnectionId))
        .getResultStream()
        .findFirst();
  }

  /** The conversation message with this Telegram message id in the bot's own chat. */
  public Optional<ConversationMessage> findMessage(BotId botId, long chatId, long messageId) {
    return findMessage(botId, chatId, null, messageId);
  }

  /**
   * The conversation message with this Telegram message id in the chat, seen through a business
   * account's connection (its id) or the bot itself (null): the two count message ids apart.
   */
  public Optional<ConversationMessage> findMessage(
      BotId botId, long chatId, String businessConnectionId, long messageId) {
    return em.createQuery(
            "select m from ConversationMessage m where m.botId = :bot and m.chatId = :chat"
                + " and m.businessConnectionId = :connection and m.telegramMessageId = :id",
            ConversationMessage.class)
        .setParameter("bot", botId.value())
        .setParameter("chat", chatId)
        .setParameter("connection", businessConnectionId == null ? "" : businessConnectionId)
        .setParameter("id", messageId)
        .getResultStream()
        .findFirst();
  }

  /**
   * A system message (a topic event) in the ticket, stored once per Telegram message id; the
   * ticket's last activity moves on either way.
   */
  public void addSystemMessage(
      Ticket ticket, long chatId, long messageId, String text, Instant date, Instant now) {
    if (findMessage(BotId.of(ticket.botId()), chatId, messageId).isEmpty()) {
      em.persist(ConversationMessage.system(ticket, chatId, messageId, text, date, now));
    }
    ticket.messageArrived(now);
  }

  /** A new ticket, routed into its queue (and assigned) by its first text. */
  public Ticket open(Ticket ticket, String firstText) {
    em.persist(ticket);
    em.flush();
    routing.route(ticket, firstText);
    events.created(ticket);
    return ticket;
  }

  /** A new ticket, put into the named queue (and assigned by its strategy). */
  Ticket openInQueue(Ticket ticket, String queueName) {
    em.persist(ticket);
    em.flush();
    routing.place(ticket, queueName, null);
    events.created(ticket);
    return ticket;
  }
}
