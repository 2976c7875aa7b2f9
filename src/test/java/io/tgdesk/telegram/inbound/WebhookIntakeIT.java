package io.tgdesk.telegram.inbound;

import static io.tgdesk.testing.TelegramUpdates.privateText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tgdesk.testing.Bots;
import io.tgdesk.testing.Bots.RegisteredBot;
import io.tgdesk.testing.DependsOnDatabase;
import io.tgdesk.testing.FakeTelegram;
import io.tgdesk.testing.TgDeskApi;
import io.tgdesk.testing.Tickets;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The webhook against the running server: checks, durability, dedupe, and the answer it gives. */
class WebhookIntakeIT {

  @RegisterExtension static final FakeTelegram telegram = FakeTelegram.start();
  RegisteredBot bot;

  @BeforeEach
  void registerBot() {
    bot = Bots.webhookBot(telegram);
  }

  @Test
  void wrongOrMissingSecretIsRefusedWith401AndNothingIsStored() {
    byte[] update =
        privateText(1, 1001, "Ann", 10, "hello").toString().getBytes(StandardCharsets.UTF_8);
    var wrong =
        TgDeskApi.anonymous()
            .postBytes(
                bot.webhookPath(),
                update,
                Map.of(
                    "Content-Type",
                    "application/json",
                    "X-Telegram-Bot-Api-Secret-Token",
                    bot.secret() + "x"));
    var missing =
        TgDeskApi.anonymous()
            .postBytes(bot.webhookPath(), update, Map.of("Content-Type", "application/json"));

    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.contentType()).startsWith("application/problem+json");
    assertThat(missing.status()).isEqualTo(401);
    assertThat(storedUpdates()).isZero();
  }

  @Test
  void anUnknownBotGetsTheSameAnswerAsAWrongSecretSoBotIdsCannotBeEnumerated() {
    byte[] update = privateText(1, 1, "A", 1, "x").toString().getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers =
        Map.of("Content-Type", "application/json", "X-Telegram-Bot-Api-Secret-Token", "guess");
    var unknown =
        TgDeskApi.anonymous().postBytes("/api/telegram/987654321987/webhook", update, headers);
    var notANumber = TgDeskApi.anonymous().postBytes("/api/telegram/abc/webhook", update, headers);
    var wrongSecret = TgDeskApi.anonymous().postBytes(bot.webhookPath(), update, headers);

    assertThat(wrongSecret.status()).isEqualTo(401);
    for (var reply : List.of(unknown, notANumber)) {
      assertThat(reply.status()).isEqualTo(wrongSecret.status());
      assertThat(reply.contentType()).isEqualTo(wrongSecret.contentType());
      assertThat(reply.json().getString("title")).isEqualTo(wrongSecret.json().getString("title"));
      assertThat(reply.json().getString("detail"))
          .isEqualTo(wrongSecret.json().getString("detail"));
    }
  }

  @Test
  void bodyOverTheLimitIs413AndNothingIsStored() {
    String text = "x".repeat(1024 * 1024 + 10);
    var reply =
        post(privateText(1, 1001, "Ann", 10, text).toString().getBytes(StandardCharsets.UTF_8));
    assertThat(reply.status()).isEqualTo(413);
    assertThat(reply.contentType()).startsWith("application/problem+json");
    assertThat(storedUpdates()).isZero();
  }

  @Test
  void malformedJsonOrMissingUpdateIdIs400WithProblemDetail() {
    var notJson = post("{not json".getBytes(StandardCharsets.UTF_8));
    var noId = post("{\"message\":{}}".getBytes(StandardCharsets.UTF_8));
    var array = post("[1,2]".getBytes(StandardCharsets.UTF_8));

    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.contentType()).startsWith("application/problem+json");
    assertThat(notJson.json().getString("detail")).contains("not valid JSON");
    assertThat(noId.status()).isEqualTo(400);
    assertThat(noId.json().getString("detail")).contains("update_id");
    assertThat(array.status()).isEqualTo(400);
    assertThat(storedUpdates()).isZero();
  }

  @Test
  void numbersBeyond64BitsAndDeepNestingAre400WithAProblemAndNothingIsStored() {
    var twoTo63 = post(utf8("{\"update_id\": 9223372036854775808, \"message\": {}}"));
    var fiveThousandDigits = post(utf8("{\"update_id\": " + "7".repeat(5000) + "}"));
    var hugeExponent = post(utf8("{\"update_id\": 1e999999999}"));
    var deep =
        post(
            utf8(
                "{\"update_id\": 77, \"message\": "
                    + "[".repeat(100_000)
                    + "]".repeat(100_000)
                    + "}"));

    for (var reply : List.of(twoTo63, fiveThousandDigits, hugeExponent, deep)) {
      assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
      assertThat(reply.contentType()).startsWith("application/problem+json");
      assertThat(reply.body().length()).isLessThan(1000);
    }
    assertThat(twoTo63.json().getString("detail")).contains("update_id");
    assertThat(deep.json().getString("detail")).contains("nested");
    assertThat(storedUpdates()).isZero();
  }

  @Test
  void idsOutOfRangeOrFractionalAreStoredAsIgnoredWithTheReasonAndMakeNoTicket() {
    String tooBig = "99999999999999999999999";
    post(utf8(privateMessageWithChatId(61, tooBig)));
    post(utf8(privateMessageWithChatId(62, "1.5")));
    post(utf8(privateMessageWithChatId(63, "1e400")));

    List<JsonObject> ignored =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    TgDeskApi.asAdmin()
                        .get("/api/admin/updates?state=ignored&botId=" + bot.id())
                        .json()
                        .getJsonArray("items")
                        .getValuesAs(JsonObject.class),
                items -> items.size() == 3);
    assertThat(ignored)
        .allSatisfy(
            u -> {
              assertThat(u.getString("outcome")).contains("chat.id");
              assertThat(u.getInt("attempts")).isEqualTo(1);
            });
    assertThat(Tickets.ofBot(bot.id())).isEmpty();
  }

  @Test
  @DependsOnDatabase
  void aTenThousandCharacterNameDoesNotCostTheCustomersMessage() {
    String longName = "N".repeat(10_000);
    String text = "t".repeat(4096);
    assertThat(Bots.deliver(bot, privateText(81, 1081, longName, 5, text))).isEqualTo(200);
    String caption = "c".repeat(1024);
    assertThat(
            Bots.deliver(
                bot,
                io.tgdesk.testing.TelegramUpdates.privatePhoto(
                    82, 1081, longName, 6, caption, "file-" + "f".repeat(300), "u", 1000)))
        .isEqualTo(200);

    var tickets = Tickets.awaitTickets(bot.id(), t -> t.size() == 1);
    var detail =
        Tickets.awaitTicket(
            tickets.get(0).getJsonNumber("id").longValue(), t -> Tickets.messages(t).size() == 2);
    assertThat(Tickets.messages(detail).get(0).getString("text")).isEqualTo(text);
    assertThat(Tickets.messages(detail).get(1).getString("text")).isEqualTo(caption);
    String name = tickets.get(0).getJsonObject("customer").getString("name");
    assertThat(name).startsWith("NNNN").endsWith("…").hasSizeLessThanOrEqualTo(256);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A private text message whose chat id is written as given (any JSON number). */
  private static String privateMessageWithChatId(long updateId, String chatId) {
    return "{\"update_id\":"
        + updateId
        + ",\"message\":{\"message_id\":1,\"date\":1700000000,"
        + "\"chat\":{\"id\":"
        + chatId
        + ",\"type\":\"private\",\"first_name\":\"Ann\"},"
        + "\"from\":{\"id\":1061,\"is_bot\":false,\"first_name\":\"Ann\"},"
        + "\"text\":\"hello\"}}";
  }

  @Test
  @DependsOnDatabase
  void updatesOfManyChatsInterleavedAreAppliedWithEachChatsMessagesInTheirOrder() {
    int chats = 12;
    int each = 8;
    long updateId = 9_000;
    for (int i = 1; i <= each; i++) {
      for (int c = 0; c < chats; c++) {
        assertThat(
                Bots.deliver(bot, privateText(updateId++, 30_000 + c, "C" + c, 100 + i, "m" + i)))
            .isEqualTo(200);
      }
    }

    List<JsonObject> tickets = Tickets.awaitTickets(bot.id(), t -> t.size() == chats);
    for (JsonObject t : tickets) {
      JsonObject detail =
          Tickets.awaitTicket(
              t.getJsonNumber("id").longValue(), d -> Tickets.messages(d).size() == each);
      assertThat(Tickets.messages(detail))
          .as("chat " + detail.getJsonNumber("chatId"))
          .extracting(m -> m.getString("text"))
          .containsExactly("m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8");
    }
    // Each update was applied and recorded with its chat.
    var updates =
        TgDeskApi.asAdmin()
            .get("/api/admin/updates?botId=" + bot.id() + "&size=100")
            .json()
            .getJsonArray("items")
            .getValuesAs(JsonObject.class);
    assertThat(updates).hasSize(chats * each);
    assertThat(updates)
        .allSatisfy(
            u -> assertThat(u.getJsonNumber("chatId").longValue()).isBetween(30_000L, 30_011L));
  }

  @Test
  void acceptedUpdateIsAnsweredWithAnEmpty200() {
    var reply =
        post(
            privateText(500, 1001, "Ann", 10, "hello").toString().getBytes(StandardCharsets.UTF_8));
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).isEmpty();
  }

  @Test
  @DependsOnDatabase
  void repeatedUpdateIdIsAcknowledgedAndStoredOnce() {
    JsonObject update = privateText(700, 1002, "Bob", 20, "same update");
    assertThat(Bots.deliver(bot, update)).isEqualTo(200);
    assertThat(Bots.deliver(bot, update)).isEqualTo(200);

    var tickets = Tickets.awaitTickets(bot.id(), t -> t.size() == 1);
    var detail =
        Tickets.awaitTicket(
            tickets.get(0).getJsonNumber("id").longValue(), t -> Tickets.messages(t).size() == 1);
    assertThat(Tickets.messages(detail)).hasSize(1);
    assertThat(storedUpdates()).isEqualTo(1);
  }

  @Test
  @DependsOnDatabase
  void fiftyConcurrentDeliveriesOfOneUpdateMakeExactlyOneMessage() throws Exception {
    JsonObject update = privateText(900, 1003, "Cleo", 30, "storm");
    ExecutorService pool = Executors.newFixedThreadPool(50);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> answers = new ArrayList<>();
    try {
      for (int i = 0; i < 50; i++) {
        answers.add(
            pool.submit(
                () -> {
                  start.await();
                  return Bots.deliver(bot, update);
                }));
      }
      start.countDown();
      for (Future<Integer> a : answers) {
        assertThat(a.get()).isEqualTo(200);
      }
    } finally {
      pool.shutdownNow();
    }
    var tickets = Tickets.awaitTickets(bot.id(), t -> t.size() == 1);
    var detail =
        Tickets.awaitTicket(
            tickets.get(0).getJsonNumber("id").longValue(), t -> Tickets.messages(t).size() == 1);
    assertThat(Tickets.messages(detail)).hasSize(1);
    assertThat(Tickets.ofBot(bot.id())).hasSize(1);
    assertThat(storedUpdates()).isEqualTo(1);
  }

  private TgDeskApi.Reply post(byte[] body) {
    return TgDeskApi.anonymous()
        .postBytes(
            bot.webhookPath(),
            body,
            Map.of(
                "Content-Type",
                "application/json",
                "X-Telegram-Bot-Api-Secret-Token",
                bot.secret()));
  }

  private long storedUpdates() {
    var reply = TgDeskApi.asAdmin().get("/api/admin/updates?botId=" + bot.id());
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    return reply.json().getJsonNumber("total").longValue();
  }

  @Test
  void anUpdateThatFailsToProcessIsStillAcknowledgedAndShownAsFailedWithItsReason() {
    var reply = post("{\"update_id\": 4242, \"message\": 42}".getBytes(StandardCharsets.UTF_8));
    assertThat(reply.status()).isEqualTo(200);

    JsonObject failed =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    TgDeskApi.asAdmin()
                        .get("/api/admin/updates?state=failed&botId=" + bot.id())
                        .json()
                        .getJsonArray("items"),
                items -> !items.isEmpty())
            .getJsonObject(0);
    assertThat(failed.getJsonNumber("updateId").longValue()).isEqualTo(4242);
    assertThat(failed.getInt("attempts")).isEqualTo(1);
    assertThat(failed.getString("lastError")).isNotBlank();
    assertThat(failed.getString("nextAttemptAt")).isNotBlank();

    var retried =
        TgDeskApi.asAdmin()
            .post("/api/admin/updates/" + failed.getJsonNumber("id") + "/retry", null);
    assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
    assertThat(retried.json().getInt("attempts")).isZero();
    var processedAgain =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    TgDeskApi.asAdmin()
                        .get("/api/admin/updates/" + failed.getJsonNumber("id"))
                        .json(),
                u -> u.getString("state").equals("failed") && u.getInt("attempts") == 1);
    assertThat(processedAgain.getString("state")).isEqualTo("failed");
  }

  @Test
  void retryingAnUpdateThatDidNotFailIs409() {
    assertThat(Bots.deliver(bot, privateText(31, 1004, "Dan", 1, "fine"))).isEqualTo(200);
    JsonObject processed =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    TgDeskApi.asAdmin()
                        .get("/api/admin/updates?state=processed&botId=" + bot.id())
                        .json()
                        .getJsonArray("items"),
                items -> !items.isEmpty())
            .getJsonObject(0);
    var reply =
        TgDeskApi.asAdmin()
            .post("/api/admin/updates/" + processed.getJsonNumber("id") + "/retry", null);
    assertThat(reply.status()).isEqualTo(409);
    assertThat(reply.json().getString("detail")).contains("only failed updates");
  }
}
