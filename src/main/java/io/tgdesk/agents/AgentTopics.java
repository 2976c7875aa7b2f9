package io.tgdesk.agents;

import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.telegram.outbound.BotMethod;
import io.tgdesk.telegram.outbound.OutboundCall;
import io.tgdesk.telegram.outbound.Outbox;
import io.tgdesk.telegram.outbound.TopicDirectory;
import io.tgdesk.telegram.outbound.TopicMoved;
import io.tgdesk.telegram.outbound.outbox.OutboxEntry;
import io.tgdesk.telegram.outbound.outbox.OutboxState;
import io.tgdesk.tickets.Customer;
import io.tgdesk.tickets.Ticket;
import io.tgdesk.tickets.TicketId;
import io.tgdesk.tickets.TicketStatus;
import io.tgdesk.tickets.replies.StatusNotices;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.io.StringReader;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The topic of each mirrored ticket: created exactly once (the ticket's row is locked while the
 * topic is looked for, and a unique key on the ticket stops a second one on another server) through
 * the outbox's createForumTopic; named after the customer and the ticket with the status prefix
 * TgDesk uses for topic names; renamed, closed and reopened with the ticket. Answers the engine's
 * {@link TopicDirectory}, so that a deleted topic is created again under its name, and follows it
 * ({@link TopicMoved}).
 */
@ApplicationScoped
public class AgentTopics implements TopicDirectory {

  /** The category of topic calls (create, rename, close, reopen) in the outbox and its audit. */
  public static final String CATEGORY = "agents-topic";

  @PersistenceContext EntityManager em;
  @Inject AgentsGroups groups;
  @Inject Outbox outbox;
  @Inject Clock clock;

  /**
   * The ticket's topic, locked for the caller's transaction; created (and its createForumTopic
   * queued) if the ticket has an agents group and no topic yet. Empty when the ticket is mirrored
   * nowhere, or its topic's group or bot was removed.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  Optional<AgentTopic> lockOrCreate(Ticket ticket) {
    Optional<AgentTopic> existing = locked(ticket.id().value());
    if (existing.isPresent()) {
      AgentTopic topic = existing.get();
      if (!groups.botIds(topic.chatId()).contains(topic.botId())) {
        // The admin removed the group, or the topic's bot from it: mirroring stops there.
        return Optional.empty();
      }
      retryCreationIfItGaveUp(topic, ticket);
      return existing;
    }
    Optional<AgentsGroups.Placement> placement = groups.placementOf(ticket);
    if (placement.isEmpty()) {
      return Optional.empty();
    }
    // Concurrent first messages of one customer queue up here, so that one of them creates.
    em.lock(ticket, LockModeType.PESSIMISTIC_WRITE);
    existing = locked(ticket.id().value());
    if (existing.isPresent()) {
      return existing;
    }
    Instant now = clock.instant();
    AgentTopic topic =
        new AgentTopic(
            ticket.id().value(),
            placement.get().chatId(),
            placement.get().botId(),
            ticket.status(),
            now);
    em.persist(topic);
    em.flush(); // the unique key on ticket_id speaks now, on any server
    enqueueCreation(topic, ticket, now);
    return Optional.of(topic);
  }

  /**
   * A topic whose createForumTopic gave up (the bot lost its rights meanwhile, the group was gone)
   * is created again with the ticket's next message; its waiting messages follow it then.
   */
  private void retryCreationIfItGaveUp(AgentTopic topic, Ticket ticket) {
    if (topic.threadId() != null || topic.createEntryId() == null) {
      return;
    }
    OutboxEntry entry = em.find(OutboxEntry.class, topic.createEntryId());
    if (entry != null && entry.state().blocksItsChat()) {
      return; // still on its way
    }
    if (entry != null && entry.state() == OutboxState.SENT) {
      return; // answered; its thread is being recorded
    }
    enqueueCreation(topic, ticket, clock.instant());
  }

  private void enqueueCreation(AgentTopic topic, Ticket ticket, Instant now) {
    long entry =
        outbox.enqueue(
            new OutboundCall(
                BotId.of(topic.botId()),
                BotMethod.CREATE_FORUM_TOPIC,
                Json.createObjectBuilder().add("name", name(ticket)).build(),
                topic.chatId(),
                null,
                Mirror.LANE,
                CATEGORY,
                null,
                null,
                false));
    topic.creating(entry, now);
  }

  /**
   * The createForumTopic of a topic was answered: records its thread, shows the ticket's status if
   * it changed meanwhile, and returns the topic (locked) so that its waiting messages can follow.
   * Empty if no topic waits for this entry.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  Optional<AgentTopic> created(long entryId) {
    List<AgentTopic> found =
        lockedWhere("createEntryId", entryId)
            .filter(t -> Long.valueOf(entryId).equals(t.createEntryId()))
            .stream()
            .toList();
    OutboxEntry entry = em.find(OutboxEntry.class, entryId);
    if (found.isEmpty() || entry == null || entry.result() == null) {
      return Optional.empty();
    }
    AgentTopic topic = found.get(0);
    if (topic.threadId() != null) {
      return Optional.of(topic);
    }
    JsonObject result;
    try (var reader = Json.createReader(new StringReader(entry.result()))) {
      result = reader.readObject();
    }
    if (!result.containsKey("message_thread_id")) {
      return Optional.empty();
    }
    topic.created(result.getJsonNumber("message_thread_id").longValue(), clock.instant());
    Ticket ticket = em.find(Ticket.class, topic.ticketId());
    if (ticket != null) {
      statusChanged(topic, ticket); // it may have changed while the topic was being created
    }
    return Optional.of(topic);
  }

  /**
   * The ticket's status changed: renames its topic (status prefix) and closes or reopens it. A
   * topic still being created shows the status once it exists.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  void statusChanged(TicketId ticketId) {
    Optional<AgentTopic> topic = locked(ticketId.value());
    Ticket ticket = em.find(Ticket.class, ticketId.value());
    if (topic.isEmpty() || ticket == null || topic.get().threadId() == null) {
      return;
    }
    statusChanged(topic.get(), ticket);
  }

  private void statusChanged(AgentTopic topic, Ticket ticket) {
    TicketStatus from = topic.status();
    TicketStatus to = ticket.status();
    if (from == to) {
      return;
    }
    if (from == TicketStatus.CLOSED) {
      enqueue(topic, BotMethod.REOPEN_FORUM_TOPIC, Json.createObjectBuilder().build(), null);
    }
    enqueue(
        topic,
        BotMethod.EDIT_FORUM_TOPIC,
        Json.createObjectBuilder().add("name", name(ticket)).build(),
        "agents-topic-name:" + topic.chatId() + ":" + topic.id());
    if (to == TicketStatus.CLOSED) {
      enqueue(topic, BotMethod.CLOSE_FORUM_TOPIC, Json.createObjectBuilder().build(), null);
    }
    topic.showStatus(to, clock.instant());
  }

  private void enqueue(AgentTopic topic, BotMethod method, JsonObject params, String coalesceKey) {
    outbox.enqueue(
        new OutboundCall(
            BotId.of(topic.botId()),
            method,
            params,
            topic.chatId(),
            topic.threadId(),
            Mirror.LANE,
            CATEGORY,
            coalesceKey,
            null,
            false));
  }

  /** The ticket's topic locked for the caller's transaction, if it has one. */
  private Optional<AgentTopic> locked(long ticketId) {
    return lockedWhere("ticketId", ticketId);
  }

  /**
   * The topic whose {@code attribute} (a constant of this package, never input) is {@code value},
   * locked for the caller's transaction. Found first, then locked by its key: Derby locks every row
   * a FOR UPDATE query reads, and on a small table it reads them all, so two transactions locking
   * different topics met in a deadlock.
   */
  Optional<AgentTopic> lockedWhere(String attribute, long value) {
    return em
        .createQuery("select t.id from AgentTopic t where t." + attribute + " = :value", Long.class)
        .setParameter("value", value)
        .setMaxResults(1)
        .getResultList()
        .stream()
        .findFirst()
        .map(id -> em.find(AgentTopic.class, id, LockModeType.PESSIMISTIC_WRITE));
  }

  /** The ticket's topic, if it has one (no lock). */
  public Optional<AgentTopic> findByTicket(TicketId ticketId) {
    return em
        .createQuery("select t from AgentTopic t where t.ticketId = :ticket", AgentTopic.class)
        .setParameter("ticket", ticketId.value())
        .getResultList()
        .stream()
        .findFirst();
  }

  /**
   * The ticket whose topic is {@code threadId} in the agents group {@code chatId}: where a message
   * an agent writes in that topic goes. Empty for the General topic and topics of no ticket.
   */
  public Optional<TicketId> findTicket(long chatId, long threadId) {
    return findTopic(chatId, threadId).map(t -> new TicketId(t.ticketId()));
  }

  /** The topic {@code threadId} of the agents group {@code chatId}, if it is a ticket's. */
  public Optional<AgentTopic> findTopic(long chatId, long threadId) {
    return em
        .createQuery(
            "select t from AgentTopic t where t.chatId = :chat and t.threadId = :thread",
            AgentTopic.class)
        .setParameter("chat", chatId)
        .setParameter("thread", threadId)
        .getResultList()
        .stream()
        .findFirst();
  }

  /** The name a ticket's topic has: the customer and the ticket, with the status prefix. */
  String name(Ticket ticket) {
    Customer customer =
        ticket.customerId() == null ? null : em.find(Customer.class, ticket.customerId());
    String who = customer == null ? "" : customer.displayName();
    String base = (who.isBlank() ? "Customer" : who) + " · #" + ticket.id().value();
    String subject = ticket.subject();
    if (subject != null && !subject.isBlank()) {
      base += " " + subject.strip();
    }
    return StatusNotices.topicName(base, ticket.status());
  }

  /** The engine recreates a deleted topic under the name its ticket gives it. */
  @Override
  public Optional<String> findTopicName(BotId botId, long chatId, long threadId) {
    return findTopic(chatId, threadId)
        .map(t -> em.find(Ticket.class, t.ticketId()))
        .map(this::name);
  }

  /** In the engine's transaction that moved the deleted topic's pending calls to the new one. */
  void onTopicMoved(@Observes TopicMoved moved) {
    em.createQuery(
            "update AgentTopic t set t.threadId = :now, t.updatedAt = :at"
                + " where t.chatId = :chat and t.threadId = :was")
        .setParameter("now", moved.newThreadId())
        .setParameter("at", clock.instant())
        .setParameter("chat", moved.chatId())
        .setParameter("was", moved.oldThreadId())
        .executeUpdate();
  }
}
