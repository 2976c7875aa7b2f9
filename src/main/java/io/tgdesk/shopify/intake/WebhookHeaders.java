package io.tgdesk.shopify.intake;

import jakarta.ws.rs.core.HttpHeaders;
import java.util.Locale;

/**
 * The Shopify headers of one webhook, read with and without the {@code X-} prefix (header names are
 * case-insensitive). The event key is {@code X-Shopify-Event-Id}, else {@code
 * X-Shopify-Webhook-Id}.
 */
public record WebhookHeaders(
    String shopDomain,
    String hmac,
    String topic,
    String eventId,
    String webhookId,
    String apiVersion,
    String triggeredAt) {

  public static WebhookHeaders of(HttpHeaders headers) {
    return new WebhookHeaders(
        lower(read(headers, "Shop-Domain")),
        read(headers, "Hmac-Sha256"),
        lower(read(headers, "Topic")),
        read(headers, "Event-Id"),
        read(headers, "Webhook-Id"),
        read(headers, "API-Version"),
        read(headers, "Triggered-At"));
  }

  /**
   * Why these headers cannot be stored (a missing topic or id, or one longer than its column), or
   * null when they can.
   */
  public String problem() {
    if (topic == null) return "X-Shopify-Topic is missing";
    if (eventKey() == null) return "Neither X-Shopify-Event-Id nor X-Shopify-Webhook-Id is present";
    if (topic.length() > 100) return "X-Shopify-Topic is longer than 100 characters";
    if (eventId != null && eventId.length() > 190
        || webhookId != null && webhookId.length() > 190) {
      return "X-Shopify-Event-Id or X-Shopify-Webhook-Id is longer than 190 characters";
    }
    if (apiVersion != null && apiVersion.length() > 20) {
      return "X-Shopify-API-Version is longer than 20 characters";
    }
    if (triggeredAt != null && triggeredAt.length() > 64) {
      return "X-Shopify-Triggered-At is longer than 64 characters";
    }
    return null;
  }

  /** The unique key of the delivery, or null when it has neither id. */
  public String eventKey() {
    if (eventId != null) {
      return "event:" + eventId;
    }
    return webhookId == null ? null : "webhook:" + webhookId;
  }

  private static String read(HttpHeaders headers, String name) {
    String v = headers.getHeaderString("X-Shopify-" + name);
    if (v == null || v.isBlank()) {
      v = headers.getHeaderString("Shopify-" + name);
    }
    return v == null || v.isBlank() ? null : v.trim();
  }

  private static String lower(String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }
}
