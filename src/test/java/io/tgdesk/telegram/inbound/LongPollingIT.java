package io.tgdesk.telegram.inbound;

import static io.tgdesk.testing.TelegramUpdates.privateText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tgdesk.testing.Bots;
import io.tgdesk.testing.Bots.RegisteredBot;
import io.tgdesk.testing.DependsOnDatabase;
import io.tgdesk.testing.FakeTelegram;
import io.tgdesk.testing.TelegramUpdates;
import io.tgdesk.testing.TgDeskApi;
import io.tgdesk.testing.Tickets;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Polling bots: getUpdates with offset = last + 1, the same store-then-process path, 409 with
 * back-off.
 *
 * <p>It runs beside the other classes: it mostly waits on back-offs, with bots of its own.
 */
@Execution(ExecutionMode.CONCURRENT)
class LongPollingIT {

  @RegisterExtension static final FakeTelegram telegram = FakeTelegram.start();
  RegisteredBot bot;

  @AfterEach
  void stopPolling() {
    if (bot != null) {
      TgDeskApi.asAdmin().delete("/api/admin/bots/" + bot.id());
    }
  }

  @Test
  void polledUpdatesBecomeTicketsAndTheOffsetConfirmsThem() {
    bot = Bots.pollingBot(telegram);
    telegram.enqueueUpdate(bot.token(), privateText(41, 6001, "Ann", 1, "via polling"));
    telegram.enqueueUpdate(bot.token(), privateText(42, 6001, "Ann", 2, "second"));

    long ticket =
        Tickets.awaitTickets(bot.id(), t -> t.size() == 1).get(0).getJsonNumber("id").longValue();
    JsonObject detail = Tickets.awaitTicket(ticket, t -> Tickets.messages(t).size() == 2);
    assertThat(Tickets.messages(detail))
        .extracting(m -> m.getString("text"))
        .containsExactly("via polling", "second");

    awaitGetUpdatesFrom(43);
    JsonObject polling =
        TgDeskApi.asAdmin().get("/api/admin/bots/" + bot.id()).json().getJsonObject("polling");
    assertThat(polling.getString("status")).isEqualTo("OK");
    assertThat(polling.getJsonNumber("lastUpdateId").longValue()).isEqualTo(42);
  }

  @Test
  @DependsOnDatabase
  void anUpdateThatArrivesByWebhookAndByPollingIsStoredOnce() {
    bot = Bots.pollingBot(telegram);
    // The same update reaches us twice, by two paths (e.g. a webhook delivery still in flight while
    // an admin switched the bot to polling): both go through one store, keyed on (bot, update_id).
    assertThat(Bots.deliver(bot, privateText(77, 6002, "Ben", 5, "once"))).isEqualTo(200);
    long ticket =
        Tickets.awaitTickets(bot.id(), t -> t.size() == 1).get(0).getJsonNumber("id").longValue();
    telegram.enqueueUpdate(bot.token(), privateText(77, 6002, "Ben", 5, "once"));
    telegram.enqueueUpdate(bot.token(), privateText(78, 6002, "Ben", 6, "then this"));

    Tickets.awaitTicket(ticket, t -> Tickets.messages(t).size() >= 2);
    awaitGetUpdatesFrom(79);
    assertThat(Tickets.messages(Tickets.get(ticket)))
        .extracting(m -> m.getString("text"))
        .containsExactly("once", "then this");
    assertThat(
            TgDeskApi.asAdmin()
                .get("/api/admin/updates?botId=" + bot.id())
                .json()
                .getJsonNumber("total")
                .longValue())
        .isEqualTo(2);
  }

  @Test
  void conflict409IsShownOnTheBotAndRetriedWithBackOffNotInATightLoop() {
    bot = Bots.pollingBot(telegram);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> telegram.count(bot.token(), "getUpdates") > 0);
    telegram.forceConflict(bot.token(), true);

    JsonObject polling =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () ->
                    TgDeskApi.asAdmin()
                        .get("/api/admin/bots/" + bot.id())
                        .json()
                        .getJsonObject("polling"),
                p -> "CONFLICT".equals(p.getString("status", null)));
    assertThat(polling.getString("lastError")).contains("409").contains("Conflict");

    int before = telegram.count(bot.token(), "getUpdates");
    // 1 s, 2 s, 4 s ... with jitter: at most a handful of calls in 6 s, never a tight loop.
    await("no more than 5 getUpdates calls in 6 s of conflict")
        .during(Duration.ofSeconds(6))
        .atMost(Duration.ofSeconds(7))
        .until(() -> telegram.count(bot.token(), "getUpdates") - before <= 5);
    assertThat(telegram.count(bot.token(), "getUpdates") - before).isPositive();
    assertThat(
            TgDeskApi.asAdmin()
                .get("/api/admin/bots/" + bot.id())
                .json()
                .getJsonObject("polling")
                .getInt("consecutiveFailures"))
        .isGreaterThanOrEqualTo(2);

    telegram.forceConflict(bot.token(), false);
    telegram.enqueueUpdate(bot.token(), privateText(5, 6003, "Cleo", 1, "after the conflict"));
    List<JsonObject> tickets = Tickets.awaitTickets(bot.id(), t -> t.size() == 1);
    assertThat(tickets).hasSize(1);
    assertThat(
            TgDeskApi.asAdmin()
                .get("/api/admin/bots/" + bot.id())
                .json()
                .getJsonObject("polling")
                .getString("status"))
        .isEqualTo("OK");
  }

  @Test
  void aWebhookBotDoesNotPoll() {
    bot = Bots.webhookBot(telegram);
    await("no getUpdates call from a webhook bot")
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(3))
        .until(() -> telegram.count(bot.token(), "getUpdates") == 0);
    // switching it to polling starts the poller
    TgDeskApi.asAdmin()
        .patch(
            "/api/admin/bots/" + bot.id(),
            Json.createObjectBuilder()
                .add("mode", "polling")
                .add("pollTimeoutSeconds", 1)
                .add("pollIntervalSeconds", 0)
                .build());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> telegram.count(bot.token(), "getUpdates") > 0);
  }

  @Test
  void updatesPolledTogetherAreEachAppliedOnceInTheirChatsOrderAndOnlyTheBrokenOneFails() {
    // 30 updates of three chats in one getUpdates answer: processing finds them due together and
    // applies several in one transaction. The 13th (chat 6302) cannot be applied.
    List<JsonObject> waiting = new ArrayList<>();
    for (int u = 1; u <= 30; u++) {
      long chat = 6301 + u % 3;
      waiting.add(
          u == 13
              ? TelegramUpdates.unapplicablePrivateText(u, chat, "Bea", u)
              : privateText(u, chat, "Bea", u, "m" + u));
    }
    bot = Bots.pollingBotWithWaitingUpdates(telegram, waiting);

    // The other chats are applied whole, each message once and in order.
    for (long chat : List.of(6301L, 6303L)) {
      List<String> expected = new ArrayList<>();
      for (int u = 1; u <= 30; u++) {
        if (6301 + u % 3 == chat) {
          expected.add("m" + u);
        }
      }
      assertThat(awaitTexts(chat, expected.size())).containsExactlyElementsOf(expected);
    }
    // The broken update's chat: what came before it, then (once its attempts are spent, three on
    // the test server) what came after it, still in order.
    assertThat(awaitTexts(6302, 9))
        .containsExactly("m1", "m4", "m7", "m10", "m16", "m19", "m22", "m25", "m28");
    JsonObject broken =
        TgDeskApi.asAdmin()
            .get("/api/admin/updates?botId=" + bot.id() + "&size=100")
            .json()
            .getJsonArray("items")
            .getValuesAs(JsonObject.class)
            .stream()
            .filter(u -> u.getJsonNumber("updateId").longValue() == 13)
            .findFirst()
            .orElseThrow();
    assertThat(broken.getString("state")).isEqualTo("failed");
    // Given up after the test server's three attempts (that a group it spoiled counts no attempt
    // of its own is OrderedDrainTest's).
    assertThat(broken.getInt("attempts")).isEqualTo(3);
  }

  /** The texts of the ticket of the bot's private chat, once it has {@code count} messages. */
  private List<String> awaitTexts(long chat, int count) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                Tickets.ofBot(bot.id()).stream()
                    .filter(t -> t.getJsonNumber("chatId").longValue() == chat)
                    .findFirst()
                    .map(t -> Tickets.messages(Tickets.get(t.getJsonNumber("id").longValue())))
                    .map(ms -> ms.stream().map(m -> m.getString("text")).toList())
                    .orElse(List.of()),
            texts -> texts.size() >= count);
  }

  /** Waits until TgDesk asks Telegram for updates from this offset (confirming all before it). */
  private void awaitGetUpdatesFrom(long offset) {
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                telegram.calls(bot.token(), "getUpdates").stream()
                    .map(c -> c.params().getJsonNumber("offset"))
                    .anyMatch(o -> o != null && o.longValue() == offset));
  }
}
