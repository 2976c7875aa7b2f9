package io.tgdesk.shopify.privacy;

import io.tgdesk.shopify.customers.CustomerLink;
import io.tgdesk.shopify.intake.Payloads;
import io.tgdesk.shopify.intake.ShopifyWebhook;
import io.tgdesk.shopify.orders.OrderEvents;
import io.tgdesk.shopify.orders.ShopifyOrder;
import io.tgdesk.shopify.orders.TimelineEntry;
import io.tgdesk.shopify.shops.Shop;
import io.tgdesk.shopify.shops.ShopId;
import io.tgdesk.telegram.bots.BotDeleting;
import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.tickets.SystemEntries;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Erasure of what TgDesk holds about a shop's customers: customers/redact (links, order snapshots,
 * timeline entries, stored payloads and exports of that customer; the tickets stay, they never held
 * Shopify personal data), shop/redact (all of the shop's data) and the deletion of a shop. The
 * export for customers/data_request is {@link CustomerDataExports}. Joins the caller's transaction.
 */
@ApplicationScoped
@Transactional
public class DataErasure {

  @PersistenceContext EntityManager em;
  @Inject CustomerDataLookup held;
  @Inject SystemEntries tickets;
  @Inject io.tgdesk.telegram.outbound.Outbox outbox;
  @Inject Clock clock;

  /** customers/redact: erases that customer's data; returns the outcome. */
  public String redactCustomer(Shop shop, ShopifyWebhook request, JsonObject body) {
    JsonObject customer = Payloads.object(body, "customer");
    Long cid = Payloads.number(customer, "id");
    String email = Payloads.email(Payloads.string(customer, "email"));
    String phone = Payloads.phone(Payloads.string(customer, "phone"));
    Set<Long> orderIds = new LinkedHashSet<>(Payloads.numbers(body, "orders_to_redact"));
    if (cid != null) {
      orderIds.addAll(held.orderIdsOf(shop, cid));
    }
    int entries = eraseEntries(held.entriesOf(shop, orderIds, cid));
    if (!orderIds.isEmpty()) {
      em.createQuery("delete from FulfillmentState f where f.shopId = :s and f.orderId in :ids")
          .setParameter("s", shop.id().value())
          .setParameter("ids", new ArrayList<>(orderIds))
          .executeUpdate();
    }
    int orders = 0;
    for (ShopifyOrder o : held.ordersIn(shop, orderIds)) {
      em.remove(o);
      orders++;
    }
    int links = 0;
    for (CustomerLink l : held.linksOf(shop, cid, email, phone)) {
      em.remove(l);
      links++;
    }
    int payloads = 0;
    for (ShopifyWebhook w : held.webhooksOf(shop, orderIds, cid)) {
      w.redact();
      payloads++;
    }
    if (cid != null) {
      em.createQuery("delete from DataExport x where x.shopId = :s and x.shopifyCustomerId = :c")
          .setParameter("s", shop.id().value())
          .setParameter("c", cid)
          .executeUpdate();
    }
    int notices =
        outbox.erase(
            io.tgdesk.telegram.bots.BotId.of(shop.botId()),
            orderIds.stream().map(o -> OrderEvents.coalesceKey(shop.id(), o)).toList(),
            null,
            "customers/redact");
    request.redact();
    return "redacted "
        + notices
        + " notices, "
        + orders
        + " orders, "
        + entries
        + " timeline entries, "
        + links
        + " links, "
        + payloads
        + " payloads";
  }

  /**
   * Erases what the bot's shops hold about a Telegram user whose data is erased: their links, the
   * orders linked to them or placed by the Shopify customers they were linked to (with timeline
   * entries, fulfillments and pending notices), the stored payloads and exports of those orders and
   * customers.
   *
   * @return how many rows were erased or deleted
   */
  public int eraseTelegramUser(BotId bot, long telegramUserId) {
    int rows = 0;
    for (Shop shop : held.shopsOf(bot.value())) {
      List<CustomerLink> links = held.linksOfUser(shop, telegramUserId);
      List<Long> cids = CustomerDataExports.shopifyCustomers(links);
      Set<Long> orderIds = held.orderIdsOfUser(shop, telegramUserId, cids);
      Set<TimelineEntry> entries = new LinkedHashSet<>(held.entriesOf(shop, orderIds, null));
      Set<ShopifyWebhook> webhooks = new LinkedHashSet<>(held.webhooksOf(shop, orderIds, null));
      for (Long cid : cids) {
        entries.addAll(held.entriesOf(shop, Set.of(), cid));
        webhooks.addAll(held.webhooksOf(shop, Set.of(), cid));
      }
      rows += eraseEntries(new ArrayList<>(entries));
      if (!orderIds.isEmpty()) {
        rows +=
            em.createQuery(
                    "delete from FulfillmentState f where f.shopId = :s and f.orderId in :ids")
                .setParameter("s", shop.id().value())
                .setParameter("ids", new ArrayList<>(orderIds))
                .executeUpdate();
      }
      for (ShopifyOrder o : held.ordersIn(shop, orderIds)) {
        em.remove(o);
        rows++;
      }
      for (CustomerLink l : links) {
        em.remove(l);
        rows++;
      }
      for (ShopifyWebhook w : webhooks) {
        w.redact();
        rows++;
      }
      for (Long cid : cids) {
        rows +=
            em.createQuery(
                    "delete from DataExport x where x.shopId = :s and x.shopifyCustomerId = :c")
                .setParameter("s", shop.id().value())
                .setParameter("c", cid)
                .executeUpdate();
      }
      rows +=
          outbox.erase(
              bot,
              orderIds.stream().map(o -> OrderEvents.coalesceKey(shop.id(), o)).toList(),
              null,
              "customer erased");
    }
    em.flush();
    return rows;
  }

  /** shop/redact: erases everything of the shop but its configuration and this webhook. */
  public String redactShop(Shop shop, ShopifyWebhook request) {
    Erased erased = eraseAll(shop, request.id());
    outbox.erase(
        io.tgdesk.telegram.bots.BotId.of(shop.botId()),
        List.of(),
        "shopify:" + shop.id() + ":",
        "shop/redact");
    request.redact();
    if (shop.uninstalledAt() == null) {
      shop.uninstalled(clock.instant());
    }
    return "erased "
        + erased.orders()
        + " orders, "
        + erased.timelineEntries()
        + " timeline entries, "
        + erased.webhooks()
        + " deliveries";
  }

  /** Deletes the shop and everything stored for it. */
  public void deleteShop(ShopId id) {
    Shop shop = em.find(Shop.class, id.value());
    if (shop != null) {
      eraseAll(shop, null);
      em.remove(shop);
      // Now, not at commit: the bot's row may go by a bulk delete right after this observer.
      em.flush();
    }
  }

  public void onBotDeleting(@Observes BotDeleting event) {
    for (Shop s :
        em.createQuery("select s from Shop s where s.botId = :b", Shop.class)
            .setParameter("b", event.botId().value())
            .getResultList()) {
      deleteShop(s.id());
    }
  }

  /** What erasing a shop's data removed (links and exports are not counted). */
  record Erased(int orders, int timelineEntries, int webhooks) {}

  /** Erases the shop's orders, timeline entries, webhooks (but {@code keep}), links and exports. */
  private Erased eraseAll(Shop shop, Long keep) {
    long s = shop.id().value();
    int entries =
        eraseEntries(
            em.createQuery("select t from TimelineEntry t where t.shopId = :s", TimelineEntry.class)
                .setParameter("s", s)
                .getResultList());
    int orders =
        em.createQuery("delete from ShopifyOrder o where o.shopId = :s")
            .setParameter("s", s)
            .executeUpdate();
    em.createQuery("delete from FulfillmentState f where f.shopId = :s")
        .setParameter("s", s)
        .executeUpdate();
    em.createQuery("delete from CustomerLink l where l.shopId = :s")
        .setParameter("s", s)
        .executeUpdate();
    em.createQuery("delete from DataExport x where x.shopId = :s")
        .setParameter("s", s)
        .executeUpdate();
    var deleteWebhooks =
        em.createQuery(
                "delete from ShopifyWebhook e where e.shopId = :s"
                    + (keep == null ? "" : " and e.id <> :keep"))
            .setParameter("s", s);
    if (keep != null) {
      deleteWebhooks.setParameter("keep", keep);
    }
    int webhooks = deleteWebhooks.executeUpdate();
    return new Erased(orders, entries, webhooks);
  }

  private int eraseEntries(List<TimelineEntry> entries) {
    if (entries.isEmpty()) {
      return 0;
    }
    tickets.eraseSystemEntries(entries.stream().map(TimelineEntry::messageId).toList());
    entries.forEach(em::remove);
    em.flush();
    return entries.size();
  }
}
