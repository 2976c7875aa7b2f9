package io.tgdesk.routing;

import static io.tgdesk.routing.BotPoolIT.createPool;
import static io.tgdesk.routing.BotPoolIT.longs;
import static io.tgdesk.routing.BotPoolIT.message;
import static io.tgdesk.routing.BotPoolIT.uniqueName;
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
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Routing rules: a queue or a topic group mapped to a bot or a pool picks the bot of a new
 * conversation; a chat a bot is already in keeps that bot whatever the rule says.
 */
class RoutingRuleIT {

  @RegisterExtension static final FakeTelegram telegram = FakeTelegram.start();
  static final TgDeskApi admin = TgDeskApi.asAdmin();

  RegisteredBot a;
  RegisteredBot b;
  RegisteredBot c;
  long chatBase;
  String queue;

  @BeforeEach
  void registerThreeBots() {
    telegram.setLimits(FakeTelegram.Limits.telegramDefaults());
    a = Bots.webhookBot(telegram);
    b = Bots.webhookBot(telegram);
    c = Bots.webhookBot(telegram);
    chatBase = ThreadLocalRandom.current().nextLong(4_000_000L, 8_000_000_000L) * 1000;
    queue = "billing-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void aQueueRuleSendsANewConversationThroughItsBot() {
    createRule(Json.createObjectBuilder().add("queue", queue).add("botId", b.id()));
    long customer = chatBase + 1;

    JsonObject accepted = sendViaQueue(queue, customer, "Your invoice is ready");

    assertThat(longs(accepted, "botIds")).containsExactly(b.id());
    Delivered sent = awaitOneDelivered(b);
    assertThat(sent.chatId()).isEqualTo(customer);
    assertThat(sent.text()).isEqualTo("Your invoice is ready");
    assertThat(telegram.delivered(a.token())).isEmpty();
    assertThat(telegram.delivered(c.token())).isEmpty();
  }

  @Test
  void theBotInTheChatWinsOverTheRule() {
    long customer = chatBase + 2;
    Bots.deliver(a, privateText(1, customer, "Kim", 1, "I have a question about my bill"));
    Tickets.awaitTickets(a.id(), t -> t.size() == 1);
    createRule(Json.createObjectBuilder().add("queue", queue).add("botId", b.id()));

    var resolved =
        admin.get("/api/admin/routing/resolve?chatId=" + customer + "&queue=" + queue).json();
    JsonObject accepted = sendViaQueue(queue, customer, "About your bill");

    assertThat(resolved.getJsonNumber("botId").longValue()).isEqualTo(a.id());
    assertThat(resolved.getString("via")).startsWith("in-chat:");
    assertThat(longs(accepted, "botIds")).containsExactly(a.id());
    assertThat(awaitOneDelivered(a).chatId()).isEqualTo(customer);
    assertThat(telegram.delivered(b.token())).isEmpty();
  }

  @Test
  void aTopicGroupRuleToAPoolSpreadsNewConversationsOverThePool() {
    long group = registerTopicGroup(a);
    long pool = createPool(uniqueName(), b, c).getJsonNumber("id").longValue();
    createRule(Json.createObjectBuilder().add("topicGroupId", group).add("poolId", pool));

    JsonArrayBuilder messages = Json.createArrayBuilder();
    for (int i = 0; i < 4; i++) {
      messages.add(message(chatBase + 10 + i, "Welcome " + i));
    }
    var reply =
        admin.post(
            "/api/admin/messages",
            Json.createObjectBuilder()
                .add("topicGroupId", group)
                .add("messages", messages)
                .build());

    assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
    assertThat(longs(reply.json(), "botIds")).containsExactly(b.id(), c.id(), b.id(), c.id());
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> telegram.delivered(b.token()).size() + telegram.delivered(c.token()).size(),
            n -> n == 4);
    assertThat(telegram.delivered(b.token()))
        .extracting(Delivered::chatId)
        .containsExactlyInAnyOrder(chatBase + 10, chatBase + 12);
    assertThat(telegram.delivered(a.token())).isEmpty();
  }

  @Test
  void aTopicGroupWithoutARuleSpeaksThroughItsOwnBot() {
    long group = registerTopicGroup(c);

    var resolved =
        admin
            .get("/api/admin/routing/resolve?chatId=" + (chatBase + 20) + "&topicGroupId=" + group)
            .json();

    assertThat(resolved.getJsonNumber("botId").longValue()).isEqualTo(c.id());
    assertThat(resolved.getString("via")).isEqualTo("topic-group");
  }

  @Test
  void aQueueWithoutARuleIsRefused() {
    var reply =
        admin.post(
            "/api/admin/messages",
            Json.createObjectBuilder()
                .add("queue", queue)
                .add("messages", Json.createArrayBuilder().add(message(chatBase + 30, "hi")))
                .build());

    assertThat(reply.status()).isEqualTo(422);
    assertThat(reply.json().getString("detail")).contains(queue);
  }

  @Test
  void aRuleIsListedRetargetedAndDeleted() {
    long id =
        createRule(Json.createObjectBuilder().add("queue", queue).add("botId", a.id()))
            .getJsonNumber("id")
            .longValue();
    assertThat(admin.get("/api/admin/routing/rules").jsonArray())
        .anyMatch(r -> r.asJsonObject().getJsonNumber("id").longValue() == id);

    var changed =
        admin.patch(
            "/api/admin/routing/rules/" + id,
            Json.createObjectBuilder().add("botId", c.id()).build());
    assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
    assertThat(changed.json().getJsonNumber("botId").longValue()).isEqualTo(c.id());
    assertThat(changed.json().getString("queue")).isEqualTo(queue);
    assertThat(
            admin
                .get("/api/admin/routing/resolve?chatId=" + (chatBase + 40) + "&queue=" + queue)
                .json()
                .getJsonNumber("botId")
                .longValue())
        .isEqualTo(c.id());

    assertThat(admin.delete("/api/admin/routing/rules/" + id).status()).isEqualTo(204);
    assertThat(admin.get("/api/admin/routing/rules/" + id).status()).isEqualTo(404);
  }

  @Test
  void aRuleNeedsExactlyOneMatchAndOneTarget() {
    var twoMatches =
        admin.post(
            "/api/admin/routing/rules",
            Json.createObjectBuilder()
                .add("queue", queue)
                .add("topicGroupId", 1)
                .add("botId", a.id())
                .build());
    var twoTargets =
        admin.post(
            "/api/admin/routing/rules",
            Json.createObjectBuilder()
                .add("queue", queue)
                .add("botId", a.id())
                .add("poolId", 1)
                .build());
    var unknownBot =
        admin.post(
            "/api/admin/routing/rules",
            Json.createObjectBuilder().add("queue", queue).add("botId", 987_654_321L).build());

    assertThat(twoMatches.status()).isEqualTo(400);
    assertThat(twoTargets.status()).isEqualTo(400);
    assertThat(unknownBot.status()).isEqualTo(422);
    assertThat(unknownBot.json().getString("detail")).contains("987654321");
  }

  @Test
  @DependsOnDatabase
  void aSecondRuleForTheSameQueueIsAConflict() {
    createRule(Json.createObjectBuilder().add("queue", queue).add("botId", a.id()));

    var reply =
        admin.post(
            "/api/admin/routing/rules",
            Json.createObjectBuilder().add("queue", queue).add("botId", b.id()).build());

    assertThat(reply.status()).isEqualTo(409);
  }

  @Test
  void aPoolARuleTargetsCannotBeDeleted() {
    long pool = createPool(uniqueName(), a).getJsonNumber("id").longValue();
    createRule(Json.createObjectBuilder().add("queue", queue).add("poolId", pool));

    var reply = admin.delete("/api/admin/bot-pools/" + pool);

    assertThat(reply.status()).isEqualTo(409);
    assertThat(reply.json().getString("detail")).contains("routing rule");
  }

  @Test
  void aRuleFollowsItsQueueWhenTheQueueIsRenamed() {
    long queueId = createQueue(queue).getJsonNumber("id").longValue();
    long rule =
        createRule(Json.createObjectBuilder().add("queue", queue).add("botId", b.id()))
            .getJsonNumber("id")
            .longValue();
    // Longer than routing's own names could be: a rule takes any name a queue may have.
    String renamed = queue + "-" + "eu".repeat(30);

    var reply =
        admin.send(
            "PUT",
            "/api/admin/queues/" + queueId,
            queueBody(renamed).toString(),
            Map.of("Content-Type", "application/json"));

    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    assertThat(admin.get("/api/admin/routing/rules/" + rule).json().getString("queue"))
        .isEqualTo(renamed);
    JsonObject accepted = sendViaQueue(renamed, chatBase + 50, "Your invoice is ready");
    assertThat(longs(accepted, "botIds")).containsExactly(b.id());
    admin.delete("/api/admin/queues/" + queueId);
  }

  @Test
  void aRuleNamingAQueueNameQueuesRefuseIsRefusedAsTheQueueIs() {
    String name = "Billing.EU_" + queue.substring(8);

    var asQueue = admin.post("/api/admin/queues", queueBody(name));
    var asRule =
        admin.post(
            "/api/admin/routing/rules",
            Json.createObjectBuilder().add("queue", name).add("botId", a.id()).build());
    var asSend =
        admin.post(
            "/api/admin/messages",
            Json.createObjectBuilder()
                .add("queue", name)
                .add("messages", Json.createArrayBuilder().add(message(chatBase + 51, "Hi")))
                .build());

    assertThat(asQueue.status()).as(asQueue.toString()).isEqualTo(400);
    assertThat(asRule.status()).as(asRule.toString()).isEqualTo(400);
    assertThat(asSend.status()).as(asSend.toString()).isEqualTo(400);
    JsonObject queueError = asQueue.json().getJsonArray("errors").getJsonObject(0);
    JsonObject ruleError = asRule.json().getJsonArray("errors").getJsonObject(0);
    assertThat(ruleError.getString("field")).isEqualTo("queue");
    assertThat(ruleError.getString("message")).isEqualTo(queueError.getString("message"));
  }

  // --- helpers ---

  static JsonObject createQueue(String name) {
    var reply = admin.post("/api/admin/queues", queueBody(name));
    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    return reply.json();
  }

  /** A manual queue that takes no ticket: it matches a bot id no test registers. */
  static JsonObject queueBody(String name) {
    return Json.createObjectBuilder()
        .add("name", name)
        .add("strategy", "manual")
        .add("botIds", Json.createArrayBuilder().add(987_654_320L))
        .build();
  }

  static JsonObject createRule(jakarta.json.JsonObjectBuilder body) {
    var reply = admin.post("/api/admin/routing/rules", body.build());
    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    return reply.json();
  }

  static JsonObject sendViaQueue(String queue, long chatId, String text) {
    var reply =
        admin.post(
            "/api/admin/messages",
            Json.createObjectBuilder()
                .add("queue", queue)
                .add("messages", Json.createArrayBuilder().add(message(chatId, text)))
                .build());
    assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
    return reply.json();
  }

  long registerTopicGroup(RegisteredBot bot) {
    long group = -(1_000_000_000_000L + chatBase / 1000);
    return Bots.topicGroup(telegram, bot, group, "Team").getJsonNumber("id").longValue();
  }

  static Delivered awaitOneDelivered(RegisteredBot bot) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> telegram.delivered(bot.token()), d -> d.size() == 1)
        .get(0);
  }
}
