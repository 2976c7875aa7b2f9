package io.tgdesk.shopify;

import io.tgdesk.shopify.intake.ShopifyWebhook;
import io.tgdesk.shopify.privacy.DataExport;
import io.tgdesk.shopify.shops.Shop;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the Shopify APIs answer. Secrets never appear: only how many there are and a hint. */
public final class ShopifyAnswers {
  private ShopifyAnswers() {}

  /**
   * A configured shop. {@code secretHints} give each secret's length and a short fingerprint, never
   * a character of it ({@link io.tgdesk.web.SecretRules#hint}).
   */
  public record ShopView(
      long id,
      String domain,
      long botId,
      int secretCount,
      List<String> secretHints,
      String queueName,
      boolean noticesEnabled,
      int noticeWindowSeconds,
      Map<String, String> templates,
      boolean installed,
      Instant uninstalledAt,
      Instant createdAt,
      Instant updatedAt) {
    public static ShopView of(Shop s) {
      List<String> secrets = s.secrets();
      return new ShopView(
          s.id().value(),
          s.domain(),
          s.botId(),
          secrets.size(),
          secrets.stream().map(io.tgdesk.web.SecretRules::hint).toList(),
          s.queueName(),
          s.noticesEnabled(),
          s.noticeWindowSeconds(),
          s.templates(),
          s.uninstalledAt() == null,
          s.uninstalledAt(),
          s.createdAt(),
          s.updatedAt());
    }
  }

  /** A stored delivery, without its payload. */
  public record WebhookView(
      long id,
      long shopId,
      String topic,
      String eventKey,
      String webhookId,
      String apiVersion,
      String triggeredAt,
      String state,
      String outcome,
      Long orderId,
      boolean payloadHeld,
      int attempts,
      Instant nextAttemptAt,
      String lastError,
      Instant receivedAt,
      Instant processedAt) {
    public static WebhookView of(ShopifyWebhook e) {
      return new WebhookView(
          e.id(),
          e.shopId(),
          e.topic(),
          e.eventKey(),
          e.webhookId(),
          e.apiVersion(),
          e.triggeredAt(),
          e.lifecycle().state().name().toLowerCase(),
          e.outcome(),
          e.orderId(),
          e.raw() != null,
          e.lifecycle().attempts(),
          e.lifecycle().nextAttemptAt(),
          e.lifecycle().lastError(),
          e.lifecycle().receivedAt(),
          e.lifecycle().processedAt());
    }
  }

  /** A data_request export; {@code content} is what TgDesk held about the customer. */
  public record ExportView(
      long id,
      long shopId,
      Long dataRequestId,
      Long shopifyCustomerId,
      Instant createdAt,
      JsonObject content) {
    public static ExportView of(DataExport x, boolean withContent) {
      JsonObject content = null;
      if (withContent) {
        try (var r = Json.createReader(new java.io.StringReader(x.content()))) {
          content = r.readObject();
        }
      }
      return new ExportView(
          x.id(), x.shopId(), x.dataRequestId(), x.shopifyCustomerId(), x.createdAt(), content);
    }
  }
}
