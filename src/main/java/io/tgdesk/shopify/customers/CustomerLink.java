package io.tgdesk.shopify.customers;

import io.tgdesk.shopify.shops.ShopId;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A Shopify customer of a shop known to be a Telegram user of the shop's bot. Keyed by the Shopify
 * customer id once known (unique per shop); an explicit link may instead name an email or phone
 * that later orders are matched on.
 */
@Entity
@Table(name = "shopify_customer_link")
public class CustomerLink {

  /** How the link was made. */
  public enum Source {
    EXPLICIT,
    NOTE_ATTRIBUTE,
    EMAIL,
    PHONE,
    TELEGRAM_CONTACT
  }

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "shop_id")
  private long shopId;

  @Column(name = "telegram_user_id")
  private long telegramUserId;

  @Column(name = "shopify_customer_id")
  private Long shopifyCustomerId;

  private String email;

  private String phone;

  private String source;

  @Column(name = "created_at")
  private Instant createdAt;

  protected CustomerLink() {}

  public CustomerLink(
      ShopId shop,
      long telegramUserId,
      Long shopifyCustomerId,
      String email,
      String phone,
      Source source,
      Instant now) {
    this.shopId = shop.value();
    this.telegramUserId = telegramUserId;
    this.shopifyCustomerId = shopifyCustomerId;
    this.email = email;
    this.phone = phone;
    this.source = source.name();
    this.createdAt = now;
  }

  public long id() {
    return id;
  }

  public long shopId() {
    return shopId;
  }

  public long telegramUserId() {
    return telegramUserId;
  }

  public Long shopifyCustomerId() {
    return shopifyCustomerId;
  }

  public String email() {
    return email;
  }

  public String phone() {
    return phone;
  }

  public String source() {
    return source;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public void bindShopifyCustomer(long shopifyCustomerId) {
    this.shopifyCustomerId = shopifyCustomerId;
  }
}
