package io.tgdesk.shopify.intake;

import io.tgdesk.schema.Columns;
import io.tgdesk.shopify.shops.ShopId;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A webhook delivery exactly as Shopify sent it (raw bytes, cleared when the data is redacted),
 * with its processing state. (shop, event key) is unique.
 */
@Entity
@Table(name = "shopify_event")
public class ShopifyWebhook {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "shop_id")
  private long shopId;

  @Column(name = "event_key")
  private String eventKey;

  @Column(name = "webhook_id")
  private String webhookId;

  private String topic;

  @Column(name = "api_version")
  private String apiVersion;

  @Column(name = "triggered_at")
  private String triggeredAt;

  @Lob private byte[] raw;

  @Column(name = "body_sha256")
  private String bodySha256;

  @Enumerated(EnumType.STRING)
  private EventState state;

  private String outcome;

  @Column(name = "order_id")
  private Long orderId;

  @Column(name = "shopify_customer_id")
  private Long shopifyCustomerId;

  private int attempts;

  @Column(name = "next_attempt_at")
  private Instant nextAttemptAt;

  @Column(name = "last_error")
  private String lastError;

  @Column(name = "received_at")
  private Instant receivedAt;

  @Column(name = "processed_at")
  private Instant processedAt;

  protected ShopifyWebhook() {}

  public ShopifyWebhook(ShopId shop, WebhookHeaders h, byte[] raw, Instant now) {
    this.shopId = shop.value();
    this.eventKey = h.eventKey();
    this.webhookId = h.webhookId();
    this.topic = h.topic();
    this.apiVersion = h.apiVersion();
    this.triggeredAt = h.triggeredAt();
    this.raw = raw;
    this.bodySha256 = sha256(raw);
    this.state = EventState.RECEIVED;
    this.receivedAt = now;
    this.nextAttemptAt = now;
  }

  public long id() {
    return id;
  }

  public long shopId() {
    return shopId;
  }

  public String eventKey() {
    return eventKey;
  }

  public String webhookId() {
    return webhookId;
  }

  public String topic() {
    return topic;
  }

  public String apiVersion() {
    return apiVersion;
  }

  public String triggeredAt() {
    return triggeredAt;
  }

  public byte[] raw() {
    return raw;
  }

  /** SHA-256 (hex) of the body as received; kept when the body is redacted. */
  public String bodySha256() {
    return bodySha256;
  }

  private static String sha256(byte[] raw) {
    try {
      return java.util.HexFormat.of()
          .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(raw));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  public EventState state() {
    return state;
  }

  public String outcome() {
    return outcome;
  }

  public Long orderId() {
    return orderId;
  }

  public Long shopifyCustomerId() {
    return shopifyCustomerId;
  }

  public int attempts() {
    return attempts;
  }

  public Instant nextAttemptAt() {
    return nextAttemptAt;
  }

  public String lastError() {
    return lastError;
  }

  public Instant receivedAt() {
    return receivedAt;
  }

  public Instant processedAt() {
    return processedAt;
  }

  public boolean isDue(Instant now) {
    return (state == EventState.RECEIVED || state == EventState.FAILED)
        && nextAttemptAt != null
        && !nextAttemptAt.isAfter(now);
  }

  public void concerns(Long orderId, Long shopifyCustomerId) {
    this.orderId = orderId;
    this.shopifyCustomerId = shopifyCustomerId;
  }

  public void done(EventState state, String outcome, Instant now) {
    this.state = state;
    this.outcome = Columns.fit(outcome, 300);
    this.attempts++;
    this.nextAttemptAt = null;
    this.processedAt = now;
  }

  public void failed(String error, Instant retryAt, Instant now) {
    this.state = EventState.FAILED;
    this.attempts++;
    this.lastError = Columns.fit(error, 2000);
    this.nextAttemptAt = retryAt;
    this.processedAt = now;
  }

  public void retryNow(Instant now) {
    this.state = EventState.RECEIVED;
    this.attempts = 0;
    this.nextAttemptAt = now;
  }

  /** Forgets the payload (personal data); the delivery's key stays so a repeat is still a dup. */
  public void redact() {
    this.raw = null;
    this.shopifyCustomerId = null;
  }
}
