package io.tgdesk.shopify.privacy;

import io.tgdesk.shopify.customers.CustomerLink;
import io.tgdesk.shopify.intake.ShopifyWebhook;
import io.tgdesk.shopify.orders.OrderView;
import io.tgdesk.shopify.orders.TimelineEntry;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.util.List;

/**
 * What a customers/data_request export holds about the customer, written as JSON-B into the stored
 * export ({@link DataExport#content()}) that admins read. Absent values are left out. Immutable.
 *
 * @param webhooks the customer's other stored webhooks (JSON {@code deliveries}), without payloads
 */
@JsonbPropertyOrder({
  "shopDomain",
  "generatedAt",
  "links",
  "orders",
  "timelineEntries",
  "webhooks",
  "dataRequestId",
  "shopifyCustomerId"
})
public record ExportedCustomerData(
    String shopDomain,
    Instant generatedAt,
    List<Link> links,
    List<OrderView> orders,
    List<Entry> timelineEntries,
    @JsonbProperty("deliveries") List<Webhook> webhooks,
    Long dataRequestId,
    Long shopifyCustomerId) {

  private static final Jsonb JSON = JsonbBuilder.create();

  /** A link between the customer and a Telegram user. */
  @JsonbPropertyOrder({
    "telegramUserId",
    "source",
    "createdAt",
    "shopifyCustomerId",
    "email",
    "phone"
  })
  public record Link(
      long telegramUserId,
      String source,
      Instant createdAt,
      Long shopifyCustomerId,
      String email,
      String phone) {
    static Link of(CustomerLink l) {
      return new Link(
          l.telegramUserId(),
          l.source(),
          l.createdAt(),
          l.shopifyCustomerId(),
          l.email(),
          l.phone());
    }
  }

  /** An entry an order left in a ticket's timeline. */
  @JsonbPropertyOrder({"orderId", "ticketId", "messageId", "topic", "createdAt"})
  public record Entry(
      long orderId, long ticketId, long messageId, String topic, Instant createdAt) {
    static Entry of(TimelineEntry t) {
      return new Entry(t.orderId(), t.ticketId(), t.messageId(), t.topic(), t.createdAt());
    }
  }

  /** A stored webhook about the customer: whether its payload is still held. */
  @JsonbPropertyOrder({"id", "topic", "receivedAt", "payloadHeld"})
  public record Webhook(long id, String topic, Instant receivedAt, boolean payloadHeld) {
    static Webhook of(ShopifyWebhook w) {
      return new Webhook(w.id(), w.topic(), w.lifecycle().receivedAt(), w.raw() != null);
    }
  }

  /** The export as JSON. */
  public String toJson() {
    return JSON.toJson(this);
  }
}
