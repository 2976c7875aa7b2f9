package io.tgdesk.shopify.customers;

import java.time.Instant;

/** A customer link as the API shows it. */
public record LinkView(
    long id,
    long shopId,
    long telegramUserId,
    Long shopifyCustomerId,
    String email,
    String phone,
    String source,
    Instant createdAt) {
  public static LinkView of(CustomerLink l) {
    return new LinkView(
        l.id(),
        l.shopId(),
        l.telegramUserId(),
        l.shopifyCustomerId(),
        l.email(),
        l.phone(),
        l.source().toLowerCase(),
        l.createdAt());
  }
}
