package io.tgdesk.tickets.topics;

import static io.tgdesk.testing.TelegramUpdates.generalTopicText;
import static io.tgdesk.testing.TelegramUpdates.groupMigratedTo;
import static io.tgdesk.testing.TelegramUpdates.supergroupMigratedFrom;
import static io.tgdesk.testing.TelegramUpdates.topicClosed;
import static io.tgdesk.testing.TelegramUpdates.topicCreated;
import static io.tgdesk.testing.TelegramUpdates.topicEdited;
import static io.tgdesk.testing.TelegramUpdates.topicReopened;
import static io.tgdesk.testing.TelegramUpdates.topicReply;
import static io.tgdesk.testing.TelegramUpdates.topicText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tgdesk.testing.Bots;
import io.tgdesk.testing.Bots.RegisteredBot;
import io.tgdesk.testing.DependsOnDatabase;
import io.tgdesk.testing.FakeTelegram;
import io.tgdesk.testing.TgDeskApi;
import io.tgdesk.testing.Tickets;
import io.tgdesk.tickets.PrivateChatIT;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A registered forum supergroup: each topic is a ticket, and its service messages drive the ticket.
 */
class TopicGroupIT {

  static final long GROUP = -1001234567890L;
  @RegisterExtension static final FakeTelegram telegram = FakeTelegram.start();
  RegisteredBot bot;

  @BeforeEach
  void registerBotAndGroup() {
    bot = Bots.webhookBot(telegram);
    JsonObject group = Bots.topicGroup(telegram, bot, GROUP, "Acme support");
    assertThat(group.getString("title")).isEqualTo("Acme support");
  }

  @Test
  void eachTopicIsATicketNamedAfterTheTopic() {
    Bots.deliver(bot, topicCreated(1, GROUP, 7001, "Ann", 55, "Refund for order #1001"));
    Bots.deliver(bot, topicText(2, GROUP, 7001, "Ann", 55, 56, "I was charged twice"));
    Bots.deliver(bot, topicCreated(3, GROUP, 7002, "Ben", 60, "Login problem"));

    List<JsonObject> tickets = Tickets.awaitTickets(bot.id(), t -> t.size() == 2);
    JsonObject refund =
        tickets.stream()
            .filter(t -> t.getJsonNumber("threadId").longValue() == 55)
            .findFirst()
            .orElseThrow();
    JsonObject detail =
        Tickets.awaitTicket(PrivateChatIT.id(refund), t -> Tickets.messages(t).size() == 2);

    assertThat(detail.getString("kind")).isEqualTo("topic");
    assertThat(detail.getString("subject")).isEqualTo("Refund for order #1001");
    assertThat(detail.getJsonNumber("chatId").longValue()).isEqualTo(GROUP);
    assertThat(Tickets.messages(detail).get(1).getString("text")).isEqualTo("I was charged twice");
  }

  @Test
  void theImplicitReplyToTheTopicStarterIsNotAReplyButARealReplyIs() {
    Bots.deliver(bot, topicCreated(1, GROUP, 7001, "Ann", 70, "Question"));
    Bots.deliver(bot, topicText(2, GROUP, 7001, "Ann", 70, 71, "plain message"));
    Bots.deliver(bot, topicReply(3, GROUP, 7001, "Ann", 70, 72, "replying to 71", 71));

    long ticket = PrivateChatIT.id(Tickets.awaitTickets(bot.id(), t -> t.size() == 1).get(0));
    List<JsonObject> messages =
        Tickets.messages(Tickets.awaitTicket(ticket, t -> Tickets.messages(t).size() == 3));

    assertThat(messages.get(1).containsKey("replyToMessageId")).isFalse();
    assertThat(messages.get(2).getJsonNumber("replyToMessageId").longValue()).isEqualTo(71);
  }

  @Test
  void closingAndReopeningTheTopicClosesAndReopensTheTicket() {
    Bots.deliver(bot, topicCreated(1, GROUP, 7001, "Ann", 80, "Question"));
    long ticket = PrivateChatIT.id(Tickets.awaitTickets(bot.id(), t -> t.size() == 1).get(0));

    Bots.deliver(bot, topicClosed(2, GROUP, 7001, 80, 81));
    assertThat(
            Tickets.awaitTicket(ticket, t -> t.getString("status").equals("closed"))
                .getString("status"))
        .isEqualTo("closed");

    Bots.deliver(bot, topicReopened(3, GROUP, 7001, 80, 82));
    assertThat(
            Tickets.awaitTicket(ticket, t -> t.getString("status").equals("open"))
                .getString("status"))
        .isEqualTo("open");
  }

  @Test
  void renamingTheTopicRenamesTheTicket() {
    Bots.deliver(bot, topicCreated(1, GROUP, 7001, "Ann", 90, "Old name"));
    long ticket = PrivateChatIT.id(Tickets.awaitTickets(bot.id(), t -> t.size() == 1).get(0));

    Bots.deliver(bot, topicEdited(2, GROUP, 7001, 90, 91, "New name"));

    assertThat(
            Tickets.awaitTicket(ticket, t -> t.getString("subject").equals("New name"))
                .getString("subject"))
        .isEqualTo("New name");
  }

  @Test
  void generalTopicMessagesAreIgnoredWithAReason() {
    Bots.deliver(bot, generalTopicText(1, GROUP, 7001, "Ann", 5, "hello everyone"));

    JsonObject update =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> lastUpdate(), u -> !u.getString("state").equals("received"));
    assertThat(update.getString("state")).isEqualTo("ignored");
    assertThat(update.getString("outcome")).contains("General topic");
    assertThat(Tickets.ofBot(bot.id())).isEmpty();
  }

  @Test
  @DependsOnDatabase
  void groupUpgradedToSupergroupKeepsItsTickets() {
    long oldGroup = GROUP;
    long newGroup = -1009999999999L;
    Bots.deliver(bot, topicCreated(1, oldGroup, 7001, "Ann", 100, "Before upgrade"));
    long ticket = PrivateChatIT.id(Tickets.awaitTickets(bot.id(), t -> t.size() == 1).get(0));

    Bots.deliver(bot, groupMigratedTo(2, oldGroup, newGroup, 101));
    Bots.deliver(bot, supergroupMigratedFrom(3, newGroup, oldGroup, 1));
    Bots.deliver(bot, topicText(4, newGroup, 7001, "Ann", 100, 2, "after upgrade"));

    JsonObject detail = Tickets.awaitTicket(ticket, t -> Tickets.messages(t).size() == 2);
    assertThat(detail.getJsonNumber("chatId").longValue()).isEqualTo(newGroup);
    assertThat(Tickets.ofBot(bot.id())).hasSize(1);
    var groups = TgDeskApi.asAdmin().get("/api/admin/topic-groups?botId=" + bot.id()).jsonArray();
    assertThat(groups.getJsonObject(0).getJsonNumber("chatId").longValue()).isEqualTo(newGroup);
  }

  @Test
  void registeringAChatWithoutTopicsIs422() {
    telegram.addChat(bot.token(), -100777L, "supergroup", "No topics", false);
    var reply =
        TgDeskApi.asAdmin()
            .post(
                "/api/admin/topic-groups",
                Json.createObjectBuilder().add("botId", bot.id()).add("chatId", -100777L).build());
    assertThat(reply.status()).isEqualTo(422);
    assertThat(reply.json().getString("detail")).contains("is_forum");
  }

  @Test
  void registeringAChatTheBotCannotSeeIs422() {
    var reply =
        TgDeskApi.asAdmin()
            .post(
                "/api/admin/topic-groups",
                Json.createObjectBuilder().add("botId", bot.id()).add("chatId", -100555L).build());
    assertThat(reply.status()).isEqualTo(422);
    assertThat(reply.json().getString("detail")).contains("chat not found");
  }

  @Test
  void aBotApiServerErrorOnGetChatIs502AndTelegramsRefusalIs422WithItsDescription() {
    telegram.answerNextRaw(
        bot.token(),
        "getChat",
        500,
        "{\"ok\":false,\"error_code\":500,\"description\":\"Internal Server Error\"}");
    var failed =
        TgDeskApi.asAdmin()
            .post(
                "/api/admin/topic-groups",
                Json.createObjectBuilder().add("botId", bot.id()).add("chatId", -100556L).build());
    telegram.answerNextRaw(
        bot.token(),
        "getChat",
        403,
        "{\"ok\":false,\"error_code\":403,\"description\":\"Forbidden: bot was kicked from"
            + " the supergroup chat\"}");
    var refused =
        TgDeskApi.asAdmin()
            .post(
                "/api/admin/topic-groups",
                Json.createObjectBuilder().add("botId", bot.id()).add("chatId", -100557L).build());

    assertThat(failed.status()).as(failed.toString()).isEqualTo(502);
    assertThat(failed.json().getString("detail")).contains("getChat").contains("500");
    assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
    assertThat(refused.json().getString("detail")).contains("bot was kicked from the supergroup");
  }

  private JsonObject lastUpdate() {
    return TgDeskApi.asAdmin()
        .get("/api/admin/updates?botId=" + bot.id())
        .json()
        .getJsonArray("items")
        .getJsonObject(0);
  }
}
