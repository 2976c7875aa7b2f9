package io.tgdesk.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tgdesk.testing.Bots;
import io.tgdesk.testing.Bots.RegisteredBot;
import io.tgdesk.testing.DependsOnDatabase;
import io.tgdesk.testing.FakeTelegram;
import io.tgdesk.testing.Outboxes;
import io.tgdesk.testing.Outboxes.Msg;
import io.tgdesk.testing.TgDeskApi;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every Bot API call TgDesk makes is in the call audit, with the right category and outcome. */
class CallAuditIT {

  @RegisterExtension static final FakeTelegram telegram = FakeTelegram.start();
  static final TgDeskApi admin = TgDeskApi.asAdmin();
  RegisteredBot bot;

  @BeforeEach
  void registerBot() {
    telegram.setLimits(FakeTelegram.Limits.telegramDefaults());
    bot = Bots.webhookBot(telegram);
  }

  @Test
  void auditedCallsEqualTheRequestsTelegramReceivedByCategory() {
    // The webhook's calls first: the two failures below are for messages, not for them.
    assertThat(admin.get("/api/admin/bots/" + bot.id() + "/webhook").status()).isEqualTo(200);
    assertThat(admin.post("/api/admin/bots/" + bot.id() + "/webhook", null).status())
        .isEqualTo(200);
    telegram.failNext(bot.token(), 2, 502, "Bad Gateway");
    telegram.blockChat(bot.token(), 8802, "Forbidden: bot was blocked by the user");
    List<Long> notices =
        Outboxes.send(
            bot.id(),
            "notice",
            IntStream.range(0, 5).mapToObj(i -> new Msg(8801, "notice " + i)).toList());
    List<Long> bulk =
        Outboxes.send(bot.id(), "bulk", List.of(new Msg(8802, "promo"), new Msg(8803, "promo")));
    Outboxes.awaitSettled(notices, Duration.ofSeconds(60));
    Outboxes.awaitSettled(bulk, Duration.ofSeconds(60));

    // The registration's getMe came before the bot had an id; everything after it is the bot's.
    // The periodic webhook check (getWebhookInfo, category diagnostics) may come at any time: the
    // webhook calls are compared together, and the admin's three on their own.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Map<String, Long> received = receivedByCategory(bot);
              assertThat(received.get("notice") + received.get("bulk"))
                  .as("7 messages and 2 failures at least; a 429 or a retry adds calls")
                  .isGreaterThanOrEqualTo(5 + 2 + 2);
              Map<String, Long> audited = auditedByCategory(bot.id());
              assertThat(audited).containsEntry("webhook-management", 3L);
              Map<String, Long> webhookTogether = new TreeMap<>(audited);
              long webhook =
                  webhookTogether.remove("webhook-management")
                      + java.util.Objects.requireNonNullElse(
                          webhookTogether.remove("diagnostics"), 0L);
              webhookTogether.put("webhook", webhook);
              assertThat(webhookTogether).isEqualTo(received);
            });
  }

  /** The calls the fake Bot API received with the bot's token, by category (webhook together). */
  static Map<String, Long> receivedByCategory(RegisteredBot bot) {
    return telegram.calls().stream()
        .filter(c -> bot.token().equals(c.token()) && !c.method().equals("getMe"))
        .collect(
            Collectors.groupingBy(
                c ->
                    switch (c.method()) {
                      case "getWebhookInfo", "setWebhook" -> "webhook";
                      default ->
                          c.params().getJsonNumber("chat_id").longValue() == 8801
                              ? "notice"
                              : "bulk";
                    },
                TreeMap::new,
                Collectors.counting()));
  }

  @Test
  void eachCallRecordsItsOutcomeChatLaneAttemptAndSizeButNeverTheToken() {
    telegram.failNext(bot.token(), 1, 502, "Bad Gateway");
    Outboxes.awaitSettled(
        Outboxes.send(bot.id(), "notice", List.of(new Msg(8901, "hello"))), Duration.ofSeconds(60));
    telegram.blockChat(bot.token(), 8902, "Forbidden: bot was blocked by the user");
    Outboxes.awaitSettled(
        Outboxes.send(bot.id(), "notice", List.of(new Msg(8902, "hi"))), Duration.ofSeconds(60));

    List<JsonObject> calls =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> calls("botId=" + bot.id() + "&size=50"), c -> c.size() >= 3);

    JsonObject gateway = only(calls, c -> c.getInt("httpStatus") == 502);
    assertThat(gateway.getString("method")).isEqualTo("sendMessage");
    assertThat(gateway.getString("category")).isEqualTo("notice");
    assertThat(gateway.getString("lane")).isEqualTo("notice");
    assertThat(gateway.getInt("errorCode")).isEqualTo(502);
    assertThat(gateway.getString("description")).isEqualTo("Bad Gateway");
    assertThat(gateway.getInt("requestBytes")).isPositive();
    JsonObject blocked = only(calls, c -> c.getInt("httpStatus") == 403);
    assertThat(blocked.getJsonNumber("chatId").longValue()).isEqualTo(8902);
    assertThat(blocked.getString("description")).contains("blocked by the user");
    JsonObject retried =
        only(calls, c -> c.getInt("httpStatus") == 200 && c.getInt("attempt") == 2);
    assertThat(retried.getJsonNumber("chatId").longValue()).isEqualTo(8901);
    assertThat(calls).allMatch(c -> c.getJsonNumber("latencyMs").longValue() >= 0);
    assertThat(calls.toString()).doesNotContain(bot.token().substring(bot.token().indexOf(':')));
  }

  @Test
  @DependsOnDatabase
  void callsFilterByStatusAndCategoryAndExportAsCsv() {
    telegram.blockChat(bot.token(), 9002, "Forbidden: bot was blocked by the user");
    Outboxes.awaitSettled(
        Outboxes.send(bot.id(), "bulk", List.of(new Msg(9001, "a"), new Msg(9002, "b, \"c\""))),
        Duration.ofSeconds(60));
    await().atMost(Duration.ofSeconds(30)).until(() -> calls("botId=" + bot.id()).size() == 2);

    assertThat(calls("botId=" + bot.id() + "&status=403"))
        .singleElement()
        .satisfies(c -> assertThat(c.getJsonNumber("chatId").longValue()).isEqualTo(9002));
    assertThat(calls("botId=" + bot.id() + "&category=notice")).isEmpty();
    assertThat(calls("botId=" + bot.id() + "&category=bulk")).hasSize(2);

    var csv = admin.get("/api/admin/diagnostics/calls/export?botId=" + bot.id());
    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.contentType()).startsWith("text/csv");
    List<String> lines = csv.body().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("id,at,botId,method,chatId");
    assertThat(lines.subList(1, 3))
        .anySatisfy(l -> assertThat(l).contains(",sendMessage,9001,", ",bulk,bulk,1,200,"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains(",9002,", ",403,403,Forbidden: bot was blocked by the user,"));
  }

  @Test
  @DependsOnDatabase
  void retentionDeletesWhatIsOlderThanItsCutoffInBatchesOfTheConfiguredSizeAndKeepsTheRest() {
    int batchSize =
        Integer.parseInt(
            admin
                .get("/api/admin/settings")
                .json()
                .getString("tgdesk.diagnostics.retention-batch-size"));
    // Older: more calls than fit in two batches, and one webhook check (a call too).
    int older = 2 * batchSize + 5;
    for (int i = 0; i < older - 1; i++) {
      assertThat(admin.get("/api/admin/bots/" + bot.id() + "/webhook").status()).isEqualTo(200);
    }
    checkWebhookNow();
    await().atMost(Duration.ofSeconds(30)).until(() -> total("botId=" + bot.id()) == older);
    Instant cutoff = Instant.now();
    // Newer: calls made after the cutoff, and a second check.
    for (int i = 0; i < 4; i++) {
      assertThat(admin.get("/api/admin/bots/" + bot.id() + "/webhook").status()).isEqualTo(200);
    }
    checkWebhookNow();
    await().atMost(Duration.ofSeconds(30)).until(() -> total("botId=" + bot.id()) == older + 5);

    // The configured retention (days) keeps all of it.
    JsonObject configured = retention("");
    assertThat(configured.getInt("batchSize")).isEqualTo(batchSize);
    assertThat(Instant.parse(configured.getString("cutoff"))).isBefore(cutoff.minusSeconds(3600));
    assertThat(total("botId=" + bot.id())).isEqualTo(older + 5);

    JsonObject run = retention("?before=" + cutoff);

    assertThat(Instant.parse(run.getString("cutoff"))).isEqualTo(cutoff);
    JsonObject calls = run.getJsonObject("calls");
    // Other tests' calls before the cutoff go too; every batch but the last is a full one.
    long rows = calls.getJsonNumber("rows").longValue();
    assertThat(rows).isGreaterThanOrEqualTo(older);
    assertThat(calls.getInt("batches")).isEqualTo((int) ((rows + batchSize - 1) / batchSize));
    assertThat(total("botId=" + bot.id())).isEqualTo(5);
    assertThat(total("botId=" + bot.id() + "&to=" + cutoff)).isZero();
    assertThat(calls("botId=" + bot.id()))
        .allSatisfy(c -> assertThat(Instant.parse(c.getString("at"))).isAfterOrEqualTo(cutoff));
    assertThat(run.getJsonObject("webhookChecks").getJsonNumber("rows").longValue())
        .isGreaterThanOrEqualTo(1);
    JsonObject webhook =
        admin
            .get(
                "/api/admin/diagnostics/webhooks?botId="
                    + bot.id()
                    + "&from="
                    + cutoff.minusSeconds(3600))
            .jsonArray()
            .getJsonObject(0);
    assertThat(webhook.getJsonArray("history")).hasSize(1);
    assertThat(Instant.parse(webhook.getJsonObject("latest").getString("checkedAt")))
        .isAfterOrEqualTo(cutoff);
    assertThat(
            admin
                .post("/api/admin/diagnostics/retention?before=2999-01-01T00:00:00Z", null)
                .status())
        .isEqualTo(400);
  }

  private void checkWebhookNow() {
    var reply = admin.post("/api/admin/diagnostics/webhooks/check?botId=" + bot.id(), null);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
  }

  static JsonObject retention(String query) {
    var reply = admin.post("/api/admin/diagnostics/retention" + query, null);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    return reply.json();
  }

  static long total(String query) {
    var reply = admin.get("/api/admin/diagnostics/calls?" + query);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    return reply.json().getJsonNumber("total").longValue();
  }

  @Test
  void badFiltersAnswer400NamingTheField() {
    var reply = admin.get("/api/admin/diagnostics/calls?from=yesterday");
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.body()).contains("from");
    reply = admin.get("/api/admin/diagnostics/calls?status=abc");
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.body()).contains("status");
    assertThat(TgDeskApi.asAgent().get("/api/admin/diagnostics/calls").status()).isEqualTo(403);
  }

  static List<JsonObject> calls(String query) {
    var reply = admin.get("/api/admin/diagnostics/calls?" + query);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    return reply.json().getJsonArray("items").getValuesAs(JsonObject.class);
  }

  static Map<String, Long> auditedByCategory(long botId) {
    var reply = admin.get("/api/admin/diagnostics/calls/by-category?botId=" + botId);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    return reply.jsonArray().getValuesAs(JsonObject.class).stream()
        .collect(
            Collectors.toMap(
                c -> c.getString("category"),
                c -> c.getJsonNumber("calls").longValue(),
                Long::sum,
                TreeMap::new));
  }

  static JsonObject only(List<JsonObject> calls, java.util.function.Predicate<JsonObject> p) {
    List<JsonObject> matching = calls.stream().filter(p).toList();
    assertThat(matching).as(calls.toString()).hasSize(1);
    return matching.get(0);
  }
}
