package io.tgdesk.shopify.privacy;

import io.tgdesk.shopify.shops.ShopId;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** What customers/data_request produced: everything held about the customer, as JSON. */
@Entity
@Table(name = "shopify_export")
public class DataExport {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "shop_id")
  private long shopId;

  @Column(name = "data_request_id")
  private Long dataRequestId;

  @Column(name = "shopify_customer_id")
  private Long shopifyCustomerId;

  @Lob private byte[] content;

  @Column(name = "created_at")
  private Instant createdAt;

  protected DataExport() {}

  public DataExport(
      ShopId shop, Long dataRequestId, Long shopifyCustomerId, String content, Instant now) {
    this.shopId = shop.value();
    this.dataRequestId = dataRequestId;
    this.shopifyCustomerId = shopifyCustomerId;
    this.content = content.getBytes(StandardCharsets.UTF_8);
    this.createdAt = now;
  }

  public long id() {
    return id;
  }

  public long shopId() {
    return shopId;
  }

  public Long dataRequestId() {
    return dataRequestId;
  }

  public Long shopifyCustomerId() {
    return shopifyCustomerId;
  }

  public String content() {
    return new String(content, StandardCharsets.UTF_8);
  }

  public Instant createdAt() {
    return createdAt;
  }
}
