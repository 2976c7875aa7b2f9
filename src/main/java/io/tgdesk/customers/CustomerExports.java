package io.tgdesk.customers;

import io.tgdesk.diagnostics.CallFilter;
import io.tgdesk.diagnostics.CallQueries;
import io.tgdesk.diagnostics.CallView;
import io.tgdesk.hostevents.HostEventErasure;
import io.tgdesk.shopify.privacy.CustomerDataExports;
import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.telegram.inbound.UpdateStore;
import io.tgdesk.telegram.outbound.Outbox;
import io.tgdesk.tickets.ConversationMessage;
import io.tgdesk.tickets.Customer;
import io.tgdesk.tickets.MessageRevision;
import io.tgdesk.tickets.Ticket;
import io.tgdesk.tickets.TicketKind;
import io.tgdesk.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The export of everything TgDesk holds about a customer ({@link CustomerExport}), by the
 * customer's id, by Telegram user id (one export per bot the user wrote to) or by bot and user.
 * Reads without a transaction of its own; an export is built in memory and stored nowhere.
 */
@ApplicationScoped
public class CustomerExports {

  /** Audited calls per export, at most: they are kept a week by default. */
  static final int MAX_CALLS = 10_000;

  @PersistenceContext EntityManager em;
  @Inject Outbox outbox;
  @Inject UpdateStore updates;
  @Inject CallQueries calls;
  @Inject CustomerDataExports shopify;
  @Inject HostEventErasure hostEvents;
  @Inject ErasureSteps erasures;
  @Inject Clock clock;

  /**
   * The export of one customer.
   *
   * @throws ProblemException 404 when there is no such customer
   */
  public CustomerExport of(long customerId) {
    Customer c = em.find(Customer.class, customerId);
    if (c == null) {
      throw ProblemException.notFound("No customer with id " + customerId + ".");
    }
    return export(c);
  }

  /**
   * The exports of a Telegram user: one per bot they wrote to, or only that bot's.
   *
   * @throws ProblemException 404 when no bot knows the user
   */
  public List<CustomerExport> ofTelegramUser(long telegramUserId, Long botId) {
    var query =
        em.createQuery(
                "select c from Customer c where c.telegramUserId = :u"
                    + (botId == null ? "" : " and c.botId = :bot")
                    + " order by c.id",
                Customer.class)
            .setParameter("u", telegramUserId);
    if (botId != null) {
      query.setParameter("bot", botId);
    }
    List<Customer> found = query.getResultList();
    if (found.isEmpty()) {
      throw ProblemException.notFound(
          "No customer with Telegram user id "
              + telegramUserId
              + (botId == null ? "" : " of bot " + botId)
              + ".");
    }
    return found.stream().map(this::export).toList();
  }

  private CustomerExport export(Customer c) {
    BotId bot = BotId.of(c.botId());
    boolean erased = c.erasedAt() != null;
    Long user = erased ? null : c.telegramUserId();
    Map<Long, CustomerExport.TicketRecord> tickets = new LinkedHashMap<>();
    for (Ticket t :
        em.createQuery("select t from Ticket t where t.customerId = :c order by t.id", Ticket.class)
            .setParameter("c", c.id())
            .getResultList()) {
      boolean whole = t.kind() == TicketKind.PRIVATE;
      tickets.put(
          t.id().value(),
          CustomerExport.TicketRecord.of(
              t,
              messages(
                  whole
                      ? "select m from ConversationMessage m where m.ticketId = :t order by m.id"
                      : "select m from ConversationMessage m where m.ticketId = :t"
                          + " and m.senderUserId = :u order by m.id",
                  t.id().value(),
                  whole ? null : user)));
    }
    if (user != null) {
      // Topics they wrote in but did not open: their own messages only.
      for (Ticket t :
          em.createQuery(
                  "select t from Ticket t where t.botId = :bot and t.kind = :topic and exists"
                      + " (select m.id from ConversationMessage m where m.ticketId = t.id"
                      + " and m.senderUserId = :u) order by t.id",
                  Ticket.class)
              .setParameter("bot", c.botId())
              .setParameter("topic", TicketKind.TOPIC)
              .setParameter("u", user)
              .getResultList()) {
        tickets.computeIfAbsent(
            t.id().value(),
            id ->
                CustomerExport.TicketRecord.of(
                    t,
                    messages(
                        "select m from ConversationMessage m where m.ticketId = :t"
                            + " and m.senderUserId = :u order by m.id",
                        id,
                        user)));
      }
    }
    List<CallView> audited = new ArrayList<>();
    List<UpdateStore.StoredUpdate> stored = new ArrayList<>();
    if (user != null) {
      audited.addAll(
          calls
              .page(new CallFilter(c.botId(), user, null, null, null, null), 0, MAX_CALLS)
              .items());
      stored.addAll(updates.ofChat(bot, user, null, 0, Integer.MAX_VALUE));
      for (Long group :
          em.createQuery("select g.chatId from TopicGroup g where g.botId = :bot", Long.class)
              .setParameter("bot", c.botId())
              .getResultList()) {
        stored.addAll(updates.ofChat(bot, group, user, 0, Integer.MAX_VALUE));
      }
    }
    return new CustomerExport(
        clock.instant(),
        CustomerExport.Profile.of(c),
        List.copyOf(tickets.values()),
        user == null ? List.of() : outbox.toChat(bot, user),
        audited,
        stored,
        user == null ? List.of() : shopify.ofTelegramUser(bot, user),
        hostEvents.ofCustomer(c.id(), tickets.keySet()),
        erasures.find(c.id()).map(Erasure::view).orElse(null));
  }

  private List<CustomerExport.MessageRecord> messages(String jpql, long ticketId, Long user) {
    var query = em.createQuery(jpql, ConversationMessage.class).setParameter("t", ticketId);
    if (user != null) {
      query.setParameter("u", user);
    }
    List<ConversationMessage> found = query.getResultList();
    Map<Long, List<CustomerExport.Revision>> revisions = new LinkedHashMap<>();
    if (!found.isEmpty()) {
      for (MessageRevision r :
          em.createQuery(
                  "select r from MessageRevision r where r.messageId in :ids order by r.id",
                  MessageRevision.class)
              .setParameter("ids", found.stream().map(ConversationMessage::id).toList())
              .getResultList()) {
        revisions
            .computeIfAbsent(r.messageId(), k -> new ArrayList<>())
            .add(CustomerExport.Revision.of(r));
      }
    }
    return found.stream()
        .map(m -> CustomerExport.MessageRecord.of(m, revisions.getOrDefault(m.id(), List.of())))
        .toList();
  }
}
