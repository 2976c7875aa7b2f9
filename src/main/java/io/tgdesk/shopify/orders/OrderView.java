package io.tgdesk.shopify.orders;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;

/** An order as agents see it on a ticket: its latest known state, no personal data. */
public record OrderView(
    long shopId,
    long orderId,
    String name,
    String financialStatus,
    String fulfillmentStatus,
    String totalPrice,
    String currency,
    String items,
    String tracking,
    Instant cancelledAt,
    String lastTopic,
    Instant orderUpdatedAt) {

  public static OrderView of(ShopifyOrder o) {
    return new OrderView(
        o.shopId(),
        o.orderId(),
        o.orderName(),
        o.financialStatus(),
        o.fulfillmentStatus(),
        o.totalPrice(),
        o.currency(),
        o.items(),
        o.tracking(),
        o.cancelledAt(),
        o.lastTopic(),
        o.orderUpdatedAt());
  }

  public JsonObject toJson() {
    JsonObjectBuilder b = Json.createObjectBuilder().add("shopId", shopId).add("orderId", orderId);
    put(b, "name", name);
    put(b, "financialStatus", financialStatus);
    put(b, "fulfillmentStatus", fulfillmentStatus);
    put(b, "totalPrice", totalPrice);
    put(b, "currency", currency);
    put(b, "items", items);
    put(b, "tracking", tracking);
    put(b, "cancelledAt", cancelledAt == null ? null : cancelledAt.toString());
    put(b, "lastTopic", lastTopic);
    put(b, "orderUpdatedAt", orderUpdatedAt == null ? null : orderUpdatedAt.toString());
    return b.build();
  }

  private static void put(JsonObjectBuilder b, String name, String value) {
    if (value != null) b.add(name, value);
  }
}
