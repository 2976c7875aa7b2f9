package io.tgdesk.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The typed diagnostics answers read as the maps they replaced: the same names, and a null where
 * the map held one (JSON-B leaves out a record's nulls unless told otherwise).
 */
class EvidenceJsonTest {

  static final Jsonb JSONB = JsonbBuilder.create();

  static JsonObject json(Object o) {
    return Json.createReader(new StringReader(JSONB.toJson(o))).readObject();
  }

  @Test
  void aFindingCarriesItsEvidenceUnderItsOwnNamesWithNullsKept() {
    var evidence =
        new Evidence.Upstream(
            0,
            0,
            null,
            null,
            Map.of(),
            1,
            List.of(Instant.EPOCH),
            List.of(new Evidence.BreakerChange(7, Instant.EPOCH, "open", null)),
            "rule");
    JsonObject f = json(new Finding("upstream-errors", "error", 70, "s", evidence, "fix"));

    JsonObject e = f.getJsonObject("evidence");
    assertThat(e.keySet())
        .containsExactlyInAnyOrder(
            "serverErrors",
            "noAnswer",
            "first",
            "last",
            "descriptions",
            "circuitBreakerOpenings",
            "circuitBreakerOpenedAt",
            "circuitBreakerChanges",
            "circuitBreakerRule");
    assertThat(e.isNull("first")).isTrue();
    assertThat(e.getJsonArray("circuitBreakerChanges").getJsonObject(0).isNull("reason")).isTrue();
  }

  @Test
  void aFindingOfTheTokenHeldElsewhereSaysItsFamilyAndOthersANullOne() {
    var evidence =
        new Evidence.SharedToken(
            7,
            30,
            4,
            2,
            1,
            3,
            75.0,
            12,
            List.of(new Evidence.TokenWindow(Instant.EPOCH, Instant.EPOCH, 12, 30, 3, null, null)),
            Map.of("1-10", 3L));
    JsonObject f =
        json(new Finding("token-shared", "error", 85, "s", evidence, "fix").asTokenHeldElsewhere());

    assertThat(f.getString("family")).isEqualTo(Finding.TOKEN_HELD_ELSEWHERE);
    assertThat(f.getString("summary")).isEqualTo("Another system holds this bot's token: s");
    JsonObject window = f.getJsonObject("evidence").getJsonArray("windows").getJsonObject(0);
    assertThat(window.getInt("ownPeakPerSecond")).isEqualTo(12);
    assertThat(window.isNull("minRetryAfter")).isTrue();
    assertThat(
            json(new Finding("rate-limited", "error", 80, "s", evidence, "fix")).isNull("family"))
        .isTrue();
  }

  @Test
  void aWebhookFindingKeepsTheNullsOfItsLatestCheck() {
    var evidence =
        new Evidence.Webhook(
            1,
            java.util.Set.of("url-mismatch"),
            2,
            1,
            Instant.EPOCH,
            "https://a/",
            null,
            null,
            null,
            null,
            null,
            List.of(new Evidence.Pending(Instant.EPOCH, 3)));
    JsonObject e = json(evidence);
    for (String name :
        List.of(
            "telegramUrl",
            "pendingUpdateCount",
            "lastErrorDate",
            "lastErrorMessage",
            "checkError")) {
      assertThat(e.isNull(name)).as(name).isTrue();
    }
    assertThat(e.getJsonArray("pendingHistory").getJsonObject(0).getInt("pending")).isEqualTo(3);
  }

  @Test
  void ratesOfOneChatHaveANullPeakAndNoBusiestChats() {
    var rates =
        new RateQueries.Rates(
            1,
            5L,
            "second",
            Instant.EPOCH,
            Instant.EPOCH,
            0,
            false,
            1,
            "r",
            0,
            null,
            0,
            List.of(),
            null,
            null);
    JsonObject r = json(rates);
    assertThat(r.isNull("peakAt")).isTrue();
    assertThat(r.containsKey("busiestChats")).isFalse();
    assertThat(r.getJsonNumber("peakUtilisationPercent").doubleValue()).isZero();

    var all =
        new RateQueries.Rates(
            1,
            null,
            "second",
            Instant.EPOCH,
            Instant.EPOCH,
            0,
            false,
            1,
            "r",
            0,
            null,
            0,
            List.of(),
            List.of(),
            null);
    assertThat(json(all).isNull("chatId")).isTrue();
    assertThat(json(all).getJsonArray("busiestChats")).isEmpty();
  }

  @Test
  void aTimelineOfAllBotsSaysSoWithANullBot() {
    var t =
        new DeliveryHistory.Timeline(
            null, "second", Instant.EPOCH, Instant.EPOCH, 0, false, 0, List.of());
    assertThat(json(t).isNull("botId")).isTrue();
  }

  @Test
  void aWebhookBotWithoutChecksHasANullLatest() {
    JsonObject s = json(WebhookChecks.Status.of(3, List.of()));
    assertThat(s.isNull("latest")).isTrue();
    assertThat(s.getBoolean("alerting")).isFalse();
  }

  @Test
  void aShopifyCascadeWithoutA429KeepsItsFirst429AsNull() {
    var burst =
        new CascadeAnalysis.Cascade(
            3,
            "s.myshopify.com",
            7,
            true,
            10,
            Instant.EPOCH,
            Instant.EPOCH,
            6,
            6,
            Map.of("orders/create", 6L),
            6,
            0,
            6,
            1,
            0,
            null,
            0,
            25,
            Instant.EPOCH,
            Instant.EPOCH);
    JsonObject f =
        json(
            new Finding(
                "shopify-cascade",
                "warning",
                83,
                "s",
                new Evidence.ShopifyCascade("rule", List.of(burst)),
                "fix"));

    JsonObject b = f.getJsonObject("evidence").getJsonArray("bursts").getJsonObject(0);
    assertThat(b.isNull("first429")).isTrue();
    assertThat(b.getInt("queuePeak")).isEqualTo(25);
    assertThat(b.getJsonObject("topics").getInt("orders/create")).isEqualTo(6);
  }
}
