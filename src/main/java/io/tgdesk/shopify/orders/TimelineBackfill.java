package io.tgdesk.shopify.orders;

import io.tgdesk.shopify.customers.CustomerLinked;
import io.tgdesk.shopify.shops.Shop;
import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.tickets.SystemEntries;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * History for a customer linked late: the orders of a Shopify customer received while nobody knew
 * their Telegram user become that user's orders, and each leaves one entry with its latest state in
 * the user's active ticket (none is opened for history). No notice goes to Telegram: the customer
 * was told nothing then and is not told old news now.
 *
 * <p>Idempotent: only orders without a Telegram user are taken, and taking them links them, so a
 * second link (or every later webhook of the customer's orders) finds nothing left to do. Joins the
 * caller's transaction.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class TimelineBackfill {

  /** At most this many orders leave an entry at once: the most recently updated ones. */
  public static final int MAX_ENTRIES = 20;

  @PersistenceContext EntityManager em;
  @Inject SystemEntries tickets;
  @Inject Clock clock;

  /** An agent's link: the orders of the customer received before follow. */
  public void onLinked(@Observes CustomerLinked link) {
    linked(
        link.shop(), link.telegramUserId(), link.shopifyCustomerId(), link.email(), link.phone());
  }

  /**
   * Links the shop's unlinked orders of {@code shopifyCustomerId} to the Telegram user and puts
   * their entries in the user's active ticket.
   *
   * @return how many orders were linked
   */
  public int linked(Shop shop, long telegramUserId, long shopifyCustomerId) {
    return linked(shop, telegramUserId, shopifyCustomerId, null, null);
  }

  /**
   * Links the shop's unlinked orders of the Shopify customer, or with this email or phone (any
   * notation), to the Telegram user and puts their entries in the user's active ticket. Null
   * arguments match nothing.
   *
   * @return how many orders were linked
   */
  public int linked(
      Shop shop, long telegramUserId, Long shopifyCustomerId, String email, String phone) {
    String emailKey = ContactKeys.email(email);
    String phoneKey = ContactKeys.phone(phone);
    List<String> match = new java.util.ArrayList<>();
    if (shopifyCustomerId != null) match.add("o.shopifyCustomerId = :c");
    if (emailKey != null) match.add("o.emailKey = :e");
    if (phoneKey != null) match.add("o.phoneKey = :p");
    if (match.isEmpty()) {
      return 0;
    }
    var query =
        em.createQuery(
            "select o from ShopifyOrder o where o.shopId = :s and o.telegramUserId is null and ("
                + String.join(" or ", match)
                + ") order by o.updatedAt desc, o.id desc",
            ShopifyOrder.class);
    query.setParameter("s", shop.id().value());
    if (shopifyCustomerId != null) query.setParameter("c", shopifyCustomerId);
    if (emailKey != null) query.setParameter("e", emailKey);
    if (phoneKey != null) query.setParameter("p", phoneKey);
    List<ShopifyOrder> orders = query.getResultList();
    if (orders.isEmpty()) {
      return 0;
    }
    Instant now = clock.instant();
    orders.forEach(o -> o.linkTo(telegramUserId));
    List<ShopifyOrder> recent = orders.subList(0, Math.min(MAX_ENTRIES, orders.size()));
    // Oldest first, so that the timeline reads in order and the latest order comes last.
    for (int i = recent.size() - 1; i >= 0; i--) {
      ShopifyOrder o = recent.get(i);
      var entry =
          tickets.recordSystemEntry(
              BotId.of(shop.botId()),
              telegramUserId,
              "Order " + (o.orderName() == null ? "#" + o.orderId() : o.orderName()),
              ShopifyTopics.summaryText(o),
              false,
              shop.queueName());
      if (entry.isEmpty()) {
        break; // no active ticket: the orders show on the user's later tickets
      }
      em.persist(
          new TimelineEntry(
              shop.id(),
              o.orderId(),
              o.shopifyCustomerId(),
              entry.get().ticketId().value(),
              entry.get().messageId(),
              o.lastTopic() == null ? ShopifyTopics.ORDERS_UPDATED : o.lastTopic(),
              now));
    }
    return orders.size();
  }
}
