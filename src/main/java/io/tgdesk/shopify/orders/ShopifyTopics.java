package io.tgdesk.shopify.orders;

import io.tgdesk.tickets.texts.CustomerText;
import io.tgdesk.tickets.texts.CustomerTexts;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The webhook topics TgDesk acts on, the timeline text of each order topic, and the customer text
 * of each notice topic, used when a shop has no template of its own for a topic.
 *
 * <p>Template placeholders: {@code {order}} (the order name, e.g. #1001), {@code
 * {financial_status}}, {@code {fulfillment_status}}, {@code {total}}, {@code {currency}}, {@code
 * {items}}, {@code {tracking}}, {@code {refund}} (the refunded amount) and {@code {shop}}. A notice
 * whose template names a placeholder without a value is not sent at all (it would read "We refunded
 * USD"): {@link #render} says which are missing. {@code {tracking}} alone is optional, as most
 * shipments have none: without a value it becomes empty (the shipped texts write it {@code
 * {tracking|}}).
 */
public final class ShopifyTopics {

  private ShopifyTopics() {}

  public static final String ORDERS_CREATE = "orders/create";
  public static final String ORDERS_UPDATED = "orders/updated";
  public static final String ORDERS_PAID = "orders/paid";
  public static final String ORDERS_CANCELLED = "orders/cancelled";
  public static final String ORDERS_FULFILLED = "orders/fulfilled";
  public static final String ORDERS_PARTIALLY_FULFILLED = "orders/partially_fulfilled";
  public static final String FULFILLMENTS_CREATE = "fulfillments/create";
  public static final String FULFILLMENTS_UPDATE = "fulfillments/update";
  public static final String REFUNDS_CREATE = "refunds/create";
  public static final String APP_UNINSTALLED = "app/uninstalled";
  public static final String CUSTOMERS_DATA_REQUEST = "customers/data_request";
  public static final String CUSTOMERS_REDACT = "customers/redact";
  public static final String SHOP_REDACT = "shop/redact";

  public static final Set<String> ORDER_TOPICS =
      Set.of(
          ORDERS_CREATE,
          ORDERS_UPDATED,
          ORDERS_PAID,
          ORDERS_CANCELLED,
          ORDERS_FULFILLED,
          ORDERS_PARTIALLY_FULFILLED);

  /** Topics that leave an entry in the ticket timeline and may have a notice template. */
  public static final Set<String> NOTICE_TOPICS =
      Set.of(
          ORDERS_CREATE,
          ORDERS_UPDATED,
          ORDERS_PAID,
          ORDERS_CANCELLED,
          ORDERS_FULFILLED,
          ORDERS_PARTIALLY_FULFILLED,
          FULFILLMENTS_CREATE,
          FULFILLMENTS_UPDATE,
          REFUNDS_CREATE);

  /**
   * Topics whose entry opens a new ticket when the customer has no active one: for a shop without a
   * queue, and for a queue that did not choose its own list.
   */
  public static final List<String> OPENING_BY_DEFAULT = List.of(ORDERS_CANCELLED, REFUNDS_CREATE);

  /**
   * The customer text of each notice topic, used when the shop has no template of its own for it:
   * shipped per language, and a bot may have its own ({@link CustomerTexts}).
   */
  public static final Map<String, CustomerText> NOTICE_TEXTS =
      Map.of(
          ORDERS_CREATE, CustomerText.ORDER_CREATED,
          ORDERS_UPDATED, CustomerText.ORDER_UPDATED,
          ORDERS_PAID, CustomerText.ORDER_PAID,
          ORDERS_CANCELLED, CustomerText.ORDER_CANCELLED,
          ORDERS_FULFILLED, CustomerText.ORDER_FULFILLED,
          ORDERS_PARTIALLY_FULFILLED, CustomerText.ORDER_PARTIALLY_FULFILLED,
          FULFILLMENTS_CREATE, CustomerText.FULFILLMENT_CREATED,
          FULFILLMENTS_UPDATE, CustomerText.FULFILLMENT_UPDATED,
          REFUNDS_CREATE, CustomerText.REFUND_CREATED);

  /** The line an order event leaves in the ticket timeline (no personal data). */
  public static String timelineText(String topic, ShopifyOrder o, String detail) {
    String name = o.orderName() == null ? "#" + o.orderId() : o.orderName();
    String what =
        switch (topic) {
          case ORDERS_CREATE -> "placed";
          case ORDERS_UPDATED -> "updated";
          case ORDERS_PAID -> "paid";
          case ORDERS_CANCELLED -> "cancelled";
          case ORDERS_FULFILLED -> "fulfilled";
          case ORDERS_PARTIALLY_FULFILLED -> "partially fulfilled";
          case FULFILLMENTS_CREATE -> "shipment created";
          case FULFILLMENTS_UPDATE -> "shipment updated";
          case REFUNDS_CREATE -> "refund";
          default -> topic;
        };
    StringBuilder b = new StringBuilder("Shopify order ").append(name).append(": ").append(what);
    if (o.totalPrice() != null) {
      b.append(" · total ")
          .append(o.totalPrice())
          .append(o.currency() == null ? "" : " " + o.currency());
    }
    if (o.financialStatus() != null) b.append(" · payment ").append(o.financialStatus());
    if (o.fulfillmentStatus() != null) b.append(" · fulfillment ").append(o.fulfillmentStatus());
    if (detail != null) b.append(" · ").append(detail);
    return b.toString();
  }

  /**
   * The one entry of an order received before its customer was linked: its latest state, marked as
   * history.
   */
  public static String summaryText(ShopifyOrder o) {
    String detail =
        (o.tracking() == null ? "" : "tracking " + o.tracking() + " · ")
            + "received before the customer was linked";
    return timelineText(o.lastTopic() == null ? ORDERS_UPDATED : o.lastTopic(), o, detail);
  }

  /** Topics the customer must hear of even when a later state follows within the notice window. */
  public static final Set<String> MUST_TELL = Set.of(ORDERS_CANCELLED, REFUNDS_CREATE);

  /** A rendered notice: its text, or the placeholders that had no value (then it is not sent). */
  public record Rendered(String text, List<String> missing) {
    public boolean complete() {
      return missing.isEmpty();
    }
  }

  /** Renders a shop's own template with the order's latest state. */
  public static Rendered render(
      String template, ShopifyOrder o, String shop, String tracking, String refund) {
    Map<String, String> values = values(o, shop, tracking, refund);
    List<String> missing = new java.util.ArrayList<>();
    String out = template;
    for (var e : values.entrySet()) {
      String placeholder = "{" + e.getKey() + "}";
      boolean blank = e.getValue() == null || e.getValue().isBlank();
      if (blank && out.contains(placeholder) && !e.getKey().equals("tracking")) {
        missing.add(placeholder);
      }
      out = out.replace(placeholder, blank ? "" : e.getValue());
    }
    out = out.strip();
    return new Rendered(out.length() > 4096 ? out.substring(0, 4096) : out, List.copyOf(missing));
  }

  /** The values of a notice's placeholders for the order's latest state; null where missing. */
  public static Map<String, String> values(
      ShopifyOrder o, String shop, String tracking, String refund) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("order", o.orderName() == null ? "#" + o.orderId() : o.orderName());
    values.put("financial_status", o.financialStatus());
    values.put(
        "fulfillment_status",
        o.fulfillmentStatus() == null ? "unfulfilled" : o.fulfillmentStatus());
    values.put("total", o.totalPrice());
    values.put("currency", o.currency());
    values.put("items", o.items());
    values.put("tracking", tracking != null ? tracking : o.tracking());
    values.put("refund", refund);
    values.put("shop", shop);
    return values;
  }

  /**
   * The text of a notice that replaces one still waiting for the same order: the waiting notice's
   * must-tell lines (cancellations, refunds), then the new line unless it is one of them already.
   */
  public static String coalesce(List<String> kept, String line) {
    List<String> lines = new java.util.ArrayList<>(kept);
    if (!lines.contains(line)) {
      lines.add(line);
    }
    String text = String.join("\n", lines);
    return text.length() > 4096 ? text.substring(0, 4096) : text;
  }
}
