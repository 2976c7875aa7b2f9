package io.tgdesk.shopify.privacy;

import io.tgdesk.shopify.customers.CustomerLink;
import io.tgdesk.shopify.intake.ShopifyWebhook;
import io.tgdesk.shopify.orders.ShopifyOrder;
import io.tgdesk.shopify.orders.TimelineEntry;
import io.tgdesk.shopify.shops.Shop;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds what TgDesk holds about one customer of a shop, for the export and for the erasure: links,
 * orders, timeline entries and stored webhooks, by Shopify customer id, email, phone and order ids.
 * Reads in the caller's transaction.
 */
@ApplicationScoped
class CustomerDataLookup {

  @PersistenceContext EntityManager em;

  List<Long> orderIdsOf(Shop shop, long cid) {
    return em.createQuery(
            "select o.orderId from ShopifyOrder o where o.shopId = :s and o.shopifyCustomerId = :c",
            Long.class)
        .setParameter("s", shop.id().value())
        .setParameter("c", cid)
        .getResultList();
  }

  List<ShopifyOrder> ordersIn(Shop shop, Set<Long> orderIds) {
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

  List<TimelineEntry> entriesOf(Shop shop, Set<Long> orderIds, Long cid) {
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

  List<ShopifyWebhook> webhooksOf(Shop shop, Set<Long> orderIds, Long cid) {
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
      for (ShopifyWebhook w :
          em.createQuery(
                  "select e from ShopifyWebhook e where e.shopId = :s and e.shopifyCustomerId = :c",
                  ShopifyWebhook.class)
              .setParameter("s", shop.id().value())
              .setParameter("c", cid)
              .getResultList()) {
        if (!out.contains(w)) out.add(w);
      }
    }
    return out;
  }

  /** The shop's links to this Telegram user. */
  List<CustomerLink> linksOfUser(Shop shop, long telegramUserId) {
    return em.createQuery(
            "select l from CustomerLink l where l.shopId = :s and l.telegramUserId = :u order by l.id",
            CustomerLink.class)
        .setParameter("s", shop.id().value())
        .setParameter("u", telegramUserId)
        .getResultList();
  }

  /** The shop's orders linked to this Telegram user, or placed by these Shopify customers. */
  Set<Long> orderIdsOfUser(Shop shop, long telegramUserId, Collection<Long> cids) {
    Set<Long> out =
        new LinkedHashSet<>(
            em.createQuery(
                    "select o.orderId from ShopifyOrder o where o.shopId = :s"
                        + " and o.telegramUserId = :u",
                    Long.class)
                .setParameter("s", shop.id().value())
                .setParameter("u", telegramUserId)
                .getResultList());
    for (Long cid : cids) {
      out.addAll(orderIdsOf(shop, cid));
    }
    return out;
  }

  /** The shops of a bot. */
  List<Shop> shopsOf(long botId) {
    return em.createQuery("select s from Shop s where s.botId = :b order by s.id", Shop.class)
        .setParameter("b", botId)
        .getResultList();
  }

  List<CustomerLink> linksOf(Shop shop, Long cid, String email, String phone) {
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
