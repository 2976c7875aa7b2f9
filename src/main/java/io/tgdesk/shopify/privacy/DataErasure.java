package io.tgdesk.shopify.privacy;

import io.tgdesk.shopify.customers.CustomerLink;
import io.tgdesk.shopify.intake.Payloads;
import io.tgdesk.shopify.intake.ShopifyWebhook;
import io.tgdesk.shopify.orders.OrderEvents;
import io.tgdesk.shopify.orders.OrderView;
import io.tgdesk.shopify.orders.ShopifyOrder;
import io.tgdesk.shopify.orders.TimelineEntry;
import io.tgdesk.shopify.shops.Shop;
import io.tgdesk.shopify.shops.ShopId;
import io.tgdesk.telegram.bots.BotDeleting;
import io.tgdesk.tickets.TicketIntake;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What TgDesk holds about a shop's customers, and the privacy topics acting on it: an export for
 * customers/data_request, erasure for customers/redact (links, order snapshots, timeline entries,
 * stored payloads and exports of that customer; the tickets stay, they never held Shopify personal
 * data) and shop/redact (all of the shop's data). Joins the caller's transaction.
 */
@ApplicationScoped
@Transactional
public class DataErasure {

  @PersistenceContext EntityManager em;
  @Inject TicketIntake tickets;
  @Inject io.tgdesk.telegram.outbound.Outbox outbox;
  @Inject Clock clock;

  /** customers/data_request: stores an export for admins; returns the outcome. */
  public String export(Shop shop, ShopifyWebhook e, JsonObject body) {
    JsonObject customer = Payloads.object(body, "customer");
    Long cid = Payloads.number(customer, "id");
    String email = Payloads.email(Payloads.string(customer, "email"));
    String phone = Payloads.phone(Payloads.string(customer, "phone"));
    Long requestId = Payloads.number(Payloads.object(body, "data_request"), "id");
    Set<Long> orderIds = new LinkedHashSet<>(Payloads.numbers(body, "orders_requested"));
    e.concerns(null, cid);

    List<CustomerLink> links = linksOf(shop, cid, email, phone);
    if (cid != null) {
      orderIds.addAll(orderIdsOf(shop, cid));
    }
    List<ShopifyOrder> orders = ordersIn(shop, orderIds);
    JsonArrayBuilder linkArray = Json.createArrayBuilder();
    for (CustomerLink l : links) {
      JsonObjectBuilder b =
          Json.createObjectBuilder()
              .add("telegramUserId", l.telegramUserId())
              .add("source", l.source())
              .add("createdAt", l.createdAt().toString());
      if (l.shopifyCustomerId() != null) b.add("shopifyCustomerId", l.shopifyCustomerId());
      if (l.email() != null) b.add("email", l.email());
      if (l.phone() != null) b.add("phone", l.phone());
      linkArray.add(b);
    }
    JsonArrayBuilder orderArray = Json.createArrayBuilder();
    orders.forEach(o -> orderArray.add(Json.createObjectBuilder(OrderView.of(o).toJson())));
    JsonArrayBuilder entryArray = Json.createArrayBuilder();
    for (TimelineEntry t : entriesOf(shop, orderIds, cid)) {
      entryArray.add(
          Json.createObjectBuilder()
              .add("orderId", t.orderId())
              .add("ticketId", t.ticketId())
              .add("messageId", t.messageId())
              .add("topic", t.topic())
              .add("createdAt", t.createdAt().toString()));
    }
    JsonArrayBuilder deliveries = Json.createArrayBuilder();
    for (ShopifyWebhook d : eventsOf(shop, orderIds, cid)) {
      if (d.id() != e.id()) {
        deliveries.add(
            Json.createObjectBuilder()
                .add("id", d.id())
                .add("topic", d.topic())
                .add("receivedAt", d.lifecycle().receivedAt().toString())
                .add("payloadHeld", d.raw() != null));
      }
    }
    JsonObjectBuilder content =
        Json.createObjectBuilder()
            .add("shopDomain", shop.domain())
            .add("generatedAt", clock.instant().toString())
            .add("links", linkArray)
            .add("orders", orderArray)
            .add("timelineEntries", entryArray)
            .add("deliveries", deliveries);
    if (requestId != null) content.add("dataRequestId", requestId);
    if (cid != null) content.add("shopifyCustomerId", cid);
    DataExport export =
        new DataExport(shop.id(), requestId, cid, content.build().toString(), clock.instant());
    em.persist(export);
    em.flush();
    return "export "
        + export.id()
        + " with "
        + orders.size()
        + " orders, "
        + links.size()
        + " links";
  }

  /** customers/redact: erases that customer's data; returns the outcome. */
  public String redactCustomer(Shop shop, ShopifyWebhook e, JsonObject body) {
    JsonObject customer = Payloads.object(body, "customer");
    Long cid = Payloads.number(customer, "id");
    String email = Payloads.email(Payloads.string(customer, "email"));
    String phone = Payloads.phone(Payloads.string(customer, "phone"));
    Set<Long> orderIds = new LinkedHashSet<>(Payloads.numbers(body, "orders_to_redact"));
    if (cid != null) {
      orderIds.addAll(orderIdsOf(shop, cid));
    }
    int entries = eraseEntries(entriesOf(shop, orderIds, cid));
    if (!orderIds.isEmpty()) {
      em.createQuery("delete from FulfillmentState f where f.shopId = :s and f.orderId in :ids")
          .setParameter("s", shop.id().value())
          .setParameter("ids", new ArrayList<>(orderIds))
          .executeUpdate();
    }
    int orders = 0;
    for (ShopifyOrder o : ordersIn(shop, orderIds)) {
      em.remove(o);
      orders++;
    }
    int links = 0;
    for (CustomerLink l : linksOf(shop, cid, email, phone)) {
      em.remove(l);
      links++;
    }
    int payloads = 0;
    for (ShopifyWebhook d : eventsOf(shop, orderIds, cid)) {
      d.redact();
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
    e.redact();
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

  /** shop/redact: erases everything of the shop but its configuration and this delivery. */
  public String redactShop(Shop shop, ShopifyWebhook e) {
    int[] counts = eraseAll(shop, e.id());
    outbox.erase(
        io.tgdesk.telegram.bots.BotId.of(shop.botId()),
        List.of(),
        "shopify:" + shop.id() + ":",
        "shop/redact");
    e.redact();
    if (shop.uninstalledAt() == null) {
      shop.uninstalled(clock.instant());
    }
    return "erased "
        + counts[0]
        + " orders, "
        + counts[1]
        + " timeline entries, "
        + counts[2]
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

  /** Orders, timeline entries, deliveries erased; links and exports too. */
  private int[] eraseAll(Shop shop, Long keepEvent) {
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
    var deleteEvents =
        em.createQuery(
                "delete from ShopifyWebhook e where e.shopId = :s"
                    + (keepEvent == null ? "" : " and e.id <> :keep"))
            .setParameter("s", s);
    if (keepEvent != null) {
      deleteEvents.setParameter("keep", keepEvent);
    }
    int events = deleteEvents.executeUpdate();
    return new int[] {orders, entries, events};
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

  private List<Long> orderIdsOf(Shop shop, long cid) {
    return em.createQuery(
            "select o.orderId from ShopifyOrder o where o.shopId = :s and o.shopifyCustomerId = :c",
            Long.class)
        .setParameter("s", shop.id().value())
        .setParameter("c", cid)
        .getResultList();
  }

  private List<ShopifyOrder> ordersIn(Shop shop, Set<Long> orderIds) {
    if (orderIds.isEmpty()) {
      return List.of();
    }
    return em.createQuery(
            "select o from ShopifyOrder o where o.shopId = :s and o.orderId in :ids order by o.id",
            ShopifyOrder.class)
        .setParameter("s", shop.id().value())
        .setParameter("ids", new ArrayList<>(orderIds))
        .getResultList();
  }

  private List<TimelineEntry> entriesOf(Shop shop, Set<Long> orderIds, Long cid) {
    List<TimelineEntry> out = new ArrayList<>();
    if (!orderIds.isEmpty()) {
      out.addAll(
          em.createQuery(
                  "select t from TimelineEntry t where t.shopId = :s and t.orderId in :ids",
                  TimelineEntry.class)
              .setParameter("s", shop.id().value())
              .setParameter("ids", new ArrayList<>(orderIds))
              .getResultList());
    }
    if (cid != null) {
      for (TimelineEntry t :
          em.createQuery(
                  "select t from TimelineEntry t where t.shopId = :s and t.shopifyCustomerId = :c",
                  TimelineEntry.class)
              .setParameter("s", shop.id().value())
              .setParameter("c", cid)
              .getResultList()) {
        if (!out.contains(t)) out.add(t);
      }
    }
    return out;
  }

  private List<ShopifyWebhook> eventsOf(Shop shop, Set<Long> orderIds, Long cid) {
    List<ShopifyWebhook> out = new ArrayList<>();
    if (!orderIds.isEmpty()) {
      out.addAll(
          em.createQuery(
                  "select e from ShopifyWebhook e where e.shopId = :s and e.orderId in :ids",
                  ShopifyWebhook.class)
              .setParameter("s", shop.id().value())
              .setParameter("ids", new ArrayList<>(orderIds))
              .getResultList());
    }
    if (cid != null) {
      for (ShopifyWebhook d :
          em.createQuery(
                  "select e from ShopifyWebhook e where e.shopId = :s and e.shopifyCustomerId = :c",
                  ShopifyWebhook.class)
              .setParameter("s", shop.id().value())
              .setParameter("c", cid)
              .getResultList()) {
        if (!out.contains(d)) out.add(d);
      }
    }
    return out;
  }

  private List<CustomerLink> linksOf(Shop shop, Long cid, String email, String phone) {
    List<CustomerLink> out = new ArrayList<>();
    for (CustomerLink l :
        em.createQuery("select l from CustomerLink l where l.shopId = :s", CustomerLink.class)
            .setParameter("s", shop.id().value())
            .getResultList()) {
      boolean match =
          (cid != null && cid.equals(l.shopifyCustomerId()))
              || (email != null && email.equals(l.email()))
              || (phone != null && phone.equals(l.phone()));
      if (match) out.add(l);
    }
    return out;
  }
}
