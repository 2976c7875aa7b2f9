package io.tgdesk.telegram.inbound;

import static io.tgdesk.testing.TelegramUpdates.privateText;
import static io.tgdesk.testing.TelegramUpdates.topicCreated;
import static io.tgdesk.testing.TelegramUpdates.topicText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tgdesk.testing.Bots;
import io.tgdesk.testing.Bots.RegisteredBot;
import io.tgdesk.testing.FakeTelegram;
import io.tgdesk.testing.TelegramUpdates;
import io.tgdesk.testing.TgDeskApi;
import io.tgdesk.testing.Tickets;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * An update that cannot be applied holds the later updates of its chat (of its topic, in a forum)
 * until its attempts are spent, while other chats and topics go on; the admin's retry of a waiting
 * update names the failed one to retry.
 *
 * <p>It runs beside the other classes: it mostly waits for the failed updates' attempts (three on
 * the test server, 5 s and then 10 s apart), with a bot and a fake Bot API of its own.
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("HeldUpdatesIT")
class HeldUpdatesIT {

  @RegisterExtension static final FakeTelegram telegram = FakeTelegram.start();
  RegisteredBot bot;

  @BeforeEach
  void registerBot() {
    bot = Bots.webhookBot(telegram);
  }

  @Test
  void aChatsLaterUpdatesWaitForItsFailedOneWhileOtherChatsGoOn() {
    long chat = 6001;
    JsonObject broken = TelegramUpdates.unapplicablePrivateText(1, chat, "Ann", 10);
    assertThat(Bots.deliver(bot, broken)).isEqualTo(200);
    assertThat(Bots.deliver(bot, privateText(2, chat, "Ann", 11, "second"))).isEqualTo(200);
    assertThat(Bots.deliver(bot, privateText(3, 6002, "Bob", 12, "another chat"))).isEqualTo(200);

    // Another chat goes on; the chat of the failed update waits for it.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> updates().get(3L).getString("state"), "processed"::equals);
    Map<Long, JsonObject> meanwhile = updates();
    if (meanwhile.get(1L).containsKey("nextAttemptAt")) {
      JsonObject waiting = meanwhile.get(2L);
      assertThat(waiting.getString("state")).as(waiting.toString()).isEqualTo("waiting");
      assertThat(waiting.getInt("attempts")).isZero();
      assertThat(waiting.getString("lastError")).contains("waits for update 1 of the same chat");
      // The admin cannot retry the waiting one; the refusal names the failed one to retry.
      var refused =
          TgDeskApi.asAdmin()
              .post(
                  "/api/admin/updates/" + waiting.getJsonNumber("id").longValue() + "/retry", null);
      assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
      String detail = refused.json().getString("detail");
      // Unless the failed update was given up in between (its last attempt) and the chat went on.
      if (detail.contains("is waiting") && updates().get(1L).containsKey("nextAttemptAt")) {
        assertThat(detail)
            .contains(
                "POST /api/admin/updates/"
                    + meanwhile.get(1L).getJsonNumber("id").longValue()
                    + "/retry");
      }
    }

    // Once the failed update's attempts are spent (three on the test server), the chat goes on.
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> updates().get(2L).getString("state"), "processed"::equals);
    Map<Long, JsonObject> after = updates();
    JsonObject failed = after.get(1L);
    assertThat(failed.getString("state")).isEqualTo("failed");
    assertThat(failed.getInt("attempts")).isEqualTo(3);
    assertThat(failed.containsKey("nextAttemptAt")).isFalse();
    Instant givenUp = Instant.parse(failed.getString("processedAt"));
    Instant second = Instant.parse(after.get(2L).getString("processedAt"));
    Instant otherChat = Instant.parse(after.get(3L).getString("processedAt"));
    assertThat(second).as("the chat's later update after its failed one").isAfterOrEqualTo(givenUp);
    assertThat(otherChat).as("another chat without waiting").isBefore(givenUp);
    var tickets = Tickets.awaitTickets(bot.id(), t -> t.size() == 2);
    assertThat(tickets)
        .anySatisfy(
            t ->
                assertThat(Tickets.messages(Tickets.get(t.getJsonNumber("id").longValue())))
                    .extracting(m -> m.getString("text"))
                    .containsExactly("second"));
  }

  @Test
  void aForumTopicsLaterUpdatesWaitForItsFailedOneWhileTheForumsOtherTopicsGoOn() {
    long group = -1_009_000_000_001L;
    Bots.topicGroup(telegram, bot, group, "Team");
    assertThat(Bots.deliver(bot, topicCreated(1, group, 7001, "Ann", 10, "Ann's order")))
        .isEqualTo(200);
    assertThat(Bots.deliver(bot, topicCreated(2, group, 7002, "Bob", 20, "Bob's order")))
        .isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> updates().get(2L).getString("state"), "processed"::equals);

    JsonObject broken = TelegramUpdates.unapplicableTopicText(3, group, 7001, "Ann", 10, 11);
    assertThat(Bots.deliver(bot, broken)).isEqualTo(200);
    assertThat(Bots.deliver(bot, topicText(4, group, 7001, "Ann", 10, 12, "a second")))
        .isEqualTo(200);
    assertThat(Bots.deliver(bot, topicText(5, group, 7002, "Bob", 20, 21, "meanwhile")))
        .isEqualTo(200);

    // The other topic goes on; the topic of the failed update waits for it.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> updates().get(5L).getString("state"), "processed"::equals);
    Map<Long, JsonObject> meanwhile = updates();
    if (meanwhile.get(3L).containsKey("nextAttemptAt")) {
      JsonObject waiting = meanwhile.get(4L);
      assertThat(waiting.getString("state")).as(waiting.toString()).isEqualTo("waiting");
      assertThat(waiting.getString("lastError")).contains("waits for update 3 of the same topic");
    }

    // Once the failed update's attempts are spent (three on the test server), the topic goes on.
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> updates().get(4L).getString("state"), "processed"::equals);
    Map<Long, JsonObject> after = updates();
    Instant givenUp = Instant.parse(after.get(3L).getString("processedAt"));
    assertThat(after.get(3L).getString("state")).isEqualTo("failed");
    assertThat(Instant.parse(after.get(4L).getString("processedAt")))
        .as("the topic's later update after its failed one")
        .isAfterOrEqualTo(givenUp);
    assertThat(Instant.parse(after.get(5L).getString("processedAt")))
        .as("another topic of the same forum without waiting")
        .isBefore(givenUp);
  }

  @Test
  void theRefusedRetryOfAWaitingTopicUpdateNamesTheFailedUpdateOfItsOwnTopic() {
    long group = -1_009_000_000_002L;
    Bots.topicGroup(telegram, bot, group, "Team");
    Bots.deliver(bot, topicCreated(1, group, 7001, "Ann", 10, "Ann's order"));
    Bots.deliver(bot, topicCreated(2, group, 7002, "Bob", 20, "Bob's order"));
    Bots.deliver(bot, TelegramUpdates.unapplicableTopicText(3, group, 7001, "Ann", 10, 11));
    Bots.deliver(bot, TelegramUpdates.unapplicableTopicText(4, group, 7002, "Bob", 20, 21));
    Bots.deliver(bot, topicText(5, group, 7001, "Ann", 10, 12, "Ann again"));
    Bots.deliver(bot, topicText(6, group, 7002, "Bob", 20, 22, "Bob again"));

    Map<Long, JsonObject> waiting =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                this::updates,
                u ->
                    "waiting".equals(u.get(6L).getString("state"))
                        && "failed".equals(u.get(4L).getString("state")));
    assertThat(waiting.get(6L).getString("lastError"))
        .contains("waits for update 4 of the same topic (20)");
    var refused =
        TgDeskApi.asAdmin()
            .post("/api/admin/updates/" + waiting.get(6L).getJsonNumber("id") + "/retry", null);

    assertThat(refused.status()).isEqualTo(409);
    if (updates().get(4L).containsKey("nextAttemptAt")) {
      assertThat(refused.json().getString("detail"))
          .contains("POST /api/admin/updates/" + waiting.get(4L).getJsonNumber("id") + "/retry")
          .doesNotContain("/api/admin/updates/" + waiting.get(3L).getJsonNumber("id") + "/");
    }
  }

  /** The bot's stored updates by update_id, as the admin sees them, in one listing. */
  private Map<Long, JsonObject> updates() {
    var reply = TgDeskApi.asAdmin().get("/api/admin/updates?botId=" + bot.id());
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    Map<Long, JsonObject> byUpdateId = new java.util.HashMap<>();
    for (JsonObject u : reply.json().getJsonArray("items").getValuesAs(JsonObject.class)) {
      byUpdateId.put(u.getJsonNumber("updateId").longValue(), u);
    }
    return byUpdateId;
  }
}
