package io.tgdesk.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tgdesk.testing.Bots;
import io.tgdesk.testing.Bots.RegisteredBot;
import io.tgdesk.testing.DependsOnDatabase;
import io.tgdesk.testing.FakeTelegram;
import io.tgdesk.testing.Outboxes;
import io.tgdesk.testing.Outboxes.Msg;
import io.tgdesk.testing.Shopify;
import io.tgdesk.testing.TelegramUpdates;
import io.tgdesk.testing.TgDeskApi;
import io.tgdesk.testing.Tickets;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cause report: each fault the fake Telegram server is driven into is named first, with its
 * evidence; a clean run is reported healthy.
 */
class CauseReportIT {

  @RegisterExtension static final FakeTelegram telegram = FakeTelegram.start();
  static final TgDeskApi admin = TgDeskApi.asAdmin();
  static final HttpClient OTHER_CLIENT = HttpClient.newHttpClient();

  @BeforeEach
  void resetLimits() {
    telegram.setLimits(FakeTelegram.Limits.telegramDefaults());
  }

  /** A webhook bot whose webhook is registered at (fake) Telegram, as in a correct set-up. */
  static RegisteredBot wellConfiguredBot() {
    RegisteredBot bot = Bots.webhookBot(telegram);
    var reply = admin.post("/api/admin/bots/" + bot.id() + "/webhook", null);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    return bot;
  }

  static JsonObject report(long botId) {
    var reply = admin.get("/api/admin/diagnostics/report?botId=" + botId);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    return reply.json();
  }

  static List<String> causes(JsonObject report) {
    return report.getJsonArray("findings").getValuesAs(JsonObject.class).stream()
        .map(f -> f.getString("cause"))
        .toList();
  }

  /**
   * Calls the fake Bot API with the bot's token as another system would (a CRM sync, an old bot
   * process), past TgDesk: Telegram sees the call, TgDesk's call audit does not. Returns the HTTP
   * status, 0 if the call failed.
   */
  static int callAsAnotherClient(String token, String method, String json) {
    try {
      return OTHER_CLIENT
          .send(
              HttpRequest.newBuilder(URI.create(telegram.baseUrl() + "/bot" + token + "/" + method))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(json))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits until the report names the cause first (the audit is written asynchronously). */
  static JsonObject awaitFirstFinding(long botId, String cause, Duration atMost) {
    JsonObject report =
        await()
            .atMost(atMost)
            .pollInterval(Duration.ofMillis(500))
            .until(
                () -> report(botId),
                r -> r.getJsonArray("findings").getJsonObject(0).getString("cause").equals(cause));
    assertThat(report.getBoolean("healthy")).isFalse();
    JsonObject first = report.getJsonArray("findings").getJsonObject(0);
    assertThat(first.getString("summary")).isNotBlank();
    assertThat(first.getString("fix")).isNotBlank();
    return first;
  }

  @Test
  @DependsOnDatabase
  void aCleanRunIsReportedHealthyWithTheFiguresThatShowIt() {
    RegisteredBot bot = wellConfiguredBot();
    Outboxes.awaitSettled(
        Outboxes.send(bot.id(), "notice", List.of(new Msg(7101, "a"), new Msg(7102, "b"))),
        Duration.ofSeconds(30));

    JsonObject report =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> report(bot.id()),
                r -> r.getJsonObject("figures").getJsonNumber("calls").longValue() >= 4);

    assertThat(report.getBoolean("healthy")).as(report.toString()).isTrue();
    assertThat(report.getJsonArray("findings")).hasSize(1);
    JsonObject healthy = report.getJsonArray("findings").getJsonObject(0);
    assertThat(healthy.getString("cause")).isEqualTo("healthy");
    JsonObject figures = report.getJsonObject("figures");
    assertThat(figures.getJsonObject("callsByHttpStatus").getJsonNumber("200").longValue())
        .isEqualTo(4);
    assertThat(figures.getJsonObject("outboxByState").getJsonNumber("sent").longValue())
        .isEqualTo(2);
    assertThat(figures.getJsonObject("deliveryLatency").getJsonNumber("sent").longValue())
        .isEqualTo(2);
    assertThat(figures.getJsonNumber("circuitBreakerOpenings").longValue()).isZero();
    assertThat(healthy.getString("summary")).contains("no circuit breaker opening");
  }

  @Test
  @DependsOnDatabase
  void tgDeskOverrunningTheBudgetIsNamedRateLimitedWithTheCategoryThatDroveItAndNoSharedToken() {
    // TgDesk itself overruns: its bulk lane pays for 1,000 calls/s, Telegram grants this bot 40.
    // (At 100/s a loaded machine sent fewer than 31 calls in its busiest second, and the report
    // could no longer tell TgDesk's overrun from another client's.)
    RegisteredBot bot =
        Bots.register(
            telegram,
            "webhook",
            Json.createObjectBuilder().add("paidBroadcastPerSecond", 1000).build());
    assertThat(admin.post("/api/admin/bots/" + bot.id() + "/webhook", null).status())
        .isEqualTo(200);
    var d = FakeTelegram.Limits.telegramDefaults();
    telegram.setLimits(
        new FakeTelegram.Limits(
            d.botPerSecond(),
            40,
            d.privatePerSecond(),
            d.groupPerMinute(),
            d.groupPerSecond(),
            d.groupEditsPerMinute(),
            d.tolerance(),
            3,
            10,
            1));
    // the calls already on their way when the bot's wait starts do not stretch it past 1 s
    telegram.capRetryAfter(bot.token(), 1);
    // three rounds of 41 calls in under half a second, each ended by a 429
    List<Msg> messages = IntStream.range(0, 130).mapToObj(i -> new Msg(7200 + i, "m" + i)).toList();
    Outboxes.awaitSettled(Outboxes.send(bot.id(), "bulk", messages), Duration.ofSeconds(60));
    int refused = telegram.tooManyRequests(bot.token());
    assertThat(refused).isGreaterThanOrEqualTo(3);

    JsonObject first = awaitFirstFinding(bot.id(), "rate-limited", Duration.ofSeconds(30));

    // TgDesk made more calls than the bot's free 30/s before each burst: not another client
    assertThat(causes(report(bot.id()))).doesNotContain("token-shared");
    assertThat(first.getString("fix")).contains("fewer calls than it made");
    JsonObject evidence = first.getJsonObject("evidence");
    assertThat(evidence.getInt("tooManyRequests")).isEqualTo(refused);
    assertThat(evidence.getString("drivenBy")).isEqualTo("bulk");
    assertThat(evidence.getJsonArray("clusters")).isNotEmpty();
    JsonObject cluster = evidence.getJsonArray("clusters").getJsonObject(0);
    assertThat(cluster.getString("scope")).isEqualTo("bot");
    assertThat(cluster.getJsonObject("methods").keySet()).containsExactly("sendMessage");
    assertThat(cluster.getInt("minRetryAfter")).isGreaterThanOrEqualTo(1);
    assertThat(evidence.getJsonObject("retryAfterDistribution").getInt("1-10")).isPositive();

    var limits = admin.get("/api/admin/diagnostics/rate-limits?botId=" + bot.id()).json();
    assertThat(limits.getInt("tooManyRequests")).isEqualTo(refused);
    assertThat(limits.getJsonArray("tooManyRequestsPerMinute")).isNotEmpty();
    assertThat(limits.getJsonArray("agentRepliesPerMinute")).isEmpty();
    var rates = admin.get("/api/admin/diagnostics/rates?botId=" + bot.id()).json();
    assertThat(rates.getInt("limit")).isEqualTo(30);
    assertThat(rates.getInt("calls")).isGreaterThanOrEqualTo(130);
    assertThat(rates.getJsonArray("buckets")).isNotEmpty();
    assertThat(rates.getJsonNumber("peakUtilisationPercent").doubleValue()).isGreaterThan(100);
  }

  @Test
  @DependsOnDatabase
  void anotherClientUsingTheTokenIsNamedFirstWithTgDesksOwnRateWithinTheBudget() throws Exception {
    RegisteredBot bot = wellConfiguredBot();
    // Real Telegram answers a flood of the bot's budget with waits of seconds; the fake's would
    // double with each call of the other client during them.
    telegram.capRetryAfter(bot.token(), 2);
    // A CRM sync with the same token, 40 calls/s: more than the bot's budget on its own, so
    // Telegram keeps the bot waiting while it runs, whatever TgDesk does.
    AtomicBoolean stop = new AtomicBoolean();
    Thread crm =
        new Thread(
            () -> {
              long start = System.nanoTime();
              long end = start + Duration.ofSeconds(15).toNanos();
              for (int i = 0; !stop.get() && System.nanoTime() < end; i++) {
                callAsAnotherClient(
                    bot.token(),
                    "sendMessage",
                    "{\"chat_id\":" + (5000 + i) + ",\"text\":\"crm\"}");
                // Paced by the clock, not by a pause after each call: on a busy machine the calls
                // themselves take milliseconds, and a pause after each kept it under 30 a second.
                long next = start + (i + 1) * Duration.ofMillis(25).toNanos();
                sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
              }
            },
            "crm-sync");
    crm.start();
    List<Long> ids = List.of();
    JsonObject report;
    try {
      await()
          .atMost(Duration.ofSeconds(5))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> telegram.tooManyRequests(bot.token()) > 0);
      // a small bulk, paced at the bot's 30/s: its first calls are refused
      ids =
          Outboxes.send(
              bot.id(),
              "bulk",
              IntStream.range(0, 20).mapToObj(i -> new Msg(7600 + i, "bulk " + i)).toList());
      // named as soon as TgDesk's first 429s are audited, while the other client still calls
      JsonObject first = awaitFirstFinding(bot.id(), "token-shared", Duration.ofSeconds(10));

      assertThat(first.getString("family")).isEqualTo("token-held-elsewhere");
      assertThat(first.getString("summary"))
          .startsWith("Another system holds this bot's token: another client uses it.");
      assertThat(first.getString("fix")).contains("/revoke").contains("bot of its own");
      JsonObject evidence = first.getJsonObject("evidence");
      assertThat(evidence.getInt("limitPerSecond")).isEqualTo(30);
      assertThat(evidence.getInt("withinBudget")).isPositive();
      assertThat(evidence.getInt("ownPeakPerSecond")).isBetween(1, 30);
      assertThat(evidence.getJsonNumber("percentExplained").doubleValue()).isGreaterThan(50);
      JsonObject window = evidence.getJsonArray("windows").getJsonObject(0);
      assertThat(window.getInt("ownPeakPerSecond"))
          .isLessThanOrEqualTo(window.getInt("limitPerSecond"));
      assertThat(window.getInt("tooManyRequests")).isPositive();
      assertThat(window.getInt("minRetryAfter")).isBetween(1, 2);
      report = report(bot.id());
    } finally {
      stop.set(true);
      crm.join();
      // the bulk drains once the other client stopped; nothing of it is left for other tests
      Outboxes.awaitSettled(ids, Duration.ofSeconds(30));
    }
    // the generic finding is still there, ranked below, and does not blame TgDesk's traffic
    JsonObject rateLimited =
        report.getJsonArray("findings").getValuesAs(JsonObject.class).stream()
            .filter(f -> f.getString("cause").equals("rate-limited"))
            .findFirst()
            .orElseThrow();
    assertThat(rateLimited.getString("fix"))
        .contains("another client uses this bot's token")
        .doesNotContain("fewer calls than it made")
        .doesNotContain("paidBroadcastPerSecond");
  }

  @Test
  void aWebhookAnotherSystemSetIsNamedFirstAsTheTokenHeldElsewhere() {
    RegisteredBot bot = wellConfiguredBot();
    assertThat(
            callAsAnotherClient(
                bot.token(), "setWebhook", "{\"url\":\"https://crm.example.com/telegram\"}"))
        .isEqualTo(200);

    var checks = admin.post("/api/admin/diagnostics/webhooks/check?botId=" + bot.id(), null);
    assertThat(checks.status()).as(checks.toString()).isEqualTo(200);

    JsonObject first =
        awaitFirstFinding(bot.id(), "webhook-not-reaching-us", Duration.ofSeconds(10));
    assertThat(first.getString("family")).isEqualTo("token-held-elsewhere");
    assertThat(first.getString("summary"))
        .startsWith("Another system holds this bot's token: ")
        .contains("https://crm.example.com/telegram");
    assertThat(first.getString("fix")).contains("/revoke");
  }

  @Test
  void aRevokedTokenIsNamedFirst() {
    RegisteredBot bot = wellConfiguredBot();
    telegram.revoke(bot.token());
    // The entry waits (pending) while the bot is disabled for its token.
    Outboxes.send(bot.id(), "notice", List.of(new Msg(7301, "x")));

    JsonObject first = awaitFirstFinding(bot.id(), "token-revoked", Duration.ofSeconds(30));

    JsonObject evidence = first.getJsonObject("evidence");
    assertThat(evidence.getInt("errorCode")).isEqualTo(401);
    assertThat(evidence.getInt("calls")).isPositive();
    assertThat(evidence.getJsonObject("methods").keySet()).contains("sendMessage");
  }

  @Test
  void blockedChatsAreNamedWithTheirCounts() {
    RegisteredBot bot = wellConfiguredBot();
    telegram.blockChat(bot.token(), 7401, "Forbidden: bot was blocked by the user");
    telegram.blockChat(bot.token(), -1007402, "Forbidden: bot was kicked from the supergroup chat");
    Outboxes.awaitSettled(
        Outboxes.send(
            bot.id(),
            "notice",
            List.of(new Msg(7401, "a"), new Msg(-1007402, "b"), new Msg(7403, "c"))),
        Duration.ofSeconds(30));

    JsonObject first = awaitFirstFinding(bot.id(), "chats-unreachable", Duration.ofSeconds(30));

    JsonObject evidence = first.getJsonObject("evidence");
    assertThat(evidence.getInt("chats")).isEqualTo(2);
    assertThat(evidence.getInt("calls")).isEqualTo(2);
    assertThat(evidence.getJsonObject("descriptions").keySet())
        .containsExactlyInAnyOrder(
            "Forbidden: bot was blocked by the user",
            "Forbidden: bot was kicked from the supergroup chat");
  }

  @Test
  void aTelegramOutageIsNamedAsUpstreamErrorsWithCircuitBreakerOpenings() {
    RegisteredBot bot = wellConfiguredBot();
    telegram.outage(bot.token(), Duration.ofSeconds(5));
    Outboxes.awaitSettled(
        Outboxes.send(
            bot.id(),
            "notice",
            IntStream.range(0, 4).mapToObj(i -> new Msg(7500 + i, "o" + i)).toList()),
        Duration.ofSeconds(120));

    // The breaker's changes are written off the delivery thread: the last one (closed) may come
    // a moment after the entries settled.
    List<JsonObject> changes =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () -> breakerEvents(bot.id()),
                c -> !c.isEmpty() && c.get(c.size() - 1).getString("state").equals("closed"));

    JsonObject first = awaitFirstFinding(bot.id(), "upstream-errors", Duration.ofSeconds(30));

    JsonObject evidence = first.getJsonObject("evidence");
    assertThat(evidence.getInt("serverErrors")).isGreaterThanOrEqualTo(5);
    assertThat(evidence.getJsonObject("descriptions").keySet()).contains("Bad Gateway");
    List<JsonObject> openings =
        changes.stream().filter(c -> c.getString("state").equals("open")).toList();
    assertThat(openings).isNotEmpty();
    assertThat(evidence.getInt("circuitBreakerOpenings")).isEqualTo(openings.size());
    assertThat(evidence.getJsonArray("circuitBreakerOpenedAt").getString(0))
        .isEqualTo(openings.get(0).getString("at"));
    assertThat(first.getString("summary"))
        .contains("the circuit breaker opened " + openings.size() + " times");
    // Opened by the failures, with the last one named; then one probe; closed when it succeeded.
    assertThat(changes.get(0).getString("state")).isEqualTo("open");
    assertThat(changes.get(0).getString("previousState")).isEqualTo("closed");
    assertThat(changes.get(0).getString("reason")).contains("502 Bad Gateway");
    assertThat(changes).anyMatch(c -> c.getString("state").equals("half-open"));
    assertThat(changes.get(changes.size() - 1).getString("previousState")).isEqualTo("half-open");
    assertThat(changes).allMatch(c -> c.getJsonNumber("botId").longValue() == bot.id());
    assertThat(
            DiagnosticsMetricsIT.metrics()
                .lines()
                .filter(l -> l.startsWith("telegram_circuit_breaker_openings_total{"))
                .filter(l -> l.contains("bot=\"" + bot.id() + "\""))
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))))
        .containsExactly((double) openings.size());
  }

  static List<JsonObject> breakerEvents(long botId) {
    var reply = admin.get("/api/admin/diagnostics/breaker-events?botId=" + botId);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    return reply.jsonArray().getValuesAs(JsonObject.class);
  }

  @Test
  void messagesLeftUncertainByLostConnectionsAreNamedFirstWithTheirExamples() {
    RegisteredBot bot = wellConfiguredBot();
    // Telegram takes each message and the connection drops before the answer: delivered or not,
    // TgDesk cannot know, and sends none of them again on its own.
    telegram.cutAnswers(bot.token(), true);
    List<Long> ids =
        Outboxes.send(
            bot.id(),
            "notice",
            List.of(new Msg(7701, "u1"), new Msg(7702, "u2"), new Msg(7703, "u3")));
    List<JsonObject> settled = Outboxes.awaitSettled(ids, Duration.ofSeconds(60));
    telegram.cutAnswers(bot.token(), false);
    assertThat(settled).allMatch(e -> e.getString("state").equals("uncertain"));

    JsonObject first =
        awaitFirstFinding(bot.id(), "outbox-dead-or-uncertain", Duration.ofSeconds(30));

    JsonObject evidence = first.getJsonObject("evidence");
    assertThat(evidence.getInt("uncertain")).isEqualTo(3);
    assertThat(evidence.getInt("dead")).isZero();
    List<JsonObject> examples = evidence.getJsonArray("examples").getValuesAs(JsonObject.class);
    assertThat(examples)
        .extracting(e -> e.getJsonNumber("entryId").longValue())
        .containsExactlyInAnyOrderElementsOf(ids);
    assertThat(examples)
        .allSatisfy(
            e -> {
              assertThat(e.getString("state")).isEqualTo("uncertain");
              assertThat(e.getString("method")).isEqualTo("sendMessage");
              assertThat(e.getString("lastError")).contains("may have been delivered");
            });
    assertThat(examples)
        .extracting(e -> e.getJsonNumber("chatId").longValue())
        .containsExactlyInAnyOrder(7701L, 7702L, 7703L);
    assertThat(first.getString("summary")).contains("3 may or may not have been delivered");
    // The lost answers are upstream errors too, ranked after the messages they put in doubt.
    JsonObject second = report(bot.id()).getJsonArray("findings").getJsonObject(1);
    assertThat(second.getString("cause")).isEqualTo("upstream-errors");
    assertThat(second.getJsonObject("evidence").getInt("noAnswer")).isGreaterThanOrEqualTo(3);
  }

  @Test
  void messagesTelegramRefusedForGoodAreNamedFirstWithTheirErrorAndExamples() {
    RegisteredBot bot = wellConfiguredBot();
    telegram.failNext(bot.token(), 2, 400, "Bad Request: message text is empty");
    List<JsonObject> settled =
        Outboxes.awaitSettled(
            Outboxes.send(bot.id(), "notice", List.of(new Msg(7801, "r1"), new Msg(7801, "r2"))),
            Duration.ofSeconds(30));
    assertThat(settled).allMatch(e -> e.getString("state").equals("failed"));

    JsonObject first = awaitFirstFinding(bot.id(), "messages-refused", Duration.ofSeconds(30));

    JsonObject evidence = first.getJsonObject("evidence");
    assertThat(evidence.getInt("refused")).isEqualTo(2);
    JsonObject error = evidence.getJsonArray("byError").getJsonObject(0);
    assertThat(error.getInt("errorCode")).isEqualTo(400);
    assertThat(error.getString("description")).isEqualTo("Bad Request: message text is empty");
    assertThat(error.getInt("entries")).isEqualTo(2);
    assertThat(evidence.getJsonArray("examples").getValuesAs(JsonObject.class))
        .hasSize(2)
        .allSatisfy(
            e -> {
              assertThat(e.getJsonNumber("chatId").longValue()).isEqualTo(7801);
              assertThat(e.getString("category")).isEqualTo("notice");
              assertThat(e.getString("method")).isEqualTo("sendMessage");
            });
    assertThat(first.getString("summary")).contains("Bad Request: message text is empty");
  }

  @Test
  void pollingConflictsAreNamedFirst() {
    RegisteredBot bot = Bots.pollingBot(telegram);
    telegram.forceConflict(bot.token(), true);
    try {
      JsonObject first = awaitFirstFinding(bot.id(), "polling-conflict", Duration.ofSeconds(30));

      JsonObject evidence = first.getJsonObject("evidence");
      assertThat(evidence.getInt("errorCode")).isEqualTo(409);
      assertThat(evidence.getJsonObject("methods").keySet()).containsExactly("getUpdates");
      assertThat(evidence.getJsonObject("descriptions").keySet().iterator().next())
          .startsWith("Conflict");
      assertThat(first.getString("family")).isEqualTo("token-held-elsewhere");
      assertThat(first.getString("summary")).startsWith("Another system holds this bot's token: ");
    } finally {
      telegram.forceConflict(bot.token(), false);
      admin.patch(
          "/api/admin/bots/" + bot.id(), Json.createObjectBuilder().add("enabled", false).build());
    }
  }

  @Test
  void aWebhookTelegramCannotDeliverToIsNamedFirstWithItsLastError() {
    RegisteredBot bot = wellConfiguredBot();
    telegram.setWebhookError(
        bot.token(),
        Instant.now().getEpochSecond(),
        "Wrong response from the webhook: 502 Bad Gateway");

    var checks = admin.post("/api/admin/diagnostics/webhooks/check?botId=" + bot.id(), null);
    assertThat(checks.status()).as(checks.toString()).isEqualTo(200);
    assertThat(checks.jsonArray().getJsonObject(0).getJsonArray("alerts").toString())
        .contains("recent-error");

    JsonObject first =
        awaitFirstFinding(bot.id(), "webhook-not-reaching-us", Duration.ofSeconds(10));
    JsonObject evidence = first.getJsonObject("evidence");
    assertThat(evidence.getString("lastErrorMessage"))
        .isEqualTo("Wrong response from the webhook: 502 Bad Gateway");
    assertThat(first.getString("summary")).contains("502 Bad Gateway");
    var history = admin.get("/api/admin/diagnostics/webhooks?botId=" + bot.id());
    assertThat(history.jsonArray().getJsonObject(0).getBoolean("alerting")).isTrue();
  }

  @Test
  void aWebhookThatWasNeverRegisteredAtTelegramIsNamedFirst() {
    RegisteredBot bot = Bots.webhookBot(telegram);

    var checks = admin.post("/api/admin/diagnostics/webhooks/check?botId=" + bot.id(), null);
    assertThat(checks.status()).as(checks.toString()).isEqualTo(200);

    JsonObject first =
        awaitFirstFinding(bot.id(), "webhook-not-reaching-us", Duration.ofSeconds(10));
    JsonObject evidence = first.getJsonObject("evidence");
    assertThat(evidence.getJsonArray("alerts").toString()).contains("url-mismatch");
    assertThat(evidence.getString("expectedUrl")).endsWith(bot.webhookPath());
    assertThat(first.getString("fix")).contains("/webhook");
    // no webhook at all is not proof of another system
    assertThat(first.get("family")).isIn(null, jakarta.json.JsonValue.NULL);
  }

  @Test
  void hiddenTrafficIsNamedWithItsShare() {
    RegisteredBot bot = wellConfiguredBot();
    for (int i = 0; i < 25; i++) {
      assertThat(admin.get("/api/admin/bots/" + bot.id() + "/webhook").status()).isEqualTo(200);
    }
    Outboxes.awaitSettled(
        Outboxes.send(bot.id(), "notice", List.of(new Msg(7601, "a"))), Duration.ofSeconds(30));

    JsonObject first = awaitFirstFinding(bot.id(), "hidden-traffic", Duration.ofSeconds(30));

    JsonObject evidence = first.getJsonObject("evidence");
    assertThat(evidence.getString("category")).isEqualTo("webhook-management");
    assertThat(evidence.getInt("calls")).isEqualTo(27);
    assertThat(evidence.getJsonNumber("percentOfCalls").doubleValue()).isGreaterThan(90);
    assertThat(evidence.getJsonObject("methods").keySet())
        .containsExactlyInAnyOrder("getWebhookInfo", "setWebhook");
  }

  @Test
  void updatesThatFailToProcessAreNamedFirst() {
    RegisteredBot bot = wellConfiguredBot();
    assertThat(
            Bots.deliver(
                bot, Json.createObjectBuilder().add("update_id", 4711).add("message", 42).build()))
        .isEqualTo(200);

    JsonObject first = awaitFirstFinding(bot.id(), "intake-failures", Duration.ofSeconds(30));

    JsonObject evidence = first.getJsonObject("evidence");
    assertThat(evidence.getInt("failedUpdates")).isEqualTo(1);
    assertThat(evidence.getJsonArray("examples").getJsonObject(0).getInt("updateId"))
        .isEqualTo(4711);
  }

  @Test
  void theUpdatesThatWaitForAFailedOneOfTheirChatAreCounted() {
    RegisteredBot bot = wellConfiguredBot();
    JsonObject broken =
        io.tgdesk.testing.TelegramUpdates.unapplicablePrivateText(1, 6101, "Ann", 10);
    assertThat(Bots.deliver(bot, broken)).isEqualTo(200);
    assertThat(
            Bots.deliver(
                bot, io.tgdesk.testing.TelegramUpdates.privateText(2, 6101, "Ann", 11, "later")))
        .isEqualTo(200);

    JsonObject finding =
        await()
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(200))
            .until(
                () -> report(bot.id()).getJsonArray("findings").getJsonObject(0),
                f ->
                    f.getString("cause").equals("intake-failures")
                        && f.getString("summary").contains("wait"));

    assertThat(finding.getString("summary"))
        .isEqualTo(
            "1 received updates failed to become tickets or messages. 1 later updates of their"
                + " chats wait for failed ones, to keep each chat in order.");
    JsonObject states = finding.getJsonObject("evidence").getJsonObject("updatesByState");
    assertThat(states.getInt("failed")).isEqualTo(1);
    assertThat(states.getInt("waiting")).isEqualTo(1);
  }

  /**
   * Waits until the report holds a finding of the cause whose evidence counts {@code
   * tooManyRequests} 429s (the audit is written in batches); returns it.
   */
  static JsonObject awaitFinding(long botId, String cause, int tooManyRequests) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> finding(report(botId), cause),
            f ->
                f != null
                    && f.getJsonObject("evidence").getInt("tooManyRequests") == tooManyRequests);
  }

  static JsonObject finding(JsonObject report, String cause) {
    return report.getJsonArray("findings").getValuesAs(JsonObject.class).stream()
        .filter(f -> f.getString("cause").equals(cause))
        .findFirst()
        .orElse(null);
  }

  /** A customer writes to the bot in their private chat; returns their ticket's id. */
  static long privateTicket(RegisteredBot bot, long userId) {
    assertThat(Bots.deliver(bot, TelegramUpdates.privateText(1, userId, "Ann", 1000, "help")))
        .isEqualTo(200);
    return Tickets.awaitTickets(bot.id(), t -> t.size() == 1)
        .get(0)
        .getJsonNumber("id")
        .longValue();
  }

  static void reply(TgDeskApi agent, long ticket, String text) {
    var reply =
        agent.post(
            "/api/tickets/" + ticket + "/replies",
            Json.createObjectBuilder().add("text", text).build());
    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
  }

  @Test
  @DependsOnDatabase
  void twoAgentsAndANoticeWritingToOneChatAtOnceAreNamedAsAgentConcurrency() {
    RegisteredBot bot = Bots.webhookBot(telegram);
    long ticket = privateTicket(bot, 7901);
    telegram.failNext(bot.token(), 2, 429, "Too Many Requests: retry after 1");

    reply(TgDeskApi.asAgent(), ticket, "Looking into it");
    reply(TgDeskApi.asAdmin(), ticket, "I am on it too");
    Outboxes.send(bot.id(), "notice", List.of(new Msg(7901, "Your parcel left the warehouse")));

    JsonObject found = awaitFinding(bot.id(), "agent-concurrency", 2);

    JsonObject evidence = found.getJsonObject("evidence");
    assertThat(evidence.getInt("concurrent429s")).isPositive();
    JsonObject chat = evidence.getJsonArray("chats").getJsonObject(0);
    assertThat(chat.getJsonNumber("chatId").longValue()).isEqualTo(7901);
    assertThat(chat.getString("first429")).isNotBlank();
    List<JsonObject> agents = chat.getJsonArray("agents").getValuesAs(JsonObject.class);
    assertThat(agents)
        .extracting(a -> a.getString("name"))
        .containsExactlyInAnyOrder("agent", "admin");
    assertThat(agents).allSatisfy(a -> assertThat(a.getString("first")).isNotBlank());
    assertThat(chat.getJsonArray("automations").getValuesAs(JsonObject.class))
        .extracting(a -> a.getString("name"))
        .containsExactly("notice");
    assertThat(found.getString("summary")).contains("agents admin, agent").contains("notice");
    assertThat(found.getString("fix")).contains("one agent own each chat").contains("coalesce");
    // It explains the 429s better than the rate-limit finding, so it ranks above it.
    assertThat(causes(report(bot.id()))).containsSubsequence("agent-concurrency", "rate-limited");
  }

  @Test
  void aSingleAgentCausingThe429sIsNoAgentConcurrency() {
    RegisteredBot bot = Bots.webhookBot(telegram);
    long ticket = privateTicket(bot, 7902);
    telegram.failNext(bot.token(), 2, 429, "Too Many Requests: retry after 1");

    reply(TgDeskApi.asAgent(), ticket, "one");
    reply(TgDeskApi.asAgent(), ticket, "two");

    awaitFinding(bot.id(), "rate-limited", 2);
    assertThat(causes(report(bot.id()))).doesNotContain("agent-concurrency");
  }

  /** Orders of one Telegram customer, each with its own order id (so no notice coalesces). */
  static void orders(Shopify.RegisteredShop shop, int n, long firstOrder, long user) {
    for (int i = 0; i < n; i++) {
      var posted =
          Shopify.deliver(
              shop,
              "orders/create",
              Shopify.order(
                  firstOrder + i,
                  "#" + (firstOrder + i),
                  null,
                  null,
                  null,
                  "paid",
                  null,
                  Instant.now(),
                  user));
      assertThat(posted.status()).as(posted.toString()).isEqualTo(200);
    }
  }

  static JsonObject firstBurst(JsonObject finding) {
    return finding.getJsonObject("evidence").getJsonArray("bursts").getJsonObject(0);
  }

  @Test
  @DependsOnDatabase
  void aShopifyBurstFollowedBy429sOnTheShopsBotIsNamedWithItsShopTopicsAndNotices() {
    RegisteredBot bot = Bots.webhookBot(telegram);
    Shopify.RegisteredShop shop =
        Shopify.configure(
            bot.id(),
            Json.createObjectBuilder()
                .add("noticesEnabled", true)
                .add("noticeWindowSeconds", 0)
                .build());
    telegram.failNext(bot.token(), 2, 429, "Too Many Requests: retry after 1");

    orders(shop, 6, 910_001, 7951);

    // Processed one by one: the finding may show before the last notice was queued.
    JsonObject found =
        await()
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(500))
            .until(
                () -> finding(report(bot.id()), "shopify-cascade"),
                f ->
                    f != null
                        && firstBurst(f).getInt("notices") == 6
                        && firstBurst(f).getInt("tooManyRequests") == 2);

    // Ahead of the generic rate-limit finding it explains. The 429s here are injected while
    // TgDesk's own rate stays within the budget, which also reads as another client on the token.
    List<String> causes = causes(report(bot.id()));
    assertThat(causes).contains("shopify-cascade");
    if (causes.contains("rate-limited")) {
      assertThat(causes.indexOf("shopify-cascade")).isLessThan(causes.indexOf("rate-limited"));
    }
    JsonObject burst = firstBurst(found);
    assertThat(burst.getString("shop")).isEqualTo(shop.domain());
    assertThat(burst.getJsonNumber("shopId").longValue()).isEqualTo(shop.id());
    assertThat(burst.getInt("webhooks")).isEqualTo(6);
    assertThat(burst.getInt("peakPerSecond")).isGreaterThanOrEqualTo(5);
    assertThat(burst.getJsonObject("topics").getInt("orders/create")).isEqualTo(6);
    assertThat(burst.getInt("notices")).isEqualTo(6);
    assertThat(burst.getInt("noticeChats")).isEqualTo(1);
    assertThat(burst.getInt("tooManyRequests")).isEqualTo(2);
    assertThat(burst.getInt("noticeWindowSeconds")).isZero();
    assertThat(found.getString("summary"))
        .contains(shop.domain())
        .contains("orders/create × 6")
        .contains("6 notices");
    assertThat(found.getString("fix"))
        .contains("noticeWindowSeconds is 0 s")
        .contains("/api/admin/shopify/shops/" + shop.id());
  }

  @Test
  void aQuietShopOrABurstDeliveryDidNotFeelIsNoShopifyCascade() {
    // A burst whose notices went to different chats at once: no 429, no queue.
    RegisteredBot calm = Bots.webhookBot(telegram);
    Shopify.RegisteredShop busy =
        Shopify.configure(
            calm.id(),
            Json.createObjectBuilder()
                .add("noticesEnabled", true)
                .add("noticeWindowSeconds", 0)
                .build());
    for (int i = 0; i < 6; i++) {
      orders(busy, 1, 920_001 + i, 7961 + i);
    }
    // A quiet shop (two webhooks) whose bot is refused with 429 all the same.
    RegisteredBot limited = Bots.webhookBot(telegram);
    Shopify.RegisteredShop quiet =
        Shopify.configure(
            limited.id(),
            Json.createObjectBuilder()
                .add("noticesEnabled", true)
                .add("noticeWindowSeconds", 0)
                .build());
    telegram.failNext(limited.token(), 1, 429, "Too Many Requests: retry after 1");
    orders(quiet, 2, 930_001, 7971);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> telegram.delivered(calm.token()).size() == 6);
    awaitFinding(limited.id(), "rate-limited", 1);
    assertThat(causes(report(limited.id()))).doesNotContain("shopify-cascade");
    assertThat(causes(report(calm.id()))).doesNotContain("shopify-cascade");
  }
}
