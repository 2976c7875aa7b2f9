package io.tgdesk.shopify.privacy;

import io.tgdesk.shopify.customers.CustomerLink;
import io.tgdesk.shopify.intake.Payloads;
import io.tgdesk.shopify.intake.ShopifyWebhook;
import io.tgdesk.shopify.orders.OrderView;
import io.tgdesk.shopify.orders.ShopifyOrder;
import io.tgdesk.shopify.orders.TimelineEntry;
import io.tgdesk.shopify.shops.Shop;
import io.tgdesk.telegram.bots.BotId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * customers/data_request: gathers everything TgDesk holds about the customer ({@link
 * ExportedCustomerData}) and stores it as a {@link DataExport} for admins. Joins the caller's
 * transaction.
 */
@ApplicationScoped
@Transactional
public class CustomerDataExports {

  @PersistenceContext EntityManager em;
  @Inject CustomerDataLookup held;
  @Inject Clock clock;

  /**
   * What the bot's shops hold about a Telegram user (links, the orders linked to them or placed by
   * the Shopify customers they are linked to, timeline entries, stored deliveries), one export per
   * shop that holds anything; nothing is stored. For the export of a Telegram customer.
   */
  public List<ExportedCustomerData> ofTelegramUser(BotId bot, long telegramUserId) {
    List<ExportedCustomerData> out = new java.util.ArrayList<>();
    for (Shop shop : held.shopsOf(bot.value())) {
      List<CustomerLink> links = held.linksOfUser(shop, telegramUserId);
      List<Long> cids = shopifyCustomers(links);
      Set<Long> orderIds = held.orderIdsOfUser(shop, telegramUserId, cids);
      List<ShopifyOrder> orders = held.ordersIn(shop, orderIds);
      Set<TimelineEntry> entries = new LinkedHashSet<>(held.entriesOf(shop, orderIds, null));
      Set<ShopifyWebhook> webhooks = new LinkedHashSet<>(held.webhooksOf(shop, orderIds, null));
      for (Long cid : cids) {
        entries.addAll(held.entriesOf(shop, Set.of(), cid));
        webhooks.addAll(held.webhooksOf(shop, Set.of(), cid));
      }
      if (links.isEmpty() && orders.isEmpty() && entries.isEmpty() && webhooks.isEmpty()) {
        continue;
      }
      out.add(
          new ExportedCustomerData(
              shop.domain(),
              clock.instant(),
              links.stream().map(ExportedCustomerData.Link::of).toList(),
              orders.stream().map(OrderView::of).toList(),
              entries.stream().map(ExportedCustomerData.Entry::of).toList(),
              webhooks.stream().map(ExportedCustomerData.Webhook::of).toList(),
              null,
              cids.size() == 1 ? cids.get(0) : null));
    }
    return out;
  }

  static List<Long> shopifyCustomers(List<CustomerLink> links) {
    return links.stream()
        .map(CustomerLink::shopifyCustomerId)
        .filter(java.util.Objects::nonNull)
        .distinct()
        .toList();
  }

  /** Stores an export for admins; returns the outcome. */
  public String export(Shop shop, ShopifyWebhook request, JsonObject body) {
    JsonObject customer = Payloads.object(body, "customer");
    Long cid = Payloads.number(customer, "id");
    String email = Payloads.email(Payloads.string(customer, "email"));
    String phone = Payloads.phone(Payloads.string(customer, "phone"));
    Long requestId = Payloads.number(Payloads.object(body, "data_request"), "id");
    Set<Long> orderIds = new LinkedHashSet<>(Payloads.numbers(body, "orders_requested"));
    request.concerns(null, cid);

    List<CustomerLink> links = held.linksOf(shop, cid, email, phone);
    if (cid != null) {
      orderIds.addAll(held.orderIdsOf(shop, cid));
    }
    List<ShopifyOrder> orders = held.ordersIn(shop, orderIds);
    ExportedCustomerData content =
        new ExportedCustomerData(
            shop.domain(),
            clock.instant(),
            links.stream().map(ExportedCustomerData.Link::of).toList(),
            orders.stream().map(OrderView::of).toList(),
            held.entriesOf(shop, orderIds, cid).stream()
                .map(ExportedCustomerData.Entry::of)
                .toList(),
            held.webhooksOf(shop, orderIds, cid).stream()
                .filter(w -> w.id() != request.id())
                .map(ExportedCustomerData.Webhook::of)
                .toList(),
            requestId,
            cid);
    DataExport export =
        new DataExport(shop.id(), requestId, cid, content.toJson(), clock.instant());
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
}
