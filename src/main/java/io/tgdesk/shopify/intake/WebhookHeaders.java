package io.tgdesk.shopify.intake;

import jakarta.ws.rs.core.HttpHeaders;
import java.util.Locale;

/**
 * The Shopify headers of one delivery, read with and without the {@code X-} prefix (header names
 * are case-insensitive). The event key is {@code X-Shopify-Event-Id}, else {@code
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
