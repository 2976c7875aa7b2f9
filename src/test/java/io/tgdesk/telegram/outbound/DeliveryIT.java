package io.tgdesk.telegram.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tgdesk.testing.Bots;
import io.tgdesk.testing.Bots.RegisteredBot;
import io.tgdesk.testing.DependsOnDatabase;
import io.tgdesk.testing.FakeTelegram;
import io.tgdesk.testing.FakeTelegram.Delivered;
import io.tgdesk.testing.Outboxes;
import io.tgdesk.testing.Outboxes.Msg;
import io.tgdesk.testing.TgDeskApi;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The delivery engine end to end: admin API -> outbox -> dispatcher -> the Telegram simulator.
 *
 * <p>It stays in the line of classes run one after another: beside busy neighbours, the calls of
 * the 429 test on their way when the first 429 came back grew so many that the fake's escalating
 * retry_after (up to 240 s) outlasted the test.
 */
class DeliveryIT {

  @RegisterExtension static final FakeTelegram telegram = FakeTelegram.start();
  RegisteredBot bot;

  @BeforeEach
  void registerBot() {
    telegram.setLimits(FakeTelegram.Limits.telegramDefaults());
    bot = Bots.webhookBot(telegram);
  }

  @Test
  void aNoticeReachesItsChatAndTheEntryRecordsTheTelegramMessageId() {
    List<Long> ids =
        Outboxes.send(bot.id(), "notice", List.of(new Msg(4242, "Scheduled maintenance at 22:00")));

    JsonObject entry = Outboxes.awaitSettled(ids, Duration.ofSeconds(20)).get(0);

    assertThat(entry.getString("state")).isEqualTo("sent");
    assertThat(entry.getString("method")).isEqualTo("sendMessage");
    assertThat(entry.getString("category")).isEqualTo("notice");
    List<Delivered> delivered = telegram.delivered(bot.token());
    assertThat(delivered).hasSize(1);
    assertThat(delivered.get(0).chatId()).isEqualTo(4242);
    assertThat(delivered.get(0).text()).isEqualTo("Scheduled maintenance at 22:00");
    assertThat(entry.getJsonNumber("telegramMessageId").longValue())
        .isEqualTo(delivered.get(0).messageId());
  }

  @Test
  @DependsOnDatabase
  void messagesToOneChatArriveInEnqueueOrderThroughTransientFailures() {
    telegram.failNext(bot.token(), 3, 502, "Bad Gateway");
    List<Msg> messages =
        IntStream.rangeClosed(1, 4).mapToObj(i -> new Msg(5001, "part " + i)).toList();

    List<JsonObject> entries =
        Outboxes.awaitSettled(Outboxes.send(bot.id(), "notice", messages), Duration.ofSeconds(40));

    assertThat(entries).allMatch(e -> e.getString("state").equals("sent"));
    assertThat(telegram.delivered(bot.token()))
        .extracting(Delivered::text)
        .containsExactly("part 1", "part 2", "part 3", "part 4");
    assertThat(entries.get(0).getInt("attempts")).isEqualTo(4);
  }

  @Test
  void aBlockedChatFailsWithTheReasonWithoutHoldingUpOthers() {
    telegram.blockChat(bot.token(), 6001, "Forbidden: bot was blocked by the user");
    List<Msg> messages =
        List.of(new Msg(6001, "a1"), new Msg(6002, "b1"), new Msg(6001, "a2"), new Msg(6002, "b2"));

    List<JsonObject> entries =
        Outboxes.awaitSettled(Outboxes.send(bot.id(), "notice", messages), Duration.ofSeconds(20));

    assertThat(entries)
        .extracting(e -> e.getString("state"))
        .containsExactly("failed", "sent", "failed", "sent");
    assertThat(entries.get(0).getString("lastError")).contains("blocked by the user");
    assertThat(entries.get(2).getString("lastError")).contains("blocked by the user");
    assertThat(telegram.delivered(bot.token()))
        .extracting(Delivered::text)
        .containsExactly("b1", "b2");
    // One call to the blocked chat told us; the second message was never tried.
    assertThat(
            telegram.calls(bot.token(), "sendMessage").stream()
                .filter(c -> c.params().getJsonNumber("chat_id").longValue() == 6001))
        .hasSize(1);
  }

  @Test
  void burstsToOneChatAreSpacedSoThatTelegramNeverSaysTooManyRequests() {
    List<Msg> messages = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      messages.add(new Msg(7001, "same chat " + i));
      messages.add(new Msg(7100 + i, "other chat " + i));
    }
    Outboxes.awaitSettled(Outboxes.send(bot.id(), "notice", messages), Duration.ofSeconds(30));

    assertThat(telegram.tooManyRequests(bot.token())).isZero();
    List<Delivered> sameChat =
        telegram.delivered(bot.token()).stream().filter(d -> d.chatId() == 7001).toList();
    assertThat(sameChat)
        .extracting(Delivered::text)
        .containsExactly("same chat 0", "same chat 1", "same chat 2", "same chat 3");
    for (int i = 1; i < sameChat.size(); i++) {
      assertThat(Duration.between(sameChat.get(i - 1).at(), sameChat.get(i).at()))
          .isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }
  }

  @Test
  void aTooManyRequestsForAQuietChatPausesTheWholeBotUntilRetryAfterHasPassed() {
    // Telegram allows this bot fewer calls per second than TgDesk assumes: it will say 429 for the
    // bot (retry after 2 s). TgDesk must then stop calling altogether until the wait is over.
    var strict = FakeTelegram.Limits.telegramDefaults();
    telegram.setLimits(
        new FakeTelegram.Limits(
            10,
            strict.paidPerSecond(),
            strict.privatePerSecond(),
            strict.groupPerMinute(),
            strict.groupPerSecond(),
            strict.groupEditsPerMinute(),
            strict.tolerance(),
            3,
            10,
            2));
    List<Msg> messages = IntStream.range(0, 30).mapToObj(i -> new Msg(8000 + i, "n" + i)).toList();

    List<JsonObject> entries =
        Outboxes.awaitSettled(Outboxes.send(bot.id(), "bulk", messages), Duration.ofSeconds(60));

    assertThat(entries).allMatch(e -> e.getString("state").equals("sent"));
    assertThat(telegram.delivered(bot.token())).hasSize(30);
    var calls = telegram.calls(bot.token(), "sendMessage");
    var refusals = calls.stream().filter(c -> c.status() == 429).toList();
    assertThat(refusals).isNotEmpty();
    for (var refusal : refusals) {
      // Calls already on the wire when the 429 came back cannot be recalled; none may start later.
      // A call past its last check before the 429's answer may reach the fake a few hundred ms
      // later on a loaded machine (seen: 156 ms).
      var startedDuringTheWait =
          calls.stream()
              .filter(
                  c ->
                      c.at().isAfter(refusal.at().plusMillis(400))
                          && c.at().isBefore(refusal.at().plusSeconds(2)))
              .toList();
      assertThat(startedDuringTheWait)
          .as("calls during the wait after the 429 at " + refusal.at())
          .isEmpty();
    }
  }

  @Test
  @DependsOnDatabase
  void aGroupUpgradedToASupergroupGetsItsMessagesAtTheNewId() {
    telegram.addChat(bot.token(), -500L, "group", "Old group", false);
    telegram.migrateGroup(bot.token(), -500L, -1000000000500L);

    List<JsonObject> entries =
        Outboxes.awaitSettled(
            Outboxes.send(bot.id(), "notice", List.of(new Msg(-500L, "hello group"))),
            Duration.ofSeconds(20));

    assertThat(entries.get(0).getString("state")).isEqualTo("sent");
    assertThat(entries.get(0).getJsonNumber("chatId").longValue()).isEqualTo(-1000000000500L);
    assertThat(telegram.delivered(bot.token()))
        .extracting(Delivered::chatId)
        .containsExactly(-1000000000500L);
  }

  @Test
  void aMessageToAClosedTopicReopensItAndIsSent() {
    long group = -1001111L;
    telegram.addChat(bot.token(), group, "supergroup", "Support", true);
    telegram.addTopic(bot.token(), group, 55, "Refund");
    telegram.closeTopic(bot.token(), group, 55);
    var body =
        Json.createObjectBuilder()
            .add("botId", bot.id())
            .add(
                "messages",
                Json.createArrayBuilder()
                    .add(
                        Json.createObjectBuilder()
                            .add("chatId", group)
                            .add("threadId", 55)
                            .add("text", "We refunded you")))
            .build();
    var reply = TgDeskApi.asAdmin().post("/api/admin/messages", body);
    long id = reply.json().getJsonArray("ids").getJsonNumber(0).longValue();

    JsonObject entry = Outboxes.awaitSettled(List.of(id), Duration.ofSeconds(20)).get(0);

    assertThat(entry.getString("state")).as(entry.toString()).isEqualTo("sent");
    assertThat(telegram.count(bot.token(), "reopenForumTopic")).isEqualTo(1);
    assertThat(
            telegram
                .delivered(bot.token())
                .get(telegram.delivered(bot.token()).size() - 1)
                .threadId())
        .isEqualTo(55);
  }

  @Test
  void invalidRequestsAre400WithEachFailingField() {
    JsonArrayBuilder messages =
        Json.createArrayBuilder()
            .add(Json.createObjectBuilder().add("chatId", "not-a-number").add("text", "x"))
            .add(Json.createObjectBuilder().add("chatId", 5))
            .add(Json.createObjectBuilder().add("chatId", 5).add("text", "x".repeat(4097)));
    var reply =
        TgDeskApi.asAdmin()
            .post(
                "/api/admin/messages",
                Json.createObjectBuilder()
                    .add("botId", bot.id())
                    .add("lane", "express")
                    .add("messages", messages)
                    .build());

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().getJsonArray("errors").getValuesAs(JsonObject.class))
        .extracting(e -> e.getString("field"))
        .containsExactlyInAnyOrder(
            "lane", "messages[0].chatId", "messages[1].text", "messages[2].text");
    assertThat(
            TgDeskApi.asAdmin().get("/api/admin/outbox?botId=" + bot.id()).json().getInt("total"))
        .isZero();
  }

  @Test
  void moreThanTenThousandMessagesAre400AndAnUnknownBotIs404() {
    JsonArrayBuilder many = Json.createArrayBuilder();
    for (int i = 0; i < 10_001; i++) {
      many.add(Json.createObjectBuilder().add("chatId", i + 1).add("text", "x"));
    }
    var tooMany =
        TgDeskApi.asAdmin()
            .post(
                "/api/admin/messages",
                Json.createObjectBuilder().add("botId", bot.id()).add("messages", many).build());
    var unknown =
        TgDeskApi.asAdmin()
            .post(
                "/api/admin/messages",
                Json.createObjectBuilder()
                    .add("botId", 987654)
                    .add(
                        "messages",
                        Json.createArrayBuilder()
                            .add(Json.createObjectBuilder().add("chatId", 1).add("text", "x")))
                    .build());

    assertThat(tooMany.status()).isEqualTo(400);
    assertThat(tooMany.json().getString("detail")).contains("10000");
    assertThat(unknown.status()).isEqualTo(404);
  }

  @Test
  @DependsOnDatabase
  void pendingEntriesCanBeCancelledAndFailedOnesRetried() {
    telegram.blockChat(bot.token(), 9001, "Forbidden: bot was blocked by the user");
    long failed =
        Outboxes.awaitSettled(
                Outboxes.send(bot.id(), "notice", List.of(new Msg(9001, "blocked"))),
                Duration.ofSeconds(20))
            .get(0)
            .getJsonNumber("id")
            .longValue();
    telegram.blockChat(bot.token(), 9001, null);

    var retried = TgDeskApi.asAdmin().post("/api/admin/outbox/" + failed + "/retry", null);
    assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
    // The chat is remembered as unreachable: the retry fails again at once, without a call.
    JsonObject again =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () -> Outboxes.entry(failed),
                e ->
                    !e.getString("state").equals("pending")
                        && !e.getString("state").equals("in_flight"));
    assertThat(again.getString("state")).isEqualTo("failed");

    var stats = TgDeskApi.asAdmin().get("/api/admin/outbox/stats");
    assertThat(stats.status()).isEqualTo(200);
    assertThat(
            stats.json().getJsonObject("byStateAndLane").getJsonObject("failed").getInt("notice"))
        .isPositive();
    var sentCancel = TgDeskApi.asAdmin().post("/api/admin/outbox/" + failed + "/cancel", null);
    assertThat(sentCancel.status()).isEqualTo(409);
  }

  @Test
  @DependsOnDatabase
  void noticesWithTheSameKeyInsideTheWindowBecomeOneMessageWithTheLatestText() {
    long first = sendKeyed("outage", "Investigating an outage", 3);
    long second = sendKeyed("outage", "Outage: payments are down", 3);
    long third = sendKeyed("outage", "Resolved: payments work again", 3);

    JsonObject entry = Outboxes.awaitSettled(List.of(first), Duration.ofSeconds(20)).get(0);

    assertThat(second).isEqualTo(first);
    assertThat(third).isEqualTo(first);
    assertThat(entry.getString("state")).isEqualTo("sent");
    assertThat(telegram.delivered(bot.token()))
        .extracting(Delivered::text)
        .containsExactly("Resolved: payments work again");
  }

  @Test
  @DependsOnDatabase
  void aKeyedNoticeSentWhileTheEngineTakesThePendingOneIsNeitherRefusedNorLost() {
    // The chat's one message a second keeps a pending entry for the key most of the time; the
    // notices keep coming while the engine takes it, second after second.
    List<Long> ids = new ArrayList<>();
    for (int i = 1; i <= 80; i++) {
      ids.add(sendKeyed(9600, "status", "status " + i, 0));
    }

    Outboxes.awaitSettled(List.of(ids.get(ids.size() - 1)), Duration.ofSeconds(30));

    List<Integer> seen =
        telegram.delivered(bot.token()).stream()
            .filter(d -> d.chatId() == 9600)
            .map(d -> Integer.parseInt(d.text().substring("status ".length())))
            .toList();
    // The latest always arrives; every text at most once, never an older after a newer.
    assertThat(seen).isNotEmpty().isSorted().doesNotHaveDuplicates().endsWith(80);
    assertThat(seen.size()).as("coalesced, not one message each").isLessThan(80);
  }

  @Test
  @DependsOnDatabase
  void entriesWrittenTogetherReadBackLikeOneWrittenOnItsOwnAndAreSent() {
    // The unkeyed messages of a request are written together (on PostgreSQL in one batch, with
    // their ids reserved ahead); a keyed notice is written on its own, as JPA writes an entry.
    Instant before = Instant.now();
    List<Long> ids =
        Outboxes.send(
            bot.id(),
            "notice",
            List.of(new Msg(9801, "a"), new Msg(9802, "b"), new Msg(9803, "c", "on-its-own")));

    List<JsonObject> sent = Outboxes.awaitSettled(ids, Duration.ofSeconds(20));

    assertThat(telegram.delivered(bot.token()))
        .extracting(Delivered::text)
        .containsExactlyInAnyOrder("a", "b", "c");
    assertThat(sent.get(2).getString("coalesceKey")).isEqualTo("admin:on-its-own");
    // What differs from entry to entry, or with the moment it was written and sent.
    List<String> own =
        List.of(
            "id",
            "params",
            "chatId",
            "coalesceKey",
            "createdAt",
            "updatedAt",
            "nextAttemptAt",
            "sentAt",
            "departedAt",
            "telegramMessageId");
    JsonObject alone = without(sent.get(2), own);
    assertThat(alone.getString("state")).isEqualTo("sent");
    for (JsonObject together : sent.subList(0, 2)) {
      assertThat(without(together, own)).isEqualTo(alone);
      assertThat(together.containsKey("coalesceKey")).isFalse();
      assertThat(together.getString("params")).contains("\"chat_id\":" + together.getInt("chatId"));
      Instant created = Instant.parse(together.getString("createdAt"));
      assertThat(created).isBetween(before.minusSeconds(2), Instant.now());
      assertThat(Instant.parse(together.getString("nextAttemptAt"))).isAfterOrEqualTo(created);
    }
  }

  private static JsonObject without(JsonObject entry, List<String> fields) {
    var copy = Json.createObjectBuilder(entry);
    fields.forEach(copy::remove);
    return copy.build();
  }

  private long sendKeyed(String key, String text, int windowSeconds) {
    return sendKeyed(9500, key, text, windowSeconds);
  }

  private long sendKeyed(long chatId, String key, String text, int windowSeconds) {
    var reply =
        TgDeskApi.asAdmin()
            .post(
                "/api/admin/messages",
                Json.createObjectBuilder()
                    .add("botId", bot.id())
                    .add("coalesceWindowSeconds", windowSeconds)
                    .add(
                        "messages",
                        Json.createArrayBuilder()
                            .add(
                                Json.createObjectBuilder()
                                    .add("chatId", chatId)
                                    .add("text", text)
                                    .add("coalesceKey", key)))
                    .build());
    assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
    return reply.json().getJsonArray("ids").getJsonNumber(0).longValue();
  }

  @Test
  void aRevokedTokenDisablesTheBotWithTheReasonAndKeepsItsMessagesPending() {
    telegram.revoke(bot.token());

    List<Long> ids =
        Outboxes.send(bot.id(), "notice", List.of(new Msg(9101, "one"), new Msg(9102, "two")));

    JsonObject disabled =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> TgDeskApi.asAdmin().get("/api/admin/bots/" + bot.id()).json(),
                b -> !b.getBoolean("enabled"));
    assertThat(disabled.getString("disabledReason")).contains("401");
    // Nothing is lost: the messages wait for an admin to fix the token and enable the bot again.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                ids.stream()
                    .map(Outboxes::entry)
                    .allMatch(e -> e.getString("state").equals("pending")));
    int calls = telegram.calls(bot.token(), "sendMessage").size();
    assertThat(calls).as("the disabled bot stops calling").isLessThanOrEqualTo(2);
  }
}
