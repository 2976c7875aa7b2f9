package io.tgdesk.agents;

import static io.tgdesk.testing.TelegramUpdates.privateText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tgdesk.testing.Bots;
import io.tgdesk.testing.Bots.RegisteredBot;
import io.tgdesk.testing.FakeTelegram;
import io.tgdesk.testing.TgDeskApi;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/** Registering an agents group, and customers' texts mirrored into a topic per ticket. */
// Mostly waits on the group limit (20 a minute) with its own bots and groups: runs beside others.
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("AgentsGroupIT")
class AgentsGroupIT {

  @RegisterExtension static final FakeTelegram telegram = FakeTelegram.start();

  RegisteredBot bot;
  long group;

  @BeforeEach
  void botAndForum() {
    bot = Bots.webhookBot(telegram);
    group = -1_007_000_000_000L - ThreadLocalRandom.current().nextLong(1_000_000_000L);
    telegram.addChat(bot.token(), group, "supergroup", "Acme agents", true);
    telegram.setBotMember(bot.token(), group, "administrator", true);
  }

  static JsonObject registration(long botId, long chatId) {
    return Json.createObjectBuilder().add("botId", botId).add("chatId", chatId).build();
  }

  static void register(RegisteredBot bot, long chatId) {
    register(bot, chatId, true);
  }

  static void register(RegisteredBot bot, long chatId, boolean coalesceTexts) {
    var reply =
        TgDeskApi.asAdmin()
            .postResendingLostRaces(
                "/api/admin/agent-groups",
                Json.createObjectBuilder(registration(bot.id(), chatId))
                    .add("coalesceTexts", coalesceTexts)
                    .build());
    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
  }

  @Test
  void registrationRefusesAGroupWithoutTopicsOrABotThatCannotManageTopics() {
    long plain = group - 1;
    telegram.addChat(bot.token(), plain, "supergroup", "No topics", false);
    var noTopics =
        TgDeskApi.asAdmin().post("/api/admin/agent-groups", registration(bot.id(), plain));
    assertThat(noTopics.status()).isEqualTo(422);
    assertThat(noTopics.body()).contains("is_forum");

    long noRight = group - 2;
    telegram.addChat(bot.token(), noRight, "supergroup", "Forum", true);
    telegram.setBotMember(bot.token(), noRight, "administrator", false);
    var reply =
        TgDeskApi.asAdmin().post("/api/admin/agent-groups", registration(bot.id(), noRight));
    assertThat(reply.status()).isEqualTo(422);
    assertThat(reply.body()).contains("can_manage_topics");

    long notAdmin = group - 3;
    telegram.addChat(bot.token(), notAdmin, "supergroup", "Forum", true);
    var member =
        TgDeskApi.asAdmin().post("/api/admin/agent-groups", registration(bot.id(), notAdmin));
    assertThat(member.status()).isEqualTo(422);
    assertThat(member.body()).contains("administrator");

    var unknownChat =
        TgDeskApi.asAdmin().post("/api/admin/agent-groups", registration(bot.id(), group - 4));
    assertThat(unknownChat.status()).isEqualTo(422);
    assertThat(unknownChat.body()).contains("chat not found");

    assertThat(
            TgDeskApi.asAdmin()
                .post("/api/admin/agent-groups", registration(987_654_321L, group))
                .status())
        .isEqualTo(404);
    assertThat(
            TgDeskApi.asAdmin()
                .post("/api/admin/agent-groups", Json.createObjectBuilder().add("botId", 1).build())
                .status())
        .isEqualTo(400);
  }

  @Test
  void removingABotThatDoesNotServeTheGroupIs404AndLeavesTheGroupAsItWas() {
    register(bot, group);

    var other = TgDeskApi.asAdmin().delete("/api/admin/agent-groups/" + group + "?botId=987654321");

    assertThat(other.status()).as(other.toString()).isEqualTo(404);
    assertThat(other.json().getString("detail")).contains("does not serve");
    assertThat(TgDeskApi.asAdmin().get("/api/admin/agent-groups/" + group + "/load").status())
        .isEqualTo(200);
    var own = TgDeskApi.asAdmin().delete("/api/admin/agent-groups/" + group + "?botId=" + bot.id());
    assertThat(own.status()).as(own.toString()).isEqualTo(204);
    assertThat(TgDeskApi.asAdmin().get("/api/admin/agent-groups/" + group + "/load").status())
        .isEqualTo(404);
  }

  @Test
  void aCustomersTextIsMirroredIntoATopicOfItsOwn() {
    register(bot, group);
    long customer = 5_000_000L + ThreadLocalRandom.current().nextLong(1_000_000L);

    Bots.deliver(bot, privateText(1, customer, "Ann", 10, "Where is my order?"));

    List<FakeTelegram.Delivered> inGroup = awaitInGroup(bot, 2);
    assertThat(inGroup.get(0).method()).isEqualTo("createForumTopic");
    assertThat(inGroup.get(0).text()).startsWith("Ann · #");
    long thread = inGroup.get(0).messageId();
    assertThat(inGroup.get(1).method()).isEqualTo("sendMessage");
    assertThat(inGroup.get(1).threadId()).isEqualTo(thread);
    assertThat(inGroup.get(1).text()).isEqualTo("Where is my order?");

    Bots.deliver(bot, privateText(2, customer, "Ann", 11, "Order #1001"));
    inGroup = awaitInGroup(bot, 3);
    assertThat(inGroup.get(2).threadId()).isEqualTo(thread);
    assertThat(inGroup.get(2).text()).isEqualTo("Order #1001");
    assertThat(telegram.count(bot.token(), "createForumTopic")).isEqualTo(1);
  }

  @Test
  void twentyFirstMessagesAtOnceMakeOneTopic() {
    // Coalescing on: the texts that queue up behind the topic are combined, so the test waits on
    // a few calls instead of a minute of the group's budget.
    register(bot, group, true);
    long customer = 6_000_000L + ThreadLocalRandom.current().nextLong(1_000_000L);

    IntStream.range(0, 20)
        .parallel()
        .forEach(i -> Bots.deliver(bot, privateText(100 + i, customer, "Ben", 200 + i, "m" + i)));

    List<FakeTelegram.Delivered> inGroup =
        await()
            .atMost(Duration.ofSeconds(120))
            .pollInterval(Duration.ofMillis(200))
            .until(
                () ->
                    telegram.delivered(bot.token()).stream()
                        .filter(d -> d.chatId() == group)
                        .toList(),
                l -> IntStream.range(0, 20).allMatch(i -> copied(l, "m" + i)));
    assertThat(telegram.count(bot.token(), "createForumTopic")).isEqualTo(1);
    long thread = inGroup.get(0).messageId();
    assertThat(inGroup.subList(1, inGroup.size()))
        .allSatisfy(d -> assertThat(d.threadId()).isEqualTo(thread));
  }

  /** Whether the text reached the group, alone or as a line of a combined message. */
  static boolean copied(List<FakeTelegram.Delivered> inGroup, String text) {
    return inGroup.stream()
        .filter(d -> d.method().equals("sendMessage") && d.text() != null)
        .flatMap(d -> d.text().lines())
        .anyMatch(line -> line.equals(text) || line.endsWith("] " + text));
  }

  /** The calls the bot made into the group, once there are {@code count}. */
  List<FakeTelegram.Delivered> awaitInGroup(RegisteredBot bot, int count) {
    return await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                telegram.delivered(bot.token()).stream().filter(d -> d.chatId() == group).toList(),
            l -> l.size() >= count);
  }
}
