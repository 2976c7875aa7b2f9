package io.tgdesk.shopify.orders;

import io.tgdesk.shopify.shops.ShopId;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Which conversation message of which ticket is the entry of an order event. */
@Entity
@Table(name = "shopify_timeline_entry")
public class TimelineEntry {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "shop_id")
  private long shopId;

  @Column(name = "order_id")
  private long orderId;

  @Column(name = "shopify_customer_id")
  private Long shopifyCustomerId;

  @Column(name = "ticket_id")
  private long ticketId;

  @Column(name = "message_id")
  private long messageId;

  private String topic;

  @Column(name = "created_at")
  private Instant createdAt;

  protected TimelineEntry() {}

  public TimelineEntry(
      ShopId shop,
      long orderId,
      Long shopifyCustomerId,
      long ticketId,
      long messageId,
      String topic,
      Instant now) {
    this.shopId = shop.value();
    this.orderId = orderId;
    this.shopifyCustomerId = shopifyCustomerId;
    this.ticketId = ticketId;
    this.messageId = messageId;
    this.topic = topic;
    this.createdAt = now;
  }

  public long orderId() {
    return orderId;
  }

  public Long shopifyCustomerId() {
    return shopifyCustomerId;
  }

  public long ticketId() {
    return ticketId;
  }

  public long messageId() {
    return messageId;
  }

  public String topic() {
    return topic;
  }

  public Instant createdAt() {
    return createdAt;
  }
}
