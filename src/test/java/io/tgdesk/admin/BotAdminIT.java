package io.tgdesk.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tgdesk.testing.Bots;
import io.tgdesk.testing.Bots.RegisteredBot;
import io.tgdesk.testing.DependsOnDatabase;
import io.tgdesk.testing.FakeTelegram;
import io.tgdesk.testing.TgDeskApi;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Registering and managing bots through the admin API, against the fake Bot API. */
class BotAdminIT {

  @RegisterExtension static final FakeTelegram telegram = FakeTelegram.start();

  @Test
  void registeringABotVerifiesTheTokenAndNeverShowsItWhole() {
    String token = telegram.newBot("acme_support_bot");
    var reply =
        TgDeskApi.asAdmin()
            .post(
                "/api/admin/bots",
                Json.createObjectBuilder()
                    .add("name", "Acme support " + token.hashCode())
                    .add("token", token)
                    .add("mode", "webhook")
                    .add("apiBaseUrl", telegram.baseUrl())
                    .build());

    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    JsonObject bot = reply.json();
    assertThat(bot.getString("username")).isEqualTo("acme_support_bot");
    assertThat(bot.getString("mode")).isEqualTo("webhook");
    assertThat(bot.getString("token"))
        .startsWith(token.substring(0, token.indexOf(':')))
        .contains("****")
        .isNotEqualTo(token);
    assertThat(reply.body()).doesNotContain(token.substring(token.indexOf(':') + 1));
    assertThat(reply.headers().get("location").get(0))
        .endsWith("/api/admin/bots/" + bot.getJsonNumber("id"));
    assertThat(telegram.count(token, "getMe")).isEqualTo(1);
  }

  @Test
  void aTokenTelegramRejectsIs422AndNothingIsStored() {
    String token = telegram.newBot("revoked_bot");
    telegram.revoke(token);

    var reply =
        TgDeskApi.asAdmin()
            .post(
                "/api/admin/bots",
                Json.createObjectBuilder()
                    .add("name", "revoked")
                    .add("token", token)
                    .add("mode", "webhook")
                    .add("apiBaseUrl", telegram.baseUrl())
                    .build());

    assertThat(reply.status()).isEqualTo(422);
    assertThat(reply.contentType()).startsWith("application/problem+json");
    assertThat(reply.json().getString("detail"))
        .contains("Telegram rejected the token")
        .doesNotContain(token);
    // Other classes register bots meanwhile: no bot of this token was stored.
    long telegramBotId = Long.parseLong(token.substring(0, token.indexOf(':')));
    assertThat(allBots())
        .noneMatch(b -> b.getJsonNumber("telegramBotId").longValue() == telegramBotId);
  }

  @Test
  void invalidFieldsAre400WithEachFailingField() {
    var reply =
        TgDeskApi.asAdmin()
            .post(
                "/api/admin/bots",
                Json.createObjectBuilder()
                    .add("token", "not-a-token")
                    .add("mode", "carrier-pigeon")
                    .add("webhookSecret", "spaces are not allowed")
                    .add("apiBaseUrl", "ftp://x")
                    .add("pollTimeoutSeconds", 99)
                    .build());

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().getJsonArray("errors").getValuesAs(JsonObject.class))
        .extracting(e -> e.getString("field"))
        .containsExactlyInAnyOrder(
            "name", "token", "mode", "webhookSecret", "apiBaseUrl", "pollTimeoutSeconds");
  }

  @Test
  void aWebhookSecretShorterThan16CharactersIsRefusedNamingTheField() {
    String token = telegram.newBot("weak_secret_bot");
    for (String weak : List.of("a", "0123456789abcde")) {
      var reply =
          TgDeskApi.asAdmin()
              .post(
                  "/api/admin/bots",
                  Json.createObjectBuilder()
                      .add("name", "weak secret")
                      .add("token", token)
                      .add("mode", "webhook")
                      .add("webhookSecret", weak)
                      .add("apiBaseUrl", telegram.baseUrl())
                      .build());

      assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
      assertThat(reply.contentType()).startsWith("application/problem+json");
      assertThat(reply.json().getJsonArray("errors").getValuesAs(JsonObject.class))
          .extracting(e -> e.getString("field"))
          .containsExactly("webhookSecret");
    }
    assertThat(
            TgDeskApi.asAdmin()
                .post(
                    "/api/admin/bots",
                    Json.createObjectBuilder()
                        .add("webhookSecret", "x".repeat(257))
                        .add("token", token)
                        .build())
                .body())
        .contains("webhookSecret");
  }

  @Test
  void malformedBodyIs400ProblemJson() {
    var reply =
        TgDeskApi.asAdmin()
            .send(
                "POST",
                "/api/admin/bots",
                "{oops",
                java.util.Map.of("Content-Type", "application/json"));
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.contentType()).startsWith("application/problem+json");
  }

  @Test
  @DependsOnDatabase
  void theSameTokenTwiceIs409() {
    RegisteredBot bot = Bots.webhookBot(telegram);
    var reply =
        TgDeskApi.asAdmin()
            .post(
                "/api/admin/bots",
                Json.createObjectBuilder()
                    .add("name", "another name")
                    .add("token", bot.token())
                    .add("mode", "webhook")
                    .add("apiBaseUrl", telegram.baseUrl())
                    .build());
    assertThat(reply.status()).isEqualTo(409);
  }

  @Test
  void aWebhookSecretIsGeneratedWhenNotGivenAndUsedForSetWebhook() {
    String token = telegram.newBot("gen_secret_bot");
    var created =
        TgDeskApi.asAdmin()
            .post(
                "/api/admin/bots",
                Json.createObjectBuilder()
                    .add("name", "gen " + token.hashCode())
                    .add("token", token)
                    .add("mode", "webhook")
                    .add("apiBaseUrl", telegram.baseUrl())
                    .build());
    long id = created.json().getJsonNumber("id").longValue();

    var info = TgDeskApi.asAdmin().post("/api/admin/bots/" + id + "/webhook", null);

    assertThat(info.status()).as(info.toString()).isEqualTo(200);
    var webhook = telegram.webhook(token);
    assertThat(webhook.url()).endsWith("/api/telegram/" + id + "/webhook");
    assertThat(webhook.secretToken()).matches("[A-Za-z0-9_-]{32,256}");
    assertThat(webhook.maxConnections()).isEqualTo(40);
    assertThat(webhook.allowedUpdates()).contains("message", "edited_message");
    assertThat(info.json().getString("url")).isEqualTo(webhook.url());
  }

  @Test
  void webhookCanBeReadAndRemoved() {
    RegisteredBot bot = Bots.webhookBot(telegram);
    TgDeskApi.asAdmin().post("/api/admin/bots/" + bot.id() + "/webhook", null);
    telegram.setWebhookError(
        bot.token(), 1_700_000_000L, "Wrong response from the webhook: 502 Bad Gateway");

    var info = TgDeskApi.asAdmin().get("/api/admin/bots/" + bot.id() + "/webhook").json();
    assertThat(info.getString("lastErrorMessage")).contains("502 Bad Gateway");
    assertThat(info.getJsonNumber("lastErrorDate").longValue()).isEqualTo(1_700_000_000L);
    assertThat(telegram.webhook(bot.token()).secretToken()).isEqualTo(bot.secret());

    assertThat(TgDeskApi.asAdmin().delete("/api/admin/bots/" + bot.id() + "/webhook").status())
        .isEqualTo(204);
    assertThat(telegram.webhook(bot.token()).url()).isNull();
  }

  @Test
  void switchingAWebhookBotToPollingRemovesItsWebhookAtTelegram() {
    RegisteredBot bot = Bots.webhookBot(telegram);
    TgDeskApi.asAdmin().post("/api/admin/bots/" + bot.id() + "/webhook", null);
    assertThat(telegram.webhook(bot.token()).url()).isNotNull();

    var reply =
        TgDeskApi.asAdmin()
            .patch(
                "/api/admin/bots/" + bot.id(),
                Json.createObjectBuilder().add("mode", "polling").build());

    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    assertThat(telegram.webhook(bot.token()).url()).isNull();
    TgDeskApi.asAdmin().delete("/api/admin/bots/" + bot.id());
  }

  @Test
  void movingABotToAnotherBotApiServerIsVerifiedThere() {
    RegisteredBot bot = Bots.webhookBot(telegram);
    var reply =
        TgDeskApi.asAdmin()
            .patch(
                "/api/admin/bots/" + bot.id(),
                Json.createObjectBuilder().add("apiBaseUrl", "http://127.0.0.1:1").build());

    assertThat(reply.status()).isEqualTo(502);
    assertThat(reply.json().getString("detail")).contains("nothing was stored");
    assertThat(
            TgDeskApi.asAdmin().get("/api/admin/bots/" + bot.id()).json().getString("apiBaseUrl"))
        .isEqualTo(telegram.baseUrl());
  }

  @Test
  void deletingAWebhookBotRemovesItsWebhookAtTelegram() {
    RegisteredBot bot = Bots.webhookBot(telegram);
    TgDeskApi.asAdmin().post("/api/admin/bots/" + bot.id() + "/webhook", null);

    assertThat(TgDeskApi.asAdmin().delete("/api/admin/bots/" + bot.id()).status()).isEqualTo(204);
    assertThat(telegram.webhook(bot.token()).url()).isNull();
  }

  @Test
  void readinessReportsTheDatabase() {
    var reply = TgDeskApi.getFromServer("/health/ready", java.util.Map.of());
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().getJsonArray("checks").getValuesAs(JsonObject.class))
        .anySatisfy(
            c -> {
              assertThat(c.getString("name")).isEqualTo("database");
              assertThat(c.getString("status")).isEqualTo("UP");
            });
  }

  @Test
  void patchChangesOnlyTheGivenFields() {
    RegisteredBot bot = Bots.webhookBot(telegram);
    var reply =
        TgDeskApi.asAdmin()
            .patch(
                "/api/admin/bots/" + bot.id(),
                Json.createObjectBuilder()
                    .add("mode", "polling")
                    .add("pollTimeoutSeconds", 10)
                    .build());

    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    assertThat(reply.json().getString("mode")).isEqualTo("polling");
    assertThat(reply.json().getInt("pollTimeoutSeconds")).isEqualTo(10);
    assertThat(reply.json().getString("name")).isEqualTo(bot.username());
    TgDeskApi.asAdmin()
        .patch(
            "/api/admin/bots/" + bot.id(),
            Json.createObjectBuilder().add("mode", "webhook").build());
  }

  @Test
  @DependsOnDatabase
  void deletingABotRemovesItAndItsWebhookEndpointAnswersAsForAnUnknownBot() {
    RegisteredBot bot = Bots.webhookBot(telegram);
    assertThat(TgDeskApi.asAdmin().delete("/api/admin/bots/" + bot.id()).status()).isEqualTo(204);
    assertThat(TgDeskApi.asAdmin().get("/api/admin/bots/" + bot.id()).status()).isEqualTo(404);
    // The webhook of a bot that is gone answers as for any unknown bot: the same 401 as a wrong
    // secret, so that bot ids cannot be enumerated.
    assertThat(Bots.deliver(bot, io.tgdesk.testing.TelegramUpdates.privateText(1, 1, "A", 1, "x")))
        .isEqualTo(401);
  }

  @Test
  void adminApiNeedsTheAdminRole() {
    assertThat(TgDeskApi.anonymous().get("/api/admin/bots").status()).isEqualTo(401);
    assertThat(TgDeskApi.asAgent().get("/api/admin/bots").status()).isEqualTo(403);
    assertThat(TgDeskApi.as("admin:wrong-password").get("/api/admin/bots").status()).isEqualTo(401);
    assertThat(TgDeskApi.anonymous().get("/api/tickets").status()).isEqualTo(401);
    assertThat(TgDeskApi.asAgent().get("/api/tickets").status()).isEqualTo(200);
  }

  private static List<JsonObject> allBots() {
    return TgDeskApi.asAdmin().get("/api/admin/bots").jsonArray().getValuesAs(JsonObject.class);
  }

  @Test
  void aSetWebhookAnsweredOkWithoutAResultIsToleratedAndAMissingWebhookInfoIs502WithTheReason() {
    var bot = Bots.webhookBot(telegram);
    telegram.answerNextRaw(bot.token(), "setWebhook", 200, "{\"ok\":true,\"result\":null}");

    var set = TgDeskApi.asAdmin().post("/api/admin/bots/" + bot.id() + "/webhook", null);

    assertThat(set.status()).as(set.toString()).isEqualTo(200);
    telegram.answerNextRaw(bot.token(), "getWebhookInfo", 200, "{\"ok\":true,\"result\":null}");
    var info = TgDeskApi.asAdmin().get("/api/admin/bots/" + bot.id() + "/webhook");
    assertThat(info.status()).as(info.toString()).isEqualTo(502);
    assertThat(info.contentType()).startsWith("application/problem+json");
    assertThat(info.json().getString("detail")).contains("getWebhookInfo").contains("no result");
  }

  @Test
  void oddBotApiAnswersAre502StatingTheReasonNever500() {
    var bot = Bots.webhookBot(telegram);
    List<String> odd =
        List.of(
            "{\"ok\":true,\"result\":\"yes\"}",
            "{\"ok\":true,\"result\":[1,2]}",
            "{\"ok\":true}",
            "[]",
            "<html>Bad gateway</html>",
            "");
    for (String body : odd) {
      telegram.answerNextRaw(bot.token(), "getWebhookInfo", 200, body);
      var info = TgDeskApi.asAdmin().get("/api/admin/bots/" + bot.id() + "/webhook");
      assertThat(info.status()).as(body + " -> " + info).isEqualTo(502);
      assertThat(info.json().getString("detail")).as(body).contains("getWebhookInfo");
    }
    String other = telegram.newBot("odd_me_bot");
    telegram.answerNextRaw(other, "getMe", 200, "{\"ok\":true,\"result\":42}");
    var registered =
        TgDeskApi.asAdmin()
            .post(
                "/api/admin/bots",
                Json.createObjectBuilder()
                    .add("name", "odd " + other.hashCode())
                    .add("token", other)
                    .add("mode", "webhook")
                    .add("apiBaseUrl", telegram.baseUrl())
                    .build());
    assertThat(registered.status()).as(registered.toString()).isEqualTo(502);
    assertThat(registered.json().getString("detail")).contains("getMe");
  }

  @Test
  void noFormOfTheTokenComesBackInAProblemTheCallAuditOrItsExport() {
    var bot = Bots.webhookBot(telegram);
    String secretPart = bot.token().substring(bot.token().indexOf(':') + 1);
    String encoded = bot.token().replace(":", "%3A");
    telegram.answerNextRaw(
        bot.token(),
        "getWebhookInfo",
        500,
        "{\"ok\":false,\"error_code\":500,\"description\":\"Internal Server Error: /bot"
            + encoded
            + "/getWebhookInfo\"}");
    telegram.answerNextRaw(
        bot.token(),
        "getWebhookInfo",
        502,
        "{\"ok\":false,\"error_code\":502,\"description\":\"Bad Gateway: secret "
            + secretPart
            + " and "
            + encoded.toLowerCase()
            + "\"}");

    var first = TgDeskApi.asAdmin().get("/api/admin/bots/" + bot.id() + "/webhook");
    var second = TgDeskApi.asAdmin().get("/api/admin/bots/" + bot.id() + "/webhook");

    assertThat(first.status()).isEqualTo(502);
    assertThat(second.status()).isEqualTo(502);
    // The call audit is written a moment later (every 250 ms, off the caller's thread).
    var calls =
        await()
            .atMost(java.time.Duration.ofSeconds(10))
            .until(
                () -> TgDeskApi.asAdmin().get("/api/admin/diagnostics/calls?botId=" + bot.id()),
                r -> r.body().contains("Bad Gateway"));
    var csv = TgDeskApi.asAdmin().get("/api/admin/diagnostics/calls/export?botId=" + bot.id());
    assertThat(calls.body()).contains("Internal Server Error");
    assertThat(csv.body()).contains("Bad Gateway");
    for (var reply : List.of(first, second, calls, csv)) {
      assertThat(reply.body())
          .as(reply.toString())
          .doesNotContain(secretPart)
          .doesNotContainIgnoringCase(encoded)
          .doesNotContainIgnoringCase(secretPart);
    }
  }

  @Test
  void aBotApiAtALinkLocalOrMetadataAddressIsRefusedAndNoRawNetworkErrorIsEchoed() {
    String token = telegram.newBot("ssrf_bot");
    var metadata =
        TgDeskApi.asAdmin()
            .post(
                "/api/admin/bots",
                Json.createObjectBuilder()
                    .add("name", "ssrf " + token.hashCode())
                    .add("token", token)
                    .add("mode", "webhook")
                    .add("apiBaseUrl", "http://169.254.169.254/latest/meta-data")
                    .build());
    var closedPort =
        TgDeskApi.asAdmin()
            .post(
                "/api/admin/bots",
                Json.createObjectBuilder()
                    .add("name", "closed " + token.hashCode())
                    .add("token", token)
                    .add("mode", "webhook")
                    .add("apiBaseUrl", "http://127.0.0.1:1")
                    .build());

    assertThat(metadata.status()).as(metadata.toString()).isEqualTo(400);
    assertThat(metadata.body()).contains("apiBaseUrl").contains("link-local");
    assertThat(telegram.count(token, "getMe")).isZero();
    assertThat(closedPort.status()).as(closedPort.toString()).isEqualTo(502);
    assertThat(closedPort.body())
        .contains("getMe")
        .doesNotContainIgnoringCase("refused")
        .doesNotContain("ConnectException");
  }
}
