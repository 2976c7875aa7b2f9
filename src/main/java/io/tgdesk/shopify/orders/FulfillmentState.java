package io.tgdesk.shopify.orders;

import io.tgdesk.shopify.shops.ShopId;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The payload's updated_at of the latest delivery applied for one fulfillment of an order. */
@Entity
@Table(name = "shopify_fulfillment")
public class FulfillmentState {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "shop_id")
  private long shopId;

  @Column(name = "fulfillment_id")
  private long fulfillmentId;

  @Column(name = "order_id")
  private long orderId;

  @Column(name = "updated_at")
  private Instant updatedAt;

  protected FulfillmentState() {}

  public FulfillmentState(ShopId shop, long fulfillmentId, long orderId) {
    this.shopId = shop.value();
    this.fulfillmentId = fulfillmentId;
    this.orderId = orderId;
  }

  /** Whether a delivery with this updated_at is older than the one applied (unknown: not stale). */
  public boolean isStale(Instant payloadUpdatedAt) {
    return updatedAt != null && payloadUpdatedAt != null && payloadUpdatedAt.isBefore(updatedAt);
  }

  public void applied(Instant payloadUpdatedAt) {
    if (payloadUpdatedAt != null) {
      this.updatedAt = payloadUpdatedAt;
    }
  }

  public Instant updatedAt() {
    return updatedAt;
  }
}
