package io.tgdesk.shopify.orders;

import io.tgdesk.schema.Columns;
import io.tgdesk.shopify.intake.Payloads;
import io.tgdesk.shopify.shops.ShopId;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/**
 * The latest known state of one order of a shop, as the webhooks delivered it, without personal
 * data (no name, email, phone or address; only {@link ContactKeys} of the email and phone, for
 * finding the orders of a customer linked later). {@code orderUpdatedAt} is the payload's
 * updated_at of that state: a webhook with an older one is stale.
 */
@Entity
@Table(name = "shopify_order")
public class ShopifyOrder {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "shop_id")
  private long shopId;

  @Column(name = "order_id")
  private long orderId;

  @Column(name = "order_name")
  private String orderName;

  @Column(name = "shopify_customer_id")
  private Long shopifyCustomerId;

  @Column(name = "telegram_user_id")
  private Long telegramUserId;

  @Column(name = "financial_status")
  private String financialStatus;

  @Column(name = "fulfillment_status")
  private String fulfillmentStatus;

  @Column(name = "total_price")
  private String totalPrice;

  private String currency;

  private String items;

  private String tracking;

  @Column(name = "cancelled_at")
  private Instant cancelledAt;

  @Column(name = "email_key")
  private String emailKey;

  @Column(name = "phone_key")
  private String phoneKey;

  @Column(name = "last_topic")
  private String lastTopic;

  @Column(name = "notice_kept")
  private String noticeKept;

  @Column(name = "order_updated_at")
  private Instant orderUpdatedAt;

  @Column(name = "created_at")
  private Instant createdAt;

  @Column(name = "updated_at")
  private Instant updatedAt;

  protected ShopifyOrder() {}

  public ShopifyOrder(ShopId shop, long orderId, Instant now) {
    this.shopId = shop.value();
    this.orderId = orderId;
    this.createdAt = now;
    this.updatedAt = now;
  }

  /** Takes the state of an order payload. */
  public void apply(Payloads.Order o, String topic, Instant now) {
    if (o.name() != null) this.orderName = Columns.fit(o.name(), 64);
    if (o.customerId() != null) this.shopifyCustomerId = o.customerId();
    if (o.email() != null) this.emailKey = ContactKeys.email(o.email());
    if (o.phone() != null) this.phoneKey = ContactKeys.phone(o.phone());
    this.financialStatus = o.financialStatus();
    this.fulfillmentStatus = o.fulfillmentStatus();
    if (o.totalPrice() != null) this.totalPrice = o.totalPrice();
    if (o.currency() != null) this.currency = o.currency();
    if (o.items() != null) this.items = Columns.fit(o.items(), 2000);
    this.cancelledAt = o.cancelledAt();
    this.lastTopic = topic;
    this.orderUpdatedAt = o.updatedAt();
    this.updatedAt = now;
  }

  /** A fulfillment or refund event: only what it tells about the order. */
  public void note(String topic, String tracking, Instant now) {
    if (tracking != null) this.tracking = Columns.fit(tracking, 500);
    this.lastTopic = topic;
    this.updatedAt = now;
  }

  public void linkTo(Long telegramUserId) {
    if (telegramUserId != null) this.telegramUserId = telegramUserId;
  }

  /**
   * The lines of the notice still waiting to be sent that the customer must hear whatever comes
   * after them (a cancellation, a refund), oldest first; empty when none.
   */
  public List<String> noticeKept() {
    return noticeKept == null || noticeKept.isEmpty() ? List.of() : List.of(noticeKept.split("\n"));
  }

  /** Remembers the must-tell lines of the waiting notice (null or empty: none). */
  public void keepInNotice(List<String> lines) {
    this.noticeKept = lines == null || lines.isEmpty() ? null : String.join("\n", lines);
    if (noticeKept != null && noticeKept.length() > 4000) {
      // Never cut: the oldest lines are already on their way in the notice being built.
      this.noticeKept = null;
    }
  }

  public long id() {
    return id;
  }

  public long shopId() {
    return shopId;
  }

  public long orderId() {
    return orderId;
  }

  public String orderName() {
    return orderName;
  }

  public Long shopifyCustomerId() {
    return shopifyCustomerId;
  }

  public Long telegramUserId() {
    return telegramUserId;
  }

  public String financialStatus() {
    return financialStatus;
  }

  public String fulfillmentStatus() {
    return fulfillmentStatus;
  }

  public String totalPrice() {
    return totalPrice;
  }

  public String currency() {
    return currency;
  }

  public String items() {
    return items;
  }

  public String tracking() {
    return tracking;
  }

  public Instant cancelledAt() {
    return cancelledAt;
  }

  public String lastTopic() {
    return lastTopic;
  }

  public Instant orderUpdatedAt() {
    return orderUpdatedAt;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant updatedAt() {
    return updatedAt;
  }
}
