package io.tgdesk.shopify.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgdesk.shopify.orders.OrderView;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExportedCustomerDataTest {

  private static final Instant T = Instant.parse("2026-01-02T03:04:05Z");

  @Test
  void theExportKeepsItsPropertyNamesAndOrderAndLeavesOutWhatIsAbsent() {
    var export =
        new ExportedCustomerData(
            "shop.myshopify.com",
            T,
            List.of(new ExportedCustomerData.Link(42L, "phone", T, null, "ann@example.com", null)),
            List.of(
                new OrderView(
                    1L, 1001L, "#1001", "paid", null, "9.50", "EUR", null, null, null, null, T)),
            List.of(new ExportedCustomerData.Entry(1001L, 7L, 70L, "orders/paid", T)),
            List.of(new ExportedCustomerData.Webhook(5L, "orders/paid", T, false)),
            null,
            99L);

    String json = export.toJson();
    JsonObject o = Json.createReader(new StringReader(json)).readObject();

    assertThat(List.copyOf(o.keySet()))
        .containsExactly(
            "shopDomain",
            "generatedAt",
            "links",
            "orders",
            "timelineEntries",
            "deliveries",
            "shopifyCustomerId");
    assertThat(o.getString("generatedAt")).isEqualTo("2026-01-02T03:04:05Z");
    assertThat(List.copyOf(o.getJsonArray("links").getJsonObject(0).keySet()))
        .containsExactly("telegramUserId", "source", "createdAt", "email");
    assertThat(o.getJsonArray("orders").getJsonObject(0))
        .isEqualTo(
            new OrderView(
                    1L, 1001L, "#1001", "paid", null, "9.50", "EUR", null, null, null, null, T)
                .toJson());
    assertThat(List.copyOf(o.getJsonArray("timelineEntries").getJsonObject(0).keySet()))
        .containsExactly("orderId", "ticketId", "messageId", "topic", "createdAt");
    assertThat(o.getJsonArray("deliveries").getJsonObject(0).toString())
        .isEqualTo(
            "{\"id\":5,\"topic\":\"orders/paid\",\"receivedAt\":\"2026-01-02T03:04:05Z\","
                + "\"payloadHeld\":false}");
    assertThat(o.getJsonNumber("shopifyCustomerId").longValue()).isEqualTo(99L);
  }
}
