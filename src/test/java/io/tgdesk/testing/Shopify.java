package io.tgdesk.testing;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Shopify as the tests play it: configures shops through the admin API, builds order, fulfillment,
 * refund and privacy payloads (REST shapes, our own fixtures), signs them as Shopify does (base64
 * HMAC-SHA256 of the raw bytes with the client secret) and posts them to the webhook. Stateless and
 * thread-safe.
 */
public final class Shopify {

  private Shopify() {}

  public static final String WEBHOOK = "/api/shopify/webhooks";

  /** A configured shop: our id, its domain, its secrets. */
  public record RegisteredShop(long id, String domain, List<String> secrets) {
    public String secret() {
      return secrets.get(0);
    }
  }

  /** Configures a new shop for the bot with one fresh secret; {@code extra} adds fields. */
  public static RegisteredShop configure(long botId, JsonObject extra) {
    String domain = "shop-" + UUID.randomUUID().toString().substring(0, 8) + ".myshopify.com";
    String secret = "shpss_" + UUID.randomUUID().toString().replace("-", "");
    JsonObjectBuilder body =
        Json.createObjectBuilder()
            .add("domain", domain)
            .add("botId", botId)
            .add("secrets", Json.createArrayBuilder().add(secret));
    extra.forEach(body::add);
    var reply = TgDeskApi.asAdmin().post("/api/admin/shopify/shops", body.build());
    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    return new RegisteredShop(
        reply.json().getJsonNumber("id").longValue(), domain, List.of(secret));
  }

  public static String sign(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return Base64.getEncoder().encodeToString(mac.doFinal(body));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The headers Shopify sends with a delivery, signed with {@code secret}. */
  public static Map<String, String> headers(
      String domain, String topic, String eventId, String secret, byte[] body) {
    Map<String, String> h = new HashMap<>();
    h.put("Content-Type", "application/json");
    h.put("X-Shopify-Topic", topic);
    h.put("X-Shopify-Shop-Domain", domain);
    h.put("X-Shopify-API-Version", "2025-10");
    h.put("X-Shopify-Webhook-Id", UUID.randomUUID().toString());
    h.put("X-Shopify-Triggered-At", Instant.now().toString());
    if (eventId != null) {
      h.put("X-Shopify-Event-Id", eventId);
    }
    if (secret != null) {
      h.put("X-Shopify-Hmac-Sha256", sign(secret, body));
    }
    return h;
  }

  /** Posts the payload signed with the shop's first secret under a new event id. */
  public static TgDeskApi.Reply deliver(RegisteredShop shop, String topic, JsonObject payload) {
    return deliver(shop, topic, UUID.randomUUID().toString(), payload);
  }

  public static TgDeskApi.Reply deliver(
      RegisteredShop shop, String topic, String eventId, JsonObject payload) {
    byte[] body = payload.toString().getBytes(StandardCharsets.UTF_8);
    return post(body, headers(shop.domain(), topic, eventId, shop.secret(), body));
  }

  public static TgDeskApi.Reply post(byte[] body, Map<String, String> headers) {
    return TgDeskApi.anonymous().postBytes(WEBHOOK, body, headers);
  }

  /**
   * An order payload.
   *
   * @param customerId null for a guest checkout
   * @param email null when redacted
   * @param telegramUserId null for no note attribute
   */
  public static JsonObject order(
      long id,
      String name,
      Long customerId,
      String email,
      String phone,
      String financialStatus,
      String fulfillmentStatus,
      Instant updatedAt,
      Long telegramUserId) {
    JsonObjectBuilder customer = Json.createObjectBuilder();
    if (customerId != null) customer.add("id", customerId);
    nullable(customer, "email", email);
    nullable(customer, "phone", phone);
    customer.addNull("first_name").addNull("last_name");
    JsonObjectBuilder o =
        Json.createObjectBuilder()
            .add("id", id)
            .add("admin_graphql_api_id", "gid://shopify/Order/" + id)
            .add("name", name)
            .add("number", id % 10000)
            .add("total_price", "42.50")
            .add("currency", "EUR")
            .add(
                "line_items",
                Json.createArrayBuilder()
                    .add(
                        Json.createObjectBuilder()
                            .add("title", "Blue mug")
                            .add("quantity", 2)
                            .add("price", "21.25")))
            .add("created_at", "2026-11-28T10:00:00+01:00")
            .add("updated_at", updatedAt.toString())
            .addNull("cancelled_at")
            .add("test", true);
    nullable(o, "email", email);
    nullable(o, "phone", phone);
    nullable(o, "financial_status", financialStatus);
    nullable(o, "fulfillment_status", fulfillmentStatus);
    if (customerId == null) {
      o.addNull("customer");
    } else {
      o.add("customer", customer);
    }
    var notes = Json.createArrayBuilder();
    if (telegramUserId != null) {
      notes.add(
          Json.createObjectBuilder()
              .add("name", "telegram_user_id")
              .add("value", "" + telegramUserId));
    }
    o.add("note_attributes", notes);
    return o.build();
  }

  public static JsonObject fulfillment(long orderId, String status, String trackingNumber) {
    return fulfillment(orderId, status, trackingNumber, Instant.now());
  }

  /** A fulfillment of the order (its id derived from the order's), with this updated_at. */
  public static JsonObject fulfillment(
      long orderId, String status, String trackingNumber, Instant updatedAt) {
    return Json.createObjectBuilder()
        .add("id", orderId * 10 + 1)
        .add("order_id", orderId)
        .add("status", status)
        .add("tracking_company", "DHL")
        .add("tracking_number", trackingNumber)
        .add("updated_at", updatedAt.toString())
        .build();
  }

  public static JsonObject refund(long orderId, String amount) {
    return Json.createObjectBuilder()
        .add("id", orderId * 10 + 2)
        .add("order_id", orderId)
        .add("created_at", Instant.now().toString())
        .add(
            "transactions",
            Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("amount", amount).add("currency", "EUR")))
        .build();
  }

  /** customers/redact or customers/data_request for a customer and orders. */
  public static JsonObject privacy(
      String domain,
      long customerId,
      String email,
      String phone,
      String ordersField,
      long... orders) {
    var ids = Json.createArrayBuilder();
    for (long o : orders) ids.add(o);
    JsonObjectBuilder c = Json.createObjectBuilder().add("id", customerId);
    nullable(c, "email", email);
    nullable(c, "phone", phone);
    return Json.createObjectBuilder()
        .add("shop_id", 954889)
        .add("shop_domain", domain)
        .add("customer", c)
        .add(ordersField, ids)
        .add("data_request", Json.createObjectBuilder().add("id", 9999))
        .build();
  }

  private static void nullable(JsonObjectBuilder b, String name, String value) {
    if (value == null) {
      b.addNull(name);
    } else {
      b.add(name, value);
    }
  }

  /**
   * One of Shopify's own sample webhook payloads (the "send test notification" bodies), kept in
   * {@code src/test/resources/shopify/sample-<name>.json}, e.g. {@code refunds-create}.
   */
  public static String sample(String name) {
    try (var in = Shopify.class.getResourceAsStream("/shopify/sample-" + name + ".json")) {
      if (in == null) {
        throw new IllegalArgumentException("no sample " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Posts these exact bytes signed with the shop's first secret under a new event id. */
  public static TgDeskApi.Reply deliverBytes(RegisteredShop shop, String topic, byte[] body) {
    return post(
        body, headers(shop.domain(), topic, UUID.randomUUID().toString(), shop.secret(), body));
  }

  /** The stored deliveries of the shop (admin API), newest first. */
  public static List<JsonObject> events(long shopId) {
    var reply = TgDeskApi.asAdmin().get("/api/admin/shopify/events?size=500&shopId=" + shopId);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    return reply.json().getJsonArray("items").getValuesAs(JsonObject.class);
  }
}
