package io.tgdesk.shopify.orders;

import io.tgdesk.shopify.customers.CustomerLink;
import io.tgdesk.shopify.customers.CustomerLinker;
import io.tgdesk.shopify.intake.Outcome;
import io.tgdesk.shopify.intake.Payloads;
import io.tgdesk.shopify.intake.ShopifyWebhook;
import io.tgdesk.shopify.shops.Shop;
import io.tgdesk.shopify.shops.ShopId;
import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.telegram.outbound.OutboundCall;
import io.tgdesk.telegram.outbound.Outbox;
import io.tgdesk.telegram.outbound.outbox.Lane;
import io.tgdesk.tickets.Customer;
import io.tgdesk.tickets.FloodGuard;
import io.tgdesk.tickets.SystemEntries;
import io.tgdesk.tickets.TicketIntake;
import io.tgdesk.tickets.queues.Queues;
import io.tgdesk.tickets.texts.CustomerText;
import io.tgdesk.tickets.texts.CustomerTexts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The order topics of a webhook (orders/*, fulfillments/*, refunds/create): the order snapshot, the
 * customer link, the timeline entry and the notice in the outbox. Joins the transaction of the
 * webhook, so that they commit together with its PROCESSED mark.
 *
 * <p>Staleness: an orders/* payload whose {@code updated_at} is older than the state held is
 * ignored (no entry, no notice), whatever the order of arrival; an orders/updated with the same
 * {@code updated_at} as the state held changed nothing and is ignored too.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class OrderEvents {

  /** The notice category in the outbox. */
  public static final String CATEGORY = "shopify";

  @PersistenceContext EntityManager em;
  @Inject CustomerLinker linker;
  @Inject SystemEntries tickets;
  @Inject Queues queues;
  @Inject TimelineBackfill backfill;
  @Inject Outbox outbox;
  @Inject FloodGuard floods;
  @Inject TicketIntake intake;
  @Inject CustomerTexts texts;

  /** Whether the topic is one of the order topics applied here. */
  public static boolean handles(String topic) {
    return ShopifyTopics.NOTICE_TOPICS.contains(topic);
  }

  /**
   * Reads the payload of one of the order topics. Static, so outside any transaction: a payload
   * refused here ({@link Payloads.MalformedPayload}) never marks the webhook's transaction for
   * rollback, and the webhook can be recorded as ignored with the reason.
   */
  public static Payloads.OrderTopic read(String topic, JsonObject body) {
    if (ShopifyTopics.ORDER_TOPICS.contains(topic)) {
      return Payloads.Order.of(body);
    }
    return switch (topic) {
      case ShopifyTopics.FULFILLMENTS_CREATE, ShopifyTopics.FULFILLMENTS_UPDATE ->
          Payloads.Fulfillment.of(body);
      case ShopifyTopics.REFUNDS_CREATE -> Payloads.Refund.of(body);
      default -> throw new IllegalArgumentException("not an order topic: " + topic);
    };
  }

  /** Applies a delivery of one of the order topics, read with {@link #read}. */
  public Outcome apply(Shop shop, ShopifyWebhook e, Payloads.OrderTopic payload, Instant now) {
    if (payload instanceof Payloads.Order o) {
      return order(shop, e, o, now);
    }
    if (payload instanceof Payloads.Fulfillment f) {
      return fulfillment(shop, e, f, now);
    }
    return refund(shop, e, (Payloads.Refund) payload, now);
  }

  private Outcome order(Shop shop, ShopifyWebhook e, Payloads.Order p, Instant now) {
    e.concerns(p.id(), p.customerId());
    ShopifyOrder order = findOrder(shop, p.id()).orElse(null);
    if (order != null && order.orderUpdatedAt() != null && p.updatedAt() != null) {
      if (p.updatedAt().isBefore(order.orderUpdatedAt())) {
        return Outcome.ignored(
            "stale: updated_at "
                + p.updatedAt()
                + " is older than the state held ("
                + order.orderUpdatedAt()
                + ")");
      }
      if (p.updatedAt().equals(order.orderUpdatedAt())
          && ShopifyTopics.ORDERS_UPDATED.equals(e.topic())) {
        return Outcome.ignored("no change since updated_at " + p.updatedAt());
      }
    }
    if (order == null) {
      order = new ShopifyOrder(shop.id(), p.id(), now);
      em.persist(order);
    }
    order.apply(p, e.topic(), now);
    Optional<Long> user = linker.resolve(shop, p);
    if (user.isEmpty() && order.telegramUserId() != null) {
      user = Optional.of(order.telegramUserId());
    }
    user.ifPresent(order::linkTo);
    return effects(shop, order, e.topic(), user, null, null, null, now);
  }

  private Outcome fulfillment(Shop shop, ShopifyWebhook e, Payloads.Fulfillment f, Instant now) {
    if (f.id() != null) {
      FulfillmentState state =
          em.createQuery(
                  "select f from FulfillmentState f where f.shopId = :s and f.fulfillmentId = :f",
                  FulfillmentState.class)
              .setParameter("s", shop.id().value())
              .setParameter("f", f.id())
              .getResultStream()
              .findFirst()
              .orElse(null);
      if (state != null && state.isStale(f.updatedAt())) {
        e.concerns(f.orderId(), null);
        return Outcome.ignored(
            "stale: fulfillment updated_at "
                + f.updatedAt()
                + " is older than the one applied ("
                + state.updatedAt()
                + ")");
      }
      if (state == null) {
        state = new FulfillmentState(shop.id(), f.id(), f.orderId());
        em.persist(state);
      }
      state.applied(f.updatedAt());
    }
    ShopifyOrder order = orderFor(shop, f.orderId(), now);
    order.note(e.topic(), f.tracking(), now);
    e.concerns(f.orderId(), order.shopifyCustomerId());
    String detail =
        (f.status() == null ? "" : "status " + f.status())
            + (f.tracking() == null
                ? ""
                : (f.status() == null ? "" : ", ") + "tracking " + f.tracking());
    return effects(
        shop,
        order,
        e.topic(),
        userOf(shop, order),
        f.tracking(),
        null,
        detail.isEmpty() ? null : detail,
        now);
  }

  private Outcome refund(Shop shop, ShopifyWebhook e, Payloads.Refund r, Instant now) {
    ShopifyOrder order = orderFor(shop, r.orderId(), now);
    order.note(e.topic(), null, now);
    e.concerns(r.orderId(), order.shopifyCustomerId());
    String amount =
        r.amount() == null ? "" : r.amount() + (r.currency() == null ? "" : " " + r.currency());
    return effects(
        shop,
        order,
        e.topic(),
        userOf(shop, order),
        null,
        r.amount(),
        amount.isEmpty() ? null : "refunded " + amount,
        now);
  }

  private Outcome effects(
      Shop shop,
      ShopifyOrder order,
      String topic,
      Optional<Long> user,
      String tracking,
      String refund,
      String detail,
      Instant now) {
    String name = order.orderName() == null ? "#" + order.orderId() : order.orderName();
    if (user.isEmpty()) {
      return Outcome.processed("order " + name + " recorded; customer not linked");
    }
    BotId bot = BotId.of(shop.botId());
    String subject =
        "Order "
            + name
            + (ShopifyTopics.REFUNDS_CREATE.equals(topic)
                ? " refunded"
                : " " + topic.substring(topic.indexOf('/') + 1));
    var entry =
        tickets.recordSystemEntry(
            bot,
            user.get(),
            subject,
            ShopifyTopics.timelineText(topic, order, detail),
            opensTicket(shop, topic),
            shop.queueName());
    entry.ifPresent(
        en ->
            em.persist(
                new TimelineEntry(
                    shop.id(),
                    order.orderId(),
                    order.shopifyCustomerId(),
                    en.ticketId().value(),
                    en.messageId(),
                    topic,
                    now)));
    String noticed = notice(shop, order, topic, user.get(), tracking, refund);
    // The customer may be linked just now (note attribute, email, phone): earlier orders follow.
    int history =
        order.shopifyCustomerId() == null
            ? 0
            : backfill.linked(shop, user.get(), order.shopifyCustomerId());
    return Outcome.processed(
        "order "
            + name
            + (entry.isPresent() ? " on ticket " + entry.get().ticketId() : "; no active ticket")
            + noticed
            + (history == 0 ? "" : "; " + history + " earlier order(s) linked"));
  }

  /**
   * Queues the topic's notice, coalescing with one still waiting for the same order: the waiting
   * notice's cancellations and refunds stay in it, whatever state follows.
   *
   * @return what became of the notice, for the webhook's outcome ("" when there is none)
   */
  private String notice(
      Shop shop, ShopifyOrder order, String topic, long user, String tracking, String refund) {
    if (!shop.noticesEnabled() || shop.uninstalledAt() != null) {
      return "";
    }
    BotId bot = BotId.of(shop.botId());
    String text;
    String own = shop.templates().get(topic);
    if (own != null) {
      if (own.isBlank()) {
        return "";
      }
      ShopifyTopics.Rendered rendered =
          ShopifyTopics.render(own, order, shop.domain(), tracking, refund);
      if (!rendered.complete()) {
        // Fail closed: a notice with a hole in it is worse than none; the admin sees why.
        return "; notice not sent: " + String.join(", ", rendered.missing()) + " has no value";
      }
      text = rendered.text();
    } else {
      CustomerText key = ShopifyTopics.NOTICE_TEXTS.get(topic);
      if (key == null) {
        return "";
      }
      String language = intake.findCustomer(bot, user).map(Customer::languageCode).orElse(null);
      CustomerTexts.Rendered rendered =
          texts.render(
              bot, language, key, ShopifyTopics.values(order, shop.domain(), tracking, refund));
      if (!rendered.complete()) {
        return "; notice not sent: "
            + String.join(", ", rendered.missing().stream().map(n -> "{" + n + "}").toList())
            + " has no value";
      }
      text = rendered.text();
    }
    if (text.isBlank()) {
      return "";
    }
    if (!floods.tryAutomaticMessage(bot, user)) {
      // A blocked customer gets nothing; a flooding one at most one automatic message a period.
      return "; notice withheld: the customer is blocked or flooding";
    }
    String key = coalesceKey(shop.id(), order.orderId());
    Duration window = Duration.ofSeconds(shop.noticeWindowSeconds());
    List<String> kept = outbox.hasPendingCoalescing(bot, key) ? order.noticeKept() : List.of();
    String alone = ShopifyTopics.coalesce(List.of(), text);
    if (kept.isEmpty()) {
      outbox.enqueue(noticeCall(bot, user, alone, key, window));
    } else if (outbox
        .replacePending(noticeCall(bot, user, ShopifyTopics.coalesce(kept, text), key, window))
        .isEmpty()) {
      // The engine took the pending notice meanwhile: what it kept is on its way already.
      kept = List.of();
      outbox.enqueue(noticeCall(bot, user, alone, key, window));
    }
    if (ShopifyTopics.MUST_TELL.contains(topic) && !kept.contains(text)) {
      List<String> more = new java.util.ArrayList<>(kept);
      more.add(text);
      order.keepInNotice(more);
    } else {
      order.keepInNotice(kept);
    }
    return "; notice queued";
  }

  private static OutboundCall noticeCall(
      BotId bot, long user, String text, String key, Duration window) {
    return OutboundCall.text(bot, user, null, text, null, Lane.NOTICE, CATEGORY)
        .coalescing(key, window);
  }

  /**
   * Whether the topic's entry opens a new ticket when the customer has none active: the shop's
   * queue decides; without a queue (or when it was deleted), cancellations and refunds do.
   */
  private boolean opensTicket(Shop shop, String topic) {
    if (shop.queueName() != null) {
      Optional<Boolean> byQueue = queues.opensTicket(shop.queueName(), topic);
      if (byQueue.isPresent()) {
        return byQueue.get();
      }
    }
    return ShopifyTopics.OPENING_BY_DEFAULT.contains(topic);
  }

  /**
   * Notices about one order replace a still-pending one: one message with the latest state (and
   * every cancellation or refund since the waiting notice began).
   */
  public static String coalesceKey(ShopId shop, long orderId) {
    return "shopify:" + shop + ":" + orderId;
  }

  private Optional<Long> userOf(Shop shop, ShopifyOrder order) {
    if (order.telegramUserId() != null) {
      return Optional.of(order.telegramUserId());
    }
    if (order.shopifyCustomerId() != null) {
      Optional<Long> user =
          linker.byShopifyId(shop, order.shopifyCustomerId()).map(CustomerLink::telegramUserId);
      user.ifPresent(order::linkTo);
      return user;
    }
    return Optional.empty();
  }

  private ShopifyOrder orderFor(Shop shop, long orderId, Instant now) {
    return findOrder(shop, orderId)
        .orElseGet(
            () -> {
              ShopifyOrder o = new ShopifyOrder(shop.id(), orderId, now);
              em.persist(o);
              return o;
            });
  }

  private Optional<ShopifyOrder> findOrder(Shop shop, long orderId) {
    return em.createQuery(
            "select o from ShopifyOrder o where o.shopId = :s and o.orderId = :o",
            ShopifyOrder.class)
        .setParameter("s", shop.id().value())
        .setParameter("o", orderId)
        .getResultStream()
        .findFirst();
  }
}
