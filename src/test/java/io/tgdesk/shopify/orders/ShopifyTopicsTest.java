package io.tgdesk.shopify.orders;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgdesk.shopify.shops.ShopId;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShopifyTopicsTest {

  private static final ShopifyOrder ORDER = new ShopifyOrder(new ShopId(1), 9999, Instant.EPOCH);

  @Test
  void aPlaceholderWithoutValueKeepsTheShopsOwnNoticeFromBeingSent() {
    ShopifyTopics.Rendered r =
        ShopifyTopics.render(
            "We refunded {refund} {currency} for your order {order}.", ORDER, "s", null, null);

    assertThat(r.complete()).isFalse();
    assertThat(r.missing()).contains("{refund}", "{currency}");
  }

  @Test
  void trackingAloneIsOptionalInAShopsOwnTemplate() {
    ShopifyTopics.Rendered r =
        ShopifyTopics.render("Your order {order} has shipped. {tracking}", ORDER, "s", null, null);

    assertThat(r.complete()).isTrue();
    assertThat(r.text()).isEqualTo("Your order #9999 has shipped.");
  }

  @Test
  void aCoalescedNoticeKeepsTheCancellationAndAddsTheNewLine() {
    assertThat(
            ShopifyTopics.coalesce(
                List.of("Your order #1 was cancelled."), "We refunded 5.00 EUR."))
        .isEqualTo("Your order #1 was cancelled.\nWe refunded 5.00 EUR.");
    assertThat(ShopifyTopics.coalesce(List.of(), "Your order #1 has shipped."))
        .isEqualTo("Your order #1 has shipped.");
    assertThat(
            ShopifyTopics.coalesce(
                List.of("Your order #1 was cancelled."), "Your order #1 was cancelled."))
        .isEqualTo("Your order #1 was cancelled.");
  }
}
