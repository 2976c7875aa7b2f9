package io.tgdesk.shopify.customers;

import io.tgdesk.shopify.intake.Payloads;
import io.tgdesk.shopify.shops.Shop;
import io.tgdesk.tickets.TicketQueries;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Finds the Telegram user behind an order, in this order: the note attribute {@value
 * #NOTE_ATTRIBUTE} (a Telegram user id the storefront put on the order), an existing link of the
 * Shopify customer id, an explicit link by email or by phone, a Telegram contact with the order's
 * phone shared in a private chat with the shop's bot. What it finds is remembered as a link of the
 * Shopify customer id. Null email, phone or customer (redacted data, guest checkouts) just skip
 * their step. Joins the caller's transaction.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class CustomerLinker {

  /** The order note attribute carrying the customer's Telegram user id. */
  public static final String NOTE_ATTRIBUTE = "telegram_user_id";

  @PersistenceContext EntityManager em;
  @Inject TicketQueries tickets;
  @Inject Clock clock;

  public Optional<Long> resolve(Shop shop, Payloads.Order order) {
    Instant now = clock.instant();
    Long fromNote = noteAttribute(order);
    Optional<CustomerLink> byId =
        order.customerId() == null ? Optional.empty() : byShopifyId(shop, order.customerId());
    if (fromNote != null) {
      if (byId.isEmpty() && order.customerId() != null) {
        em.persist(
            new CustomerLink(
                shop.id(),
                fromNote,
                order.customerId(),
                null,
                null,
                CustomerLink.Source.NOTE_ATTRIBUTE,
                now));
      }
      return Optional.of(fromNote);
    }
    if (byId.isPresent()) {
      return Optional.of(byId.get().telegramUserId());
    }
    Optional<CustomerLink> byContact =
        order.email() == null ? Optional.empty() : find(shop, "email", order.email());
    if (byContact.isEmpty() && order.phone() != null) {
      byContact = find(shop, "phone", order.phone());
    }
    if (byContact.isPresent()) {
      if (order.customerId() != null && byContact.get().shopifyCustomerId() == null) {
        byContact.get().bindShopifyCustomer(order.customerId());
      }
      return Optional.of(byContact.get().telegramUserId());
    }
    if (order.phone() != null) {
      Optional<Long> user = tickets.findUserByContactPhone(shop.botId(), order.phone());
      if (user.isPresent()) {
        if (order.customerId() != null) {
          em.persist(
              new CustomerLink(
                  shop.id(),
                  user.get(),
                  order.customerId(),
                  null,
                  null,
                  CustomerLink.Source.TELEGRAM_CONTACT,
                  now));
        }
        return user;
      }
    }
    return Optional.empty();
  }

  public Optional<CustomerLink> byShopifyId(Shop shop, long shopifyCustomerId) {
    return em.createQuery(
            "select l from CustomerLink l where l.shopId = :s and l.shopifyCustomerId = :c",
            CustomerLink.class)
        .setParameter("s", shop.id().value())
        .setParameter("c", shopifyCustomerId)
        .getResultStream()
        .findFirst();
  }

  private Optional<CustomerLink> find(Shop shop, String field, String value) {
    return em.createQuery(
            "select l from CustomerLink l where l.shopId = :s and l."
                + field
                + " = :v order by l.id",
            CustomerLink.class)
        .setParameter("s", shop.id().value())
        .setParameter("v", value)
        .setMaxResults(1)
        .getResultStream()
        .findFirst();
  }

  private static Long noteAttribute(Payloads.Order order) {
    String v = order.noteAttributes().get(NOTE_ATTRIBUTE);
    if (v == null) {
      return null;
    }
    try {
      long id = Long.parseLong(v.trim());
      return id > 0 ? id : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
