package io.tgdesk.shopify.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PayloadsTest {

  private static Payloads.Order order(String json) {
    return Payloads.Order.of(Payloads.parse(json.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aRedactedOrderReadsWithNullPersonalData() {
    Payloads.Order o =
        order(
            "{\"id\":5,\"name\":\"#1005\",\"email\":null,\"phone\":null,"
                + "\"customer\":{\"id\":77,\"email\":null,\"phone\":null,\"first_name\":null},"
                + "\"note_attributes\":[],\"updated_at\":\"2026-11-28T10:00:00+01:00\"}");

    assertThat(o.customerId()).isEqualTo(77);
    assertThat(o.email()).isNull();
    assertThat(o.phone()).isNull();
    assertThat(o.updatedAt()).isEqualTo(Instant.parse("2026-11-28T09:00:00Z"));
  }

  @Test
  void aGuestOrderWithoutCustomerAndWithAnUnreadableDateStillReads() {
    Payloads.Order o = order("{\"id\":6,\"customer\":null,\"updated_at\":\"yesterday\"}");

    assertThat(o.customerId()).isNull();
    assertThat(o.updatedAt()).isNull();
    assertThat(o.noteAttributes()).isEmpty();
  }

  @Test
  void theNoteAttributeNameIsCaseInsensitiveAndPhonesAndEmailsAreNormalised() {
    Payloads.Order o =
        order(
            "{\"id\":7,\"email\":\" Ann@Example.COM \",\"phone\":\"+49 (170) 123-4567\","
                + "\"note_attributes\":[{\"name\":\"Telegram_User_Id\",\"value\":\"42\"}],"
                + "\"line_items\":[{\"title\":\"Mug\",\"quantity\":2}]}");

    assertThat(o.noteAttributes()).containsEntry("telegram_user_id", "42");
    assertThat(o.email()).isEqualTo("ann@example.com");
    assertThat(o.phone()).isEqualTo("+491701234567");
    assertThat(o.items()).isEqualTo("2 × Mug");
  }

  @Test
  void aRefundSumsItsTransactions() {
    Payloads.Refund r =
        Payloads.Refund.of(
            Payloads.parse(
                ("{\"order_id\":9,\"transactions\":[{\"amount\":\"1.50\",\"currency\":\"EUR\"},"
                        + "{\"amount\":\"2.25\"}]}")
                    .getBytes(StandardCharsets.UTF_8)));

    assertThat(r.amount()).isEqualTo("3.75");
    assertThat(r.currency()).isEqualTo("EUR");
  }

  @Test
  void aPayloadThatIsNotAnObjectOrHasNoIdIsMalformed() {
    assertThatThrownBy(() -> Payloads.parse("[1]".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(Payloads.MalformedPayload.class);
    assertThatThrownBy(() -> Payloads.parse("{".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(Payloads.MalformedPayload.class);
    assertThatThrownBy(() -> order("{\"name\":\"#1\"}"))
        .isInstanceOf(Payloads.MalformedPayload.class);
  }

  private static String sample(String name) {
    try (var in = PayloadsTest.class.getResourceAsStream("/shopify/sample-" + name + ".json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void shopifysSampleRefundWithoutTransactionsAddsUpItsLineItems() {
    Payloads.Refund r =
        Payloads.Refund.of(
            Payloads.parse(sample("refunds-create").getBytes(StandardCharsets.UTF_8)));

    assertThat(r.orderId()).isEqualTo(820982911946154508L);
    assertThat(r.amount()).isEqualTo("398.00");
    assertThat(r.currency()).isEqualTo("USD");
  }

  @Test
  void shopifysSampleOrderReadsWithItsExactId() {
    Payloads.Order o = order(sample("orders-create"));

    assertThat(o.id()).isEqualTo(820982911946154508L);
    assertThat(o.name()).isEqualTo("#9999");
  }

  @Test
  void idsOutsideSixtyFourBitsOrWithAFractionAreRefusedNotWrapped() {
    assertThatThrownBy(() -> order("{\"id\":18446744073709551616}"))
        .isInstanceOf(Payloads.MalformedPayload.class)
        .hasMessageContaining("id");
    assertThatThrownBy(() -> order("{\"id\":1.5}")).isInstanceOf(Payloads.MalformedPayload.class);
    assertThatThrownBy(() -> order("{\"id\":5,\"customer\":{\"id\":99999999999999999999999}}"))
        .isInstanceOf(Payloads.MalformedPayload.class)
        .hasMessageContaining("customer.id");
  }
}
