package io.tgdesk.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tgdesk.testing.Bots;
import io.tgdesk.testing.Bots.RegisteredBot;
import io.tgdesk.testing.DependsOnDatabase;
import io.tgdesk.testing.FakeTelegram;
import io.tgdesk.testing.FakeTelegram.Delivered;
import io.tgdesk.testing.TgDeskApi;
import io.tgdesk.testing.TgDeskApi.Reply;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * POST /api/admin/messages with an {@code Idempotency-Key}: a client that timed out and sends the
 * same request again gets the first answer, and nothing is sent twice; and a large request keeps
 * each chat's order although it is written in batches.
 */
// Beside the other classes (its own fake Bot API, bots and shops); its methods one after another.
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("RetriedSendRequestsIT")
class RetriedSendRequestsIT {

  @RegisterExtension static final FakeTelegram telegram = FakeTelegram.start();
  RegisteredBot bot;

  @BeforeEach
  void registerBot() {
    telegram.setLimits(FakeTelegram.Limits.telegramDefaults());
    bot = Bots.webhookBot(telegram);
  }

  @Test
  void theSameRequestWithTheSameKeyIsAnsweredAgainAndSentOnce() {
    String body = request(bot.id(), 900_100, 3, "once");
    String key = UUID.randomUUID().toString();

    Reply first = post(body, key);
    Reply again = post(body, key);

    assertThat(first.status()).as(first.toString()).isEqualTo(202);
    assertThat(again.status()).as(again.toString()).isEqualTo(202);
    assertThat(again.body()).isEqualTo(first.body());
    await().atMost(Duration.ofSeconds(20)).until(() -> telegram.delivered(bot.token()).size() >= 3);
    // A moment more, for a second copy to show if there were one.
    await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
    assertThat(telegram.delivered(bot.token())).hasSize(3);
    assertThat(ids(first)).hasSize(3).doesNotHaveDuplicates();
  }

  @Test
  @DependsOnDatabase
  void theSameRequestSentSixTimesAtOnceIsSentOnceAndEveryoneGetsTheSameAnswer() throws Exception {
    String body = request(bot.id(), 900_200, 60, "race");
    String key = UUID.randomUUID().toString();
    ExecutorService clients = Executors.newFixedThreadPool(6);
    List<Future<Reply>> replies = new ArrayList<>();
    try {
      for (int i = 0; i < 6; i++) {
        replies.add(clients.submit(() -> post(body, key)));
      }
      List<String> bodies = new ArrayList<>();
      for (Future<Reply> r : replies) {
        Reply reply = r.get();
        assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
        bodies.add(reply.body());
      }
      assertThat(bodies).containsOnly(bodies.get(0));
    } finally {
      clients.shutdownNow();
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> telegram.delivered(bot.token()).size() >= 60);
    await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
    assertThat(telegram.delivered(bot.token())).hasSize(60);
  }

  @Test
  void theSameKeyWithAnotherRequestIs422AndSendsNothingMore() {
    String key = UUID.randomUUID().toString();
    assertThat(post(request(bot.id(), 900_300, 1, "first"), key).status()).isEqualTo(202);

    Reply other = post(request(bot.id(), 900_300, 1, "second"), key);

    assertThat(other.status()).isEqualTo(422);
    assertThat(other.contentType()).startsWith("application/problem+json");
    assertThat(other.body()).contains("Idempotency-Key").contains("another request");
    // The first is delivered (on a loaded machine that may take more than a moment), and nothing
    // of the second follows it.
    await().atMost(Duration.ofSeconds(30)).until(() -> !telegram.delivered(bot.token()).isEmpty());
    await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
    assertThat(telegram.delivered(bot.token()))
        .extracting(Delivered::text)
        .containsExactly("first 0");
  }

  @Test
  void aMalformedKeyIs400NamingTheHeader() {
    for (String key : List.of("has space", "x".repeat(201))) {
      Reply reply = post(request(bot.id(), 900_400, 1, "k"), key);

      assertThat(reply.status()).as(key).isEqualTo(400);
      assertThat(reply.body()).contains("Idempotency-Key");
    }
    assertThat(telegram.delivered(bot.token())).isEmpty();
  }

  @Test
  @DependsOnDatabase
  void aLargeRequestKeepsEachChatsOrderAndAnswersIdsInRequestOrder() {
    // 600 messages (more than one batch of 500): 40 chats get 5 messages each, spread through the
    // request among one-offs.
    JsonArrayBuilder messages = Json.createArrayBuilder();
    int oneOff = 0;
    for (int round = 0; round < 5; round++) {
      for (int chat = 0; chat < 40; chat++) {
        messages.add(message(910_000 + chat, "c" + chat + " #" + round));
        for (int k = 0; k < 2; k++) {
          messages.add(message(920_000 + oneOff, "one-off " + oneOff++));
        }
      }
    }
    String body =
        Json.createObjectBuilder()
            .add("botId", bot.id())
            .add("lane", "bulk")
            .add("messages", messages)
            .build()
            .toString();

    // As a client should: a 409 (the large transaction met a busy neighbour's locks, and nothing
    // of it was saved) is sent again under the same key.
    String key = "large-" + java.util.UUID.randomUUID();
    Reply reply = post(body, key);
    for (int retry = 0; retry < 3 && reply.status() == 409; retry++) {
      reply = post(body, key);
    }

    assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
    List<Long> ids = ids(reply);
    assertThat(ids).hasSize(600).doesNotHaveDuplicates();
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> telegram.delivered(bot.token()).size() >= 600);
    List<Delivered> delivered = telegram.delivered(bot.token());
    assertThat(delivered).hasSize(600);
    for (int chat = 0; chat < 40; chat++) {
      long chatId = 910_000 + chat;
      String prefix = "c" + chat + " #";
      assertThat(delivered.stream().filter(d -> d.chatId() == chatId).map(Delivered::text))
          .as("chat %d", chatId)
          .containsExactly(prefix + 0, prefix + 1, prefix + 2, prefix + 3, prefix + 4);
    }
    assertThat(telegram.tooManyRequests(bot.token())).isZero();
  }

  private static JsonObject message(long chatId, String text) {
    return Json.createObjectBuilder().add("chatId", chatId).add("text", text).build();
  }

  private static String request(long botId, long firstChat, int n, String text) {
    JsonArrayBuilder messages = Json.createArrayBuilder();
    for (int i = 0; i < n; i++) {
      messages.add(message(firstChat + i, text + " " + i));
    }
    return Json.createObjectBuilder()
        .add("botId", botId)
        .add("lane", "bulk")
        .add("messages", messages)
        .build()
        .toString();
  }

  private static Reply post(String body, String key) {
    Map<String, String> headers =
        key == null
            ? Map.of("Content-Type", "application/json")
            : Map.of("Content-Type", "application/json", "Idempotency-Key", key);
    return TgDeskApi.asAdmin().send("POST", "/api/admin/messages", body, headers);
  }

  private static List<Long> ids(Reply reply) {
    return Json.createReader(new StringReader(reply.body()))
        .readObject()
        .getJsonArray("ids")
        .getValuesAs(jakarta.json.JsonNumber.class)
        .stream()
        .map(jakarta.json.JsonNumber::longValue)
        .toList();
  }
}
