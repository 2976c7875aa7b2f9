package io.tgdesk.shopify.shops;

/** The id of a configured shop (ours, not Shopify's shop id). */
public record ShopId(long value) {
  @Override
  public String toString() {
    return Long.toString(value);
  }
}
