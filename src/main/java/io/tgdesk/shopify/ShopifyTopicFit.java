package io.tgdesk.shopify;

import io.tgdesk.shopify.intake.Payloads;
import io.tgdesk.shopify.orders.ShopifyTopics;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.util.Locale;

/**
 * Whether a signed body can be what its topic says. The HMAC covers the body but not the topic
 * header, so a body signed for one topic could be sent again under another (an order re-sent as
 * {@code shop/redact}). A body only ever has the effect its own content describes: its shape and
 * identity fields must fit the topic, for the shop that received it. Stateless.
 */
public final class ShopifyTopicFit {

  private ShopifyTopicFit() {}

  /**
   * Why the body does not fit the topic, or null when it does.
   *
   * @param shopDomain the domain of the shop the webhook was verified for
   * @throws Payloads.MalformedPayload when an id the check reads is not a whole 64-bit number
   */
  public static String mismatch(String topic, JsonObject body, String shopDomain) {
    String gid = Payloads.string(body, "admin_graphql_api_id");
    if (ShopifyTopics.ORDER_TOPICS.contains(topic)) {
      if (Payloads.number(body, "id") == null) return "an order has no id";
      if (body.containsKey("order_id")) return "an order has no order_id";
      if (hasShopIdentity(body)) return "an order has no shop_domain";
      return gidOf(gid, "Order");
    }
    switch (topic) {
      case ShopifyTopics.FULFILLMENTS_CREATE, ShopifyTopics.FULFILLMENTS_UPDATE -> {
        if (Payloads.number(body, "order_id") == null) return "a fulfillment has no order_id";
        if (body.containsKey("refund_line_items")) return "a fulfillment has no refund_line_items";
        return gidOf(gid, "Fulfillment");
      }
      case ShopifyTopics.REFUNDS_CREATE -> {
        if (Payloads.number(body, "order_id") == null) return "a refund has no order_id";
        if (!(body.get("refund_line_items") instanceof JsonArray)
            && !(body.get("transactions") instanceof JsonArray)) {
          return "a refund needs refund_line_items or transactions";
        }
        return gidOf(gid, "Refund");
      }
      case ShopifyTopics.CUSTOMERS_DATA_REQUEST, ShopifyTopics.CUSTOMERS_REDACT -> {
        String shop = privacyShop(body, shopDomain);
        if (shop != null) return shop;
        JsonObject customer = Payloads.object(body, "customer");
        if (customer == null
            || Payloads.number(customer, "id", "customer.id") == null
                && Payloads.string(customer, "email") == null
                && Payloads.string(customer, "phone") == null) {
          return "a customer request needs a customer with an id, email or phone";
        }
        // Read now, so that an id out of range is refused before anything is erased.
        Payloads.numbers(body, "orders_to_redact");
        Payloads.numbers(body, "orders_requested");
        return null;
      }
      case ShopifyTopics.SHOP_REDACT -> {
        String shop = privacyShop(body, shopDomain);
        if (shop != null) return shop;
        if (body.containsKey("customer") || body.containsKey("id")) {
          return "a shop redaction names only the shop";
        }
        return null;
      }
      case ShopifyTopics.APP_UNINSTALLED -> {
        if (Payloads.number(body, "id") == null) return "the shop needs an id";
        if (body.containsKey("order_id") || body.containsKey("line_items")) {
          return "the body is not a shop";
        }
        String domain = lower(Payloads.string(body, "myshopify_domain"));
        if (!shopDomain.equals(domain)
            && !shopDomain.equals(lower(Payloads.string(body, "domain")))) {
          return "the shop's myshopify_domain is not " + shopDomain;
        }
        return gidOf(gid, "Shop");
      }
      default -> {
        return null;
      }
    }
  }

  private static String privacyShop(JsonObject body, String shopDomain) {
    if (Payloads.number(body, "shop_id") == null) return "shop_id is missing";
    if (!shopDomain.equals(lower(Payloads.string(body, "shop_domain")))) {
      return "shop_domain is not " + shopDomain;
    }
    return null;
  }

  private static boolean hasShopIdentity(JsonObject body) {
    return body.containsKey("shop_domain") || body.containsKey("myshopify_domain");
  }

  private static String gidOf(String gid, String type) {
    return gid == null || gid.startsWith("gid://shopify/" + type + "/")
        ? null
        : "admin_graphql_api_id is not a " + type;
  }

  private static String lower(String s) {
    return s == null ? null : s.trim().toLowerCase(Locale.ROOT);
  }
}
