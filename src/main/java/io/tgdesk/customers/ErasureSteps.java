package io.tgdesk.customers;

import io.tgdesk.agents.AgentTopicErasure;
import io.tgdesk.config.PrivacySettings;
import io.tgdesk.diagnostics.CallLog;
import io.tgdesk.hostevents.HostEventErasure;
import io.tgdesk.schema.RetriedOnConflict;
import io.tgdesk.shopify.privacy.DataErasure;
import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.telegram.inbound.UpdateStore;
import io.tgdesk.telegram.outbound.Outbox;
import io.tgdesk.tickets.Customer;
import io.tgdesk.tickets.Ticket;
import io.tgdesk.tickets.TicketErasure;
import io.tgdesk.tickets.TicketEvents;
import io.tgdesk.tickets.TicketId;
import io.tgdesk.tickets.TicketKind;
import io.tgdesk.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The steps of a customer's erasure, each in a transaction of its own ({@link CustomerErasure}
 * drives them): begin (forget the customer, close their tickets, cancel what waits to be sent to
 * them), then one batch at a time through every place that holds their data, then finish (the host
 * hears {@code customer.erased}). Each step is idempotent, so a run that died half-way is continued
 * by asking again, and a step that lost to a concurrent change (the customer writing, a notice
 * being sent) is run again from where it began.
 */
@ApplicationScoped
@RetriedOnConflict
class ErasureSteps {

  /** Why the outbox says its entries to the customer were erased. */
  static final String REASON = "customer erased";

  @PersistenceContext EntityManager em;
  @Inject TicketErasure tickets;
  @Inject TicketEvents ticketEvents;
  @Inject Outbox outbox;
  @Inject UpdateStore updates;
  @Inject CallLog calls;
  @Inject DataErasure shopify;
  @Inject HostEventErasure hostEvents;
  @Inject AgentTopicErasure agentTopics;
  @Inject PrivacySettings settings;
  @Inject Clock clock;

  /**
   * Where a run of the batches stands. Lives only as long as the run: a run asked for again starts
   * from the beginning, and every batch it repeats changes nothing. A batch works on its own copy,
   * so that a batch that lost to a concurrent change is run again from the same place.
   */
  static final class Cursor {
    int phase;
    long afterId;
    int groupIndex;
    List<Long> groupChats;
    final Set<Long> topicTicketsTold = new LinkedHashSet<>();

    Cursor copy() {
      Cursor c = new Cursor();
      c.phase = phase;
      c.afterId = afterId;
      c.groupIndex = groupIndex;
      c.groupChats = groupChats;
      c.topicTicketsTold.addAll(topicTicketsTold);
      return c;
    }
  }

  /**
   * Begins (or finds) the erasure of a customer: the customer is forgotten at once (their next
   * message starts a new customer and a new ticket), their private tickets are closed and marked
   * erased, and nothing pending is sent to them any more.
   *
   * @throws ProblemException 404 when there is no such customer and no erasure of one
   */
  @Transactional
  public Erasure begin(long customerId, String requestedBy) {
    Optional<Erasure> earlier = find(customerId);
    if (earlier.isPresent() && earlier.get().done()) {
      return earlier.get();
    }
    Customer customer =
        tickets
            .lockCustomer(customerId)
            .orElseThrow(
                () -> ProblemException.notFound("No customer with id " + customerId + "."));
    Erasure erasure =
        earlier.orElseGet(
            () -> {
              Erasure e =
                  new Erasure(
                      customerId,
                      customer.botId(),
                      customer.telegramUserId(),
                      requestedBy,
                      clock.instant());
              em.persist(e);
              return e;
            });
    TicketErasure.Forgotten forgotten = tickets.forgetCustomer(customer);
    erasure.tickets(forgotten.privateTickets().size());
    // The events of topics they opened name them as the ticket's customer.
    hostEvents.forgetMessages(
        forgotten.topics().stream().map(TicketId::value).toList(), Set.of(), customerId);
    outbox.eraseToChat(
        BotId.of(erasure.botId()),
        erasure.telegramUserId(),
        erasure.requestedAt(),
        0,
        Integer.MAX_VALUE,
        REASON);
    em.flush();
    return erasure;
  }

  /**
   * Erases the next batch, in this order: the messages of the customer's private tickets, their
   * messages in topics, the outbox entries to them, the stored updates of their chat and those
   * naming them in topic groups, the audited calls to their chat, the bot's Shopify data about
   * them, the topics of their tickets in agents groups (deleted at Telegram too).
   *
   * @param from where the run stands; left as it is
   * @return where the run stands after this batch; empty once nothing is left
   */
  @Transactional
  public Optional<Cursor> nextBatch(long erasureId, Cursor from) {
    Cursor cursor = from.copy();
    Erasure erasure = em.find(Erasure.class, erasureId, LockModeType.PESSIMISTIC_WRITE);
    BotId bot = BotId.of(erasure.botId());
    long user = erasure.telegramUserId();
    // Only what was there when the erasure was asked for: the user may have written again since,
    // as a new customer.
    Instant before = erasure.requestedAt();
    int size = settings.batchSize();
    while (cursor.phase < 8) {
      switch (cursor.phase) {
        case 0 -> {
          for (Ticket t : tickets.ticketsOf(erasure.customerId())) {
            if (t.kind() == TicketKind.PRIVATE) {
              int n = tickets.eraseMessages(t.id(), true, size).messages();
              if (n > 0) {
                erasure.batch(n, 0, 0);
                return Optional.of(cursor);
              }
            }
          }
        }
        case 1 -> {
          TicketErasure.Erased erased = tickets.eraseTopicMessagesOf(bot, user, before, size);
          if (erased.messages() > 0) {
            int events =
                hostEvents.forgetMessages(
                    erased.ticketIds(), erased.messageIds(), erasure.customerId());
            for (Long t : erased.ticketIds()) {
              if (cursor.topicTicketsTold.add(t)) {
                ticketEvents.customerErased(new TicketId(t), false);
              }
            }
            erasure.batch(erased.messages(), 0, events);
            return Optional.of(cursor);
          }
        }
        case 2 -> {
          List<Long> seen = outbox.eraseToChat(bot, user, before, cursor.afterId, size, REASON);
          if (!seen.isEmpty()) {
            cursor.afterId = seen.get(seen.size() - 1);
            erasure.batch(0, seen.size(), 0);
            if (seen.size() == size) {
              return Optional.of(cursor);
            }
          }
        }
        case 3 -> {
          UpdateStore.Erased u = updates.eraseOfChat(bot, user, null, before, cursor.afterId, size);
          cursor.afterId = u.lastId();
          if (u.seen() > 0) {
            erasure.batch(0, 0, u.erased());
            if (u.seen() == size) {
              return Optional.of(cursor);
            }
          }
        }
        case 4 -> {
          if (cursor.groupChats == null) {
            cursor.groupChats = topicGroupChats(bot);
          }
          while (cursor.groupIndex < cursor.groupChats.size()) {
            UpdateStore.Erased u =
                updates.eraseOfChat(
                    bot,
                    cursor.groupChats.get(cursor.groupIndex),
                    user,
                    before,
                    cursor.afterId,
                    size);
            cursor.afterId = u.lastId();
            if (u.seen() == size) {
              erasure.batch(0, 0, u.erased());
              return Optional.of(cursor);
            }
            erasure.batch(0, 0, u.erased());
            cursor.groupIndex++;
            cursor.afterId = 0;
          }
        }
        case 5 -> {
          int n = calls.forgetChat(bot.value(), user, before, size);
          if (n > 0) {
            erasure.batch(0, 0, n);
            if (n == size) {
              return Optional.of(cursor);
            }
          }
        }
        case 6 -> {
          int n = shopify.eraseTelegramUser(bot, user);
          if (n > 0) {
            erasure.batch(0, 0, n);
          }
        }
        case 7 -> {
          for (Ticket t : tickets.ticketsOf(erasure.customerId())) {
            if (t.kind() == TicketKind.PRIVATE) {
              int n = agentTopics.eraseTopicOf(t.id(), REASON);
              if (n > 0) {
                erasure.batch(0, n, 0);
              }
            }
          }
        }
        default -> throw new IllegalStateException("phase " + cursor.phase);
      }
      cursor.phase++;
      cursor.afterId = 0;
    }
    return Optional.empty();
  }

  /**
   * Ends the erasure: the host events of the customer's private tickets and those about the
   * customer (blocked, unblocked) go (they quote names and messages) and the host hears {@code
   * customer.erased} for each of those tickets instead.
   */
  @Transactional
  public Erasure finish(long erasureId) {
    Erasure erasure = em.find(Erasure.class, erasureId, LockModeType.PESSIMISTIC_WRITE);
    if (erasure.done()) {
      return erasure;
    }
    List<Long> privateTickets = new ArrayList<>();
    for (Ticket t : tickets.ticketsOf(erasure.customerId())) {
      if (t.kind() == TicketKind.PRIVATE) {
        privateTickets.add(t.id().value());
      }
    }
    int events =
        hostEvents.forgetTickets(privateTickets) + hostEvents.forgetCustomer(erasure.customerId());
    for (Long t : privateTickets) {
      ticketEvents.customerErased(new TicketId(t), true);
    }
    erasure.batch(0, 0, events);
    erasure.finish(clock.instant());
    return erasure;
  }

  /** The erasure of this customer, if one was asked for. */
  public Optional<Erasure> find(long customerId) {
    return em.createQuery("select e from Erasure e where e.customerId = :c", Erasure.class)
        .setParameter("c", customerId)
        .getResultStream()
        .findFirst();
  }

  private List<Long> topicGroupChats(BotId bot) {
    return em.createQuery(
            "select g.chatId from TopicGroup g where g.botId = :bot order by g.id", Long.class)
        .setParameter("bot", bot.value())
        .getResultList();
  }
}
