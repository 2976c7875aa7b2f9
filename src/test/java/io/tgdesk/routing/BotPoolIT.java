package io.tgdesk.routing;

import static io.tgdesk.testing.TelegramUpdates.privateText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tgdesk.testing.Bots;
import io.tgdesk.testing.Bots.RegisteredBot;
import io.tgdesk.testing.DependsOnDatabase;
import io.tgdesk.testing.FakeTelegram;
import io.tgdesk.testing.FakeTelegram.Delivered;
import io.tgdesk.testing.TgDeskApi;
import io.tgdesk.testing.Tickets;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bot pools: their admin API, and sends spread over a pool, checked in the fake Telegram's log. */
class BotPoolIT {

  @RegisterExtension static final FakeTelegram telegram = FakeTelegram.start();
  static final TgDeskApi admin = TgDeskApi.asAdmin();

  RegisteredBot a;
  RegisteredBot b;
  RegisteredBot c;

  /** Chats of this test only: the database outlives it, and other tests' chats. */
  long chatBase;

  @BeforeEach
  void registerThreeBots() {
    telegram.setLimits(FakeTelegram.Limits.telegramDefaults());
    a = Bots.webhookBot(telegram);
    b = Bots.webhookBot(telegram);
    c = Bots.webhookBot(telegram);
    chatBase = ThreadLocalRandom.current().nextLong(1_000_000L, 4_000_000_000L) * 1000;
  }

  // --- admin API ---

  @Test
  void aPoolIsCreatedListedChangedAndDeleted() {
    JsonObject pool = createPool(uniqueName(), a, b);
    long id = pool.getJsonNumber("id").longValue();
    assertThat(botIds(pool)).containsExactly(a.id(), b.id());

    assertThat(admin.get("/api/admin/bot-pools").jsonArray())
        .anyMatch(p -> p.asJsonObject().getJsonNumber("id").longValue() == id);
    var changed =
        admin.patch(
            "/api/admin/bot-pools/" + id,
            Json.createObjectBuilder()
                .add("botIds", Json.createArrayBuilder().add(c.id()).add(a.id()))
                .build());
    assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
    assertThat(botIds(admin.get("/api/admin/bot-pools/" + id).json()))
        .containsExactly(a.id(), c.id());

    assertThat(admin.delete("/api/admin/bot-pools/" + id).status()).isEqualTo(204);
    assertThat(admin.get("/api/admin/bot-pools/" + id).status()).isEqualTo(404);
  }

  @Test
  void aPoolOfAnUnknownBotIsRefusedNamingTheBot() {
    var reply =
        admin.post(
            "/api/admin/bot-pools",
            Json.createObjectBuilder()
                .add("name", uniqueName())
                .add("botIds", Json.createArrayBuilder().add(a.id()).add(987_654_321L))
                .build());

    assertThat(reply.status()).isEqualTo(422);
    assertThat(reply.contentType()).startsWith("application/problem+json");
    assertThat(reply.json().getString("detail")).contains("987654321");
  }

  @Test
  void anEmptyPoolOrOneWithoutANameOrWithABotTwiceIsABadRequest() {
    var empty =
        admin.post(
            "/api/admin/bot-pools",
            Json.createObjectBuilder()
                .add("name", uniqueName())
                .add("botIds", Json.createArrayBuilder())
                .build());
    var nameless =
        admin.post(
            "/api/admin/bot-pools",
            Json.createObjectBuilder()
                .add("botIds", Json.createArrayBuilder().add(a.id()))
                .build());
    var twice =
        admin.post(
            "/api/admin/bot-pools",
            Json.createObjectBuilder()
                .add("name", uniqueName())
                .add("botIds", Json.createArrayBuilder().add(a.id()).add(a.id()))
                .build());

    assertThat(empty.status()).isEqualTo(400);
    assertThat(empty.json().getString("detail")).contains("botIds");
    assertThat(nameless.status()).isEqualTo(400);
    assertThat(nameless.json().getString("detail")).contains("name");
    assertThat(twice.status()).isEqualTo(400);
    assertThat(twice.json().getString("detail")).contains("twice");
  }

  @Test
  void aSecondPoolWithTheSameNameIsAConflict() {
    String name = uniqueName();
    createPool(name, a);

    var reply =
        admin.post(
            "/api/admin/bot-pools",
            Json.createObjectBuilder()
                .add("name", name)
                .add("botIds", Json.createArrayBuilder().add(b.id()))
                .build());

    assertThat(reply.status()).isEqualTo(409);
  }

  @Test
  void deletingABotTakesItOutOfItsPools() {
    long id = createPool(uniqueName(), a, b).getJsonNumber("id").longValue();

    assertThat(admin.delete("/api/admin/bots/" + b.id()).status()).isEqualTo(204);

    assertThat(botIds(admin.get("/api/admin/bot-pools/" + id).json())).containsExactly(a.id());
  }

  // --- sending through a pool ---

  @Test
  void aSendNamesExactlyOneOfBotAndPool() {
    long pool = createPool(uniqueName(), a).getJsonNumber("id").longValue();
    var message = Json.createArrayBuilder().add(message(chatBase + 1, "hi"));

    var both =
        admin.post(
            "/api/admin/messages",
            Json.createObjectBuilder()
                .add("botId", a.id())
                .add("poolId", pool)
                .add("messages", message)
                .build());
    var neither =
        admin.post(
            "/api/admin/messages",
            Json.createObjectBuilder()
                .add("messages", Json.createArrayBuilder().add(message(chatBase + 1, "hi")))
                .build());
    var unknownPool =
        admin.post(
            "/api/admin/messages",
            Json.createObjectBuilder()
                .add("poolId", 987_654_321L)
                .add("messages", Json.createArrayBuilder().add(message(chatBase + 1, "hi")))
                .build());

    assertThat(both.status()).isEqualTo(400);
    assertThat(both.json().getString("detail")).contains("exactly one of botId, poolId");
    assertThat(neither.status()).isEqualTo(400);
    assertThat(unknownPool.status()).isEqualTo(404);
    assertThat(telegram.calls(a.token(), "sendMessage")).isEmpty();
  }

  @Test
  @DependsOnDatabase
  void chatsNoBotKnowsAreSpreadEvenlyAndKnownChatsKeepTheirBot() {
    // Bot b has a ticket with customer `known` (two messages to send); bot c is in group `group`.
    long known = chatBase + 1;
    Bots.deliver(b, privateText(1, known, "Kim", 1, "Where is my parcel?"));
    Tickets.awaitTickets(b.id(), t -> t.size() == 1);
    long group = -(1_000_000_000_000L + chatBase / 1000);
    telegram.addChat(c.token(), group, "supergroup", "Partners", true);
    var registered =
        admin.post(
            "/api/admin/topic-groups",
            Json.createObjectBuilder().add("botId", c.id()).add("chatId", group).build());
    assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
    long pool = createPool(uniqueName(), a, b, c).getJsonNumber("id").longValue();

    JsonArrayBuilder messages = Json.createArrayBuilder();
    messages.add(message(known, "known 1")).add(message(group, "to the group"));
    int fresh = 240;
    for (int i = 0; i < fresh; i++) {
      messages.add(message(chatBase + 100 + i, "fresh " + i));
    }
    messages.add(message(known, "known 2"));
    var reply =
        admin.post(
            "/api/admin/messages",
            Json.createObjectBuilder()
                .add("poolId", pool)
                .add("lane", "bulk")
                .add("messages", messages)
                .build());
    assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
    int total = fresh + 3;
    awaitDelivered(total);

    Map<Long, String> senderOfChat = new HashMap<>();
    Map<String, Integer> perBot = new HashMap<>();
    for (RegisteredBot bot : List.of(a, b, c)) {
      for (Delivered d : telegram.delivered(bot.token())) {
        String before = senderOfChat.put(d.chatId(), bot.token());
        assertThat(before).as("chat %s served by one bot", d.chatId()).isIn(null, bot.token());
        perBot.merge(bot.token(), 1, Integer::sum);
      }
    }
    assertThat(senderOfChat.get(known)).isEqualTo(b.token());
    assertThat(senderOfChat.get(group)).isEqualTo(c.token());
    assertThat(
            telegram.delivered(b.token()).stream()
                .filter(d -> d.chatId() == known)
                .map(Delivered::text))
        .containsExactly("known 1", "known 2");
    // 243 messages, b keeps 2 and c 1 of them: the spread evens the rest out to 81 each.
    assertThat(perBot)
        .containsEntry(a.token(), total / 3)
        .containsEntry(b.token(), total / 3)
        .containsEntry(c.token(), total / 3);
    // The answer told which bot took each message, as the log shows.
    List<Long> answered = longs(reply.json(), "botIds");
    assertThat(answered).hasSize(total);
    assertThat(answered.get(0)).isEqualTo(b.id());
    assertThat(answered.get(1)).isEqualTo(c.id());
    // The simulator's rule: one second less its tolerance for jitter.
    Duration window = Duration.ofSeconds(1).minus(telegram.limits().tolerance());
    for (RegisteredBot bot : List.of(a, b, c)) {
      assertThat(telegram.tooManyRequests(bot.token())).as("429s of a bot").isZero();
      assertThat(mostInAWindow(telegram.delivered(bot.token()), window))
          .as("most calls of one bot within the simulator's one-second window")
          .isLessThanOrEqualTo(telegram.limits().botPerSecond());
    }
  }

  @Test
  void aLaterSendKeepsEachChatWithTheBotThatServedItBefore() {
    long pool = createPool(uniqueName(), a, b, c).getJsonNumber("id").longValue();
    List<Long> chats = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      chats.add(chatBase + 500 + i);
    }
    List<Long> first = longs(sendToPool(pool, chats, "first"), "botIds");
    awaitDelivered(12);

    List<Long> reversed = new ArrayList<>(chats);
    java.util.Collections.reverse(reversed);
    List<Long> second = longs(sendToPool(pool, reversed, "second"), "botIds");
    awaitDelivered(24);

    Map<Long, Long> firstBot = new HashMap<>();
    for (int i = 0; i < chats.size(); i++) {
      firstBot.put(chats.get(i), first.get(i));
    }
    for (int i = 0; i < reversed.size(); i++) {
      assertThat(second.get(i))
          .as("bot of chat %s", reversed.get(i))
          .isEqualTo(firstBot.get(reversed.get(i)));
    }
    for (RegisteredBot bot : List.of(a, b, c)) {
      Map<Long, List<String>> textsPerChat =
          telegram.delivered(bot.token()).stream()
              .collect(
                  Collectors.groupingBy(
                      Delivered::chatId, Collectors.mapping(Delivered::text, Collectors.toList())));
      assertThat(textsPerChat).hasSize(4);
      textsPerChat.values().forEach(texts -> assertThat(texts).hasSize(2));
    }
  }

  @Test
  void aChatSeveralBotsKnowGoesThroughTheOneTheCustomerLastTalkedTo() {
    long user = chatBase + 800;
    Bots.deliver(b, privateText(1, user, "Lee", 1, "/start"));
    awaitProcessed(b, 1);
    Bots.deliver(a, privateText(1, user, "Lee", 2, "hello"));
    Tickets.awaitTickets(a.id(), t -> t.size() == 1);
    // Only the customer's record with b shows this: /start opens no ticket.
    Bots.deliver(b, privateText(2, user, "Lee", 3, "/start"));
    awaitProcessed(b, 2);
    long pool = createPool(uniqueName(), a, b).getJsonNumber("id").longValue();

    assertThat(longs(sendToPool(pool, List.of(user), "x"), "botIds")).containsExactly(b.id());
  }

  @Test
  void aDisabledBotGetsNoNewChatsButKeepsTheChatsItIsIn() {
    long known = chatBase + 1;
    Bots.deliver(a, privateText(1, known, "Kim", 1, "hello"));
    Tickets.awaitTickets(a.id(), t -> t.size() == 1);
    long pool = createPool(uniqueName(), a, b).getJsonNumber("id").longValue();
    var disabled =
        admin.patch(
            "/api/admin/bots/" + a.id(), Json.createObjectBuilder().add("enabled", false).build());
    assertThat(disabled.status()).as(disabled.toString()).isEqualTo(200);

    List<Long> bots =
        longs(
            sendToPool(pool, List.of(known, chatBase + 2, chatBase + 3, chatBase + 4), "x"),
            "botIds");

    assertThat(bots).containsExactly(a.id(), b.id(), b.id(), b.id());
    awaitDelivered(3);
    assertThat(telegram.delivered(a.token())).isEmpty();
  }

  @Test
  void aPoolWithoutAnEnabledBotRefusesChatsNoBotKnows() {
    long pool = createPool(uniqueName(), a).getJsonNumber("id").longValue();
    admin.patch(
        "/api/admin/bots/" + a.id(), Json.createObjectBuilder().add("enabled", false).build());

    var reply =
        admin.post(
            "/api/admin/messages",
            Json.createObjectBuilder()
                .add("poolId", pool)
                .add("messages", Json.createArrayBuilder().add(message(chatBase + 9, "hi")))
                .build());

    assertThat(reply.status()).isEqualTo(409);
    assertThat(reply.json().getString("detail")).contains("no enabled bot");
  }

  // --- helpers ---

  static String uniqueName() {
    return "pool-" + UUID.randomUUID();
  }

  static JsonObject createPool(String name, RegisteredBot... bots) {
    JsonArrayBuilder ids = Json.createArrayBuilder();
    for (RegisteredBot bot : bots) {
      ids.add(bot.id());
    }
    var reply =
        admin.post(
            "/api/admin/bot-pools",
            Json.createObjectBuilder().add("name", name).add("botIds", ids).build());
    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    return reply.json();
  }

  static JsonObject message(long chatId, String text) {
    return Json.createObjectBuilder().add("chatId", chatId).add("text", text).build();
  }

  static JsonObject sendToPool(long pool, List<Long> chats, String text) {
    JsonArrayBuilder messages = Json.createArrayBuilder();
    chats.forEach(chat -> messages.add(message(chat, text + " " + chat)));
    var reply =
        admin.post(
            "/api/admin/messages",
            Json.createObjectBuilder().add("poolId", pool).add("messages", messages).build());
    assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
    return reply.json();
  }

  static List<Long> botIds(JsonObject pool) {
    return longs(pool, "botIds");
  }

  static List<Long> longs(JsonObject o, String field) {
    return o.getJsonArray(field).getValuesAs(JsonNumber.class).stream()
        .map(JsonNumber::longValue)
        .toList();
  }

  static void awaitProcessed(RegisteredBot bot, long count) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> Bots.processedUpdates(bot), n -> n >= count);
  }

  void awaitDelivered(int count) {
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                List.of(a, b, c).stream()
                    .mapToInt(bot -> telegram.delivered(bot.token()).size())
                    .sum(),
            n -> n >= count);
  }

  /** The most sends of one bot within any window of the given length in the log. */
  static int mostInAWindow(List<Delivered> log, Duration window) {
    List<Instant> times = log.stream().map(Delivered::at).sorted().toList();
    int max = 0;
    int from = 0;
    for (int to = 0; to < times.size(); to++) {
      while (!times.get(from).isAfter(times.get(to).minus(window))) {
        from++;
      }
      max = Math.max(max, to - from + 1);
    }
    return max;
  }
}
