package io.tgdesk.telegram.outbound;

import static io.tgdesk.testing.TelegramUpdates.topicCreated;
import static io.tgdesk.testing.TelegramUpdates.topicText;
import static org.assertj.core.api.Assertions.assertThat;

import io.tgdesk.testing.Bots;
import io.tgdesk.testing.Bots.RegisteredBot;
import io.tgdesk.testing.FakeTelegram;
import io.tgdesk.testing.FakeTelegram.Delivered;
import io.tgdesk.testing.Outboxes;
import io.tgdesk.testing.TgDeskApi;
import io.tgdesk.testing.Tickets;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A ticket's forum topic deleted in Telegram: the next call to it ("message thread not found")
 * recreates the topic under the ticket's name, the ticket and the topic's pending calls move to it.
 * When Telegram refuses to recreate or reopen a topic, the entry fails with both reasons instead of
 * staying in flight.
 */
// Uses its own bot and group only: runs beside others.
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("ForumTopicRepairIT")
class ForumTopicRepairIT {

  static final long GROUP = -1002223334445L;
  @RegisterExtension static final FakeTelegram telegram = FakeTelegram.start();
  RegisteredBot bot;

  @BeforeEach
  void registerBotAndGroup() {
    telegram.setLimits(FakeTelegram.Limits.telegramDefaults());
    bot = Bots.webhookBot(telegram);
    Bots.topicGroup(telegram, bot, GROUP, "Acme support");
  }

  @Test
  void messagesToADeletedTopicArriveInARecreatedTopicThatTheTicketFollows() {
    telegram.addTopic(bot.token(), GROUP, 55, "Refund for order #1001");
    Bots.deliver(bot, topicCreated(1, GROUP, 7001, "Ann", 55, "Refund for order #1001"));
    long ticket = id(Tickets.awaitTickets(bot.id(), t -> t.size() == 1).get(0));
    telegram.deleteTopic(bot.token(), GROUP, 55);

    List<JsonObject> entries =
        Outboxes.awaitSettled(
            send(55, "We are looking into it", "Refund issued", "Anything else?"),
            Duration.ofSeconds(40));

    assertThat(entries).allSatisfy(e -> assertThat(e.getString("state")).isEqualTo("sent"));
    assertThat(telegram.count(bot.token(), "createForumTopic")).isEqualTo(1);
    Delivered created =
        telegram.delivered(bot.token()).stream()
            .filter(d -> d.method().equals("createForumTopic"))
            .findFirst()
            .orElseThrow();
    long newThread = created.threadId();
    assertThat(newThread).isNotEqualTo(55);
    assertThat(created.text()).isEqualTo("Refund for order #1001");
    List<Delivered> messages =
        telegram.delivered(bot.token()).stream()
            .filter(d -> d.method().equals("sendMessage"))
            .toList();
    assertThat(messages).extracting(Delivered::threadId).containsOnly(newThread);
    assertThat(messages)
        .extracting(Delivered::text)
        .containsExactly("We are looking into it", "Refund issued", "Anything else?");
    assertThat(entries)
        .allSatisfy(e -> assertThat(e.getJsonNumber("threadId").longValue()).isEqualTo(newThread));

    // The ticket shows the new topic, and later calls to it need no second topic.
    JsonObject detail =
        Tickets.awaitTicket(ticket, t -> t.getJsonNumber("threadId").longValue() == newThread);
    assertThat(Tickets.messages(detail))
        .extracting(m -> m.getString("text"))
        .anyMatch(text -> text.startsWith("Topic recreated"));
    Outboxes.awaitSettled(send(newThread, "One more thing"), Duration.ofSeconds(20));
    // A caller that still names the old topic reaches the new one too.
    Outboxes.awaitSettled(send(55, "Addressed to the old topic"), Duration.ofSeconds(20));
    assertThat(telegram.count(bot.token(), "createForumTopic")).isEqualTo(1);
    List<Delivered> all = telegram.delivered(bot.token());
    assertThat(all.subList(all.size() - 2, all.size()))
        .extracting(Delivered::threadId, Delivered::text)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(newThread, "One more thing"),
            org.assertj.core.groups.Tuple.tuple(newThread, "Addressed to the old topic"));

    // The customer writes in the new topic: the same ticket.
    Bots.deliver(bot, topicText(2, GROUP, 7001, "Ann", newThread, newThread + 50, "Thanks!"));
    JsonObject after = Tickets.awaitTicket(ticket, t -> lastText(t).equals("Thanks!"));
    assertThat(after.getJsonNumber("threadId").longValue()).isEqualTo(newThread);
    assertThat(Tickets.ofBot(bot.id())).hasSize(1);
  }

  @Test
  void aDeletedTopicNoTicketKnowsFailsWithTelegramsReasonAndNoTopicIsCreated() {
    telegram.addTopic(bot.token(), GROUP, 77, "Unmapped");
    telegram.deleteTopic(bot.token(), GROUP, 77);

    JsonObject entry = Outboxes.awaitSettled(send(77, "hello?"), Duration.ofSeconds(20)).get(0);

    assertThat(entry.getString("state")).isEqualTo("failed");
    assertThat(entry.getString("lastError")).contains("message thread not found");
    assertThat(telegram.count(bot.token(), "createForumTopic")).isZero();
  }

  @Test
  void whenTelegramRefusesToRecreateTheTopicTheEntryFailsWithBothReasons() {
    telegram.addTopic(bot.token(), GROUP, 88, "Invoice");
    Bots.deliver(bot, topicCreated(1, GROUP, 7001, "Ann", 88, "Invoice"));
    Tickets.awaitTickets(bot.id(), t -> t.size() == 1);
    telegram.failNext(bot.token(), 1, 400, "Bad Request: message thread not found");
    telegram.failNext(bot.token(), 1, 400, "Bad Request: not enough rights to create a topic");

    JsonObject entry = Outboxes.awaitSettled(send(88, "hello"), Duration.ofSeconds(20)).get(0);

    assertThat(entry.getString("state")).isEqualTo("failed");
    assertThat(entry.getString("lastError"))
        .contains("message thread not found")
        .contains("not enough rights to create a topic");
  }

  @Test
  void whenTelegramRefusesToReopenAClosedTopicTheEntryFailsInsteadOfStayingInFlight() {
    telegram.addTopic(bot.token(), GROUP, 99, "Delivery");
    telegram.failNext(bot.token(), 1, 400, "Bad Request: TOPIC_CLOSED");
    telegram.failNext(bot.token(), 1, 400, "Bad Request: not enough rights to manage topics");

    JsonObject entry = Outboxes.awaitSettled(send(99, "hello"), Duration.ofSeconds(20)).get(0);

    assertThat(entry.getString("state")).isEqualTo("failed");
    assertThat(entry.getString("lastError"))
        .contains("TOPIC_CLOSED")
        .contains("not enough rights to manage topics");
  }

  private List<Long> send(long thread, String... texts) {
    JsonArrayBuilder messages = Json.createArrayBuilder();
    for (String text : texts) {
      messages.add(
          Json.createObjectBuilder()
              .add("chatId", GROUP)
              .add("threadId", thread)
              .add("text", text));
    }
    var reply =
        TgDeskApi.asAdmin()
            .post(
                "/api/admin/messages",
                Json.createObjectBuilder()
                    .add("botId", bot.id())
                    .add("messages", messages)
                    .build());
    assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
    return reply.json().getJsonArray("ids").getValuesAs(jakarta.json.JsonNumber.class).stream()
        .map(jakarta.json.JsonNumber::longValue)
        .toList();
  }

  private static String lastText(JsonObject ticket) {
    List<JsonObject> messages = Tickets.messages(ticket);
    JsonObject last = messages.get(messages.size() - 1);
    return last.containsKey("text") ? last.getString("text") : "";
  }

  private static long id(JsonObject ticket) {
    return ticket.getJsonNumber("id").longValue();
  }
}
