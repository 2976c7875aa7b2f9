package io.tgdesk.shopify;

import io.tgdesk.shopify.intake.Outcome;
import io.tgdesk.shopify.intake.Payloads;
import io.tgdesk.shopify.intake.ShopifyWebhook;
import io.tgdesk.shopify.intake.WebhookHandler;
import io.tgdesk.shopify.orders.OrderEvents;
import io.tgdesk.shopify.orders.ShopifyTopics;
import io.tgdesk.shopify.privacy.CustomerDataExports;
import io.tgdesk.shopify.privacy.DataErasure;
import io.tgdesk.shopify.shops.Shop;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Applies one stored webhook in one transaction: the order topics through {@link OrderEvents}, the
 * privacy topics through {@link CustomerDataExports} and {@link DataErasure}, and the PROCESSED (or
 * IGNORED) mark commit together, so a retry after a failure never leaves half an effect, and a
 * processed webhook is never applied again. A body that does not fit its topic ({@link
 * ShopifyTopicFit}), that came before under the same topic with another event id (a replay:
 * Shopify's own retries keep the event id), that was triggered more than a week before it arrived,
 * or that cannot be read ends IGNORED with the reason; every other outcome is PROCESSED or, through
 * the processor, FAILED with the attempt counted.
 */
@ApplicationScoped
public class ShopifyWebhookHandler implements WebhookHandler {

  @PersistenceContext EntityManager em;
  @Inject OrderEvents orders;
  @Inject CustomerDataExports exports;
  @Inject DataErasure erasure;
  @Inject Clock clock;
  @Resource TransactionSynchronizationRegistry tx;

  @Override
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void handle(long id) {
    Instant now = clock.instant();
    // Locked: with several servers, two may reach the same webhook; the second waits, then finds
    // it processed. (Order between webhooks does not matter: staleness is decided by updated_at.)
    ShopifyWebhook e =
        em.find(ShopifyWebhook.class, id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
    if (e == null || !e.isDue(now)) {
      return; // processed meanwhile, or erased
    }
    Shop shop = em.find(Shop.class, e.shopId());
    Outcome outcome;
    Long earlier = e.raw() == null ? null : earlierWithSameBody(e);
    if (e.raw() == null) {
      outcome = Outcome.ignored("payload redacted");
    } else if (earlier != null) {
      outcome =
          Outcome.ignored(
              "the same signed body came before under "
                  + e.topic()
                  + " (delivery "
                  + earlier
                  + "); a replay has no second effect");
    } else if (triggeredLongBefore(e)) {
      outcome =
          Outcome.ignored(
              "triggered at "
                  + e.triggeredAt()
                  + ", more than "
                  + MAX_DELIVERY_DELAY.toDays()
                  + " days before it was received: a replay");
    } else {
      outcome = apply(shop, e, now);
    }
    if (tx.getRollbackOnly()) {
      // A bean below failed and its exception was caught: everything it wrote is lost, so the
      // webhook must not be marked done. The processor counts the attempt and retries later.
      throw new IllegalStateException(
          "the transaction was marked for rollback while applying the delivery ("
              + outcome.description()
              + ")");
    }
    e.done(outcome.state(), outcome.description(), now);
  }

  /**
   * Shopify retries a webhook for about 4 hours and sends shop/redact 48 hours after an uninstall;
   * a webhook received a week after its trigger is no retry. (The header is not signed: this stops
   * a replay that kept the original headers; {@link ShopifyTopicFit} and the body hash stop the
   * rest.)
   */
  static final Duration MAX_DELIVERY_DELAY = Duration.ofDays(7);

  /** Whether X-Shopify-Triggered-At lies more than {@link #MAX_DELIVERY_DELAY} before receipt. */
  private static boolean triggeredLongBefore(ShopifyWebhook e) {
    if (e.triggeredAt() == null || e.lifecycle().receivedAt() == null) {
      return false;
    }
    try {
      Instant triggered = OffsetDateTime.parse(e.triggeredAt()).toInstant();
      return triggered.plus(MAX_DELIVERY_DELAY).isBefore(e.lifecycle().receivedAt());
    } catch (DateTimeParseException unreadable) {
      return false; // Shopify writes ISO 8601; anything else decides nothing
    }
  }

  /** An earlier delivery of the shop with the same topic and the same body bytes, if any. */
  private Long earlierWithSameBody(ShopifyWebhook e) {
    if (e.bodySha256() == null) {
      return null;
    }
    return em.createQuery(
            "select min(o.id) from ShopifyWebhook o where o.shopId = :s and o.bodySha256 = :h"
                + " and o.topic = :t and o.id < :id",
            Long.class)
        .setParameter("s", e.shopId())
        .setParameter("h", e.bodySha256())
        .setParameter("t", e.topic())
        .setParameter("id", e.id())
        .getSingleResult();
  }

  /**
   * Reads and checks the payload first, outside the beans that join this transaction, so that a
   * payload refused as malformed ends IGNORED with its reason instead of rolling back the mark.
   */
  private Outcome apply(Shop shop, ShopifyWebhook e, Instant now) {
    String topic = e.topic();
    JsonObject body;
    Payloads.OrderTopic order = null;
    try {
      body = Payloads.parse(e.raw());
      String misfit = ShopifyTopicFit.mismatch(topic, body, shop.domain());
      if (misfit != null) {
        return Outcome.ignored("the body does not fit topic " + topic + ": " + misfit);
      }
      if (OrderEvents.handles(topic)) {
        order = OrderEvents.read(topic, body);
      }
    } catch (Payloads.MalformedPayload m) {
      return Outcome.ignored(m.getMessage());
    }
    if (order != null) {
      return orders.apply(shop, e, order, now);
    }
    switch (topic) {
      case ShopifyTopics.APP_UNINSTALLED:
        shop.uninstalled(now);
        return Outcome.processed("shop marked uninstalled; no more notices");
      case ShopifyTopics.CUSTOMERS_DATA_REQUEST:
        return Outcome.processed(exports.export(shop, e, body));
      case ShopifyTopics.CUSTOMERS_REDACT:
        return Outcome.processed(erasure.redactCustomer(shop, e, body));
      case ShopifyTopics.SHOP_REDACT:
        return Outcome.processed(erasure.redactShop(shop, e));
      default:
        return Outcome.ignored("topic " + topic + " is not handled");
    }
  }
}
