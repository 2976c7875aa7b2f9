package io.tgdesk.shopify;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Shopify's own sample bodies fit their topics, and no other. */
class ShopifyTopicFitTest {

  private static final String SHOP = "shop-a.myshopify.com";

  private static JsonObject sample(String name) {
    try (var in =
        ShopifyTopicFitTest.class.getResourceAsStream("/shopify/sample-" + name + ".json")) {
      return Json.createReader(
              new StringReader(new String(in.readAllBytes(), StandardCharsets.UTF_8)))
          .readObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonObject json(String s) {
    return Json.createReader(new StringReader(s)).readObject();
  }

  @Test
  void eachSampleFitsItsOwnTopic() {
    assertThat(ShopifyTopicFit.mismatch("orders/create", sample("orders-create"), SHOP)).isNull();
    assertThat(ShopifyTopicFit.mismatch("orders/cancelled", sample("orders-create"), SHOP))
        .isNull();
    assertThat(ShopifyTopicFit.mismatch("refunds/create", sample("refunds-create"), SHOP)).isNull();
    assertThat(
            ShopifyTopicFit.mismatch(
                "shop/redact", json("{\"shop_id\":954889,\"shop_domain\":\"" + SHOP + "\"}"), SHOP))
        .isNull();
    assertThat(
            ShopifyTopicFit.mismatch(
                "customers/redact",
                json(
                    "{\"shop_id\":954889,\"shop_domain\":\""
                        + SHOP
                        + "\",\"customer\":{\"id\":191167,\"email\":\"john@example.com\","
                        + "\"phone\":\"555-625-1199\"},\"orders_to_redact\":[299938,280263]}"),
                SHOP))
        .isNull();
    assertThat(
            ShopifyTopicFit.mismatch(
                "app/uninstalled",
                json(
                    "{\"id\":548380009,\"name\":\"Super Toys\",\"myshopify_domain\":\""
                        + SHOP
                        + "\"}"),
                SHOP))
        .isNull();
  }

  @Test
  void anOrderReplayedUnderADestructiveTopicDoesNotFit() {
    JsonObject order = sample("orders-create");
    assertThat(ShopifyTopicFit.mismatch("shop/redact", order, SHOP)).contains("shop_id");
    assertThat(ShopifyTopicFit.mismatch("app/uninstalled", order, SHOP)).isNotNull();
    assertThat(ShopifyTopicFit.mismatch("customers/redact", order, SHOP)).isNotNull();
    assertThat(ShopifyTopicFit.mismatch("customers/data_request", order, SHOP)).isNotNull();
  }

  @Test
  void aRefundIsNotAnOrderAndAnOrderIsNotARefund() {
    assertThat(ShopifyTopicFit.mismatch("orders/cancelled", sample("refunds-create"), SHOP))
        .contains("order_id");
    assertThat(ShopifyTopicFit.mismatch("refunds/create", sample("orders-create"), SHOP))
        .isNotNull();
    assertThat(ShopifyTopicFit.mismatch("fulfillments/create", sample("refunds-create"), SHOP))
        .isNotNull();
  }

  @Test
  void anotherShopsPrivacyRequestDoesNotFit() {
    JsonObject other = json("{\"shop_id\":1,\"shop_domain\":\"other.myshopify.com\"}");
    assertThat(ShopifyTopicFit.mismatch("shop/redact", other, SHOP)).contains("shop_domain");
    assertThat(
            ShopifyTopicFit.mismatch(
                "app/uninstalled",
                json("{\"id\":1,\"myshopify_domain\":\"other.myshopify.com\"}"),
                SHOP))
        .contains("myshopify_domain");
  }
}
