package io.tgdesk.shopify.intake;

import io.tgdesk.intake.IntakeLifecycle;
import io.tgdesk.intake.IntakeState;
import io.tgdesk.schema.Columns;
import io.tgdesk.shopify.shops.ShopId;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A webhook exactly as Shopify sent it (raw bytes, cleared when the data is redacted), with its
 * processing state ({@link IntakeLifecycle}). (shop, event key) is unique.
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

  private String outcome;

  @Column(name = "order_id")
  private Long orderId;

  @Column(name = "shopify_customer_id")
  private Long shopifyCustomerId;

  @Embedded private IntakeLifecycle lifecycle;

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
    this.lifecycle = IntakeLifecycle.receivedAt(now);
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

  public String outcome() {
    return outcome;
  }

  public Long orderId() {
    return orderId;
  }

  public Long shopifyCustomerId() {
    return shopifyCustomerId;
  }

  /** The processing state, attempts and times. */
  public IntakeLifecycle lifecycle() {
    return lifecycle;
  }

  public boolean isDue(Instant now) {
    return lifecycle.isDue(now);
  }

  public void concerns(Long orderId, Long shopifyCustomerId) {
    this.orderId = orderId;
    this.shopifyCustomerId = shopifyCustomerId;
  }

  public void done(IntakeState state, String outcome, Instant now) {
    lifecycle.done(state, now);
    this.outcome = Columns.fit(outcome, 300);
  }

  /** Forgets the payload (personal data); the webhook's key stays so a repeat is still a dup. */
  public void redact() {
    this.raw = null;
    this.shopifyCustomerId = null;
  }
}
