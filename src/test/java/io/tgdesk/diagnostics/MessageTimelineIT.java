package io.tgdesk.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tgdesk.testing.Bots;
import io.tgdesk.testing.Bots.RegisteredBot;
import io.tgdesk.testing.FakeTelegram;
import io.tgdesk.testing.HostReceiver;
import io.tgdesk.testing.Outboxes;
import io.tgdesk.testing.Outboxes.Msg;
import io.tgdesk.testing.TelegramUpdates;
import io.tgdesk.testing.TgDeskApi;
import io.tgdesk.testing.Tickets;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Why did this message arrive late, or not at all: one message's timeline explains each second of
 * its delay, and a chat's messages of a range say what went out and what did not.
 */
class MessageTimelineIT {

  @RegisterExtension static final FakeTelegram telegram = FakeTelegram.start();
  @RegisterExtension static final HostReceiver host = HostReceiver.start();
  static final TgDeskApi admin = TgDeskApi.asAdmin();

  static JsonObject timeline(long entryId) {
    var reply = admin.get("/api/admin/diagnostics/messages/" + entryId);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    return reply.json();
  }

  /** Waits until the audit (written in batches) holds the entry's attempts. */
  static JsonObject awaitTimeline(long entryId, int attempts) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(300))
        .until(() -> timeline(entryId), t -> steps(t, "attempt").size() >= attempts);
  }

  static List<JsonObject> steps(JsonObject timeline, String kind) {
    return timeline.getJsonArray("steps").getValuesAs(JsonObject.class).stream()
        .filter(s -> s.getString("kind").equals(kind))
        .toList();
  }

  static long explainedMillis(JsonObject timeline) {
    return timeline.getJsonObject("summary").getJsonObject("millisByCause").values().stream()
        .mapToLong(v -> ((JsonNumber) v).longValue())
        .sum();
  }

  @Test
  void aSentMessageHasItsWholeTimelineAndEveryMillisecondOfItsDelayIsExplained() {
    RegisteredBot bot = Bots.webhookBot(telegram);
    long id = Outboxes.send(bot.id(), "notice", List.of(new Msg(9101, "hello"))).get(0);
    Outboxes.awaitSettled(List.of(id), Duration.ofSeconds(30));

    JsonObject t = awaitTimeline(id, 1);

    assertThat(t.getString("state")).isEqualTo("sent");
    assertThat(t.getJsonNumber("chatId").longValue()).isEqualTo(9101);
    var steps = t.getJsonArray("steps").getValuesAs(JsonObject.class);
    assertThat(steps.get(0).getString("kind")).isEqualTo("enqueued");
    assertThat(steps.get(steps.size() - 1).getString("kind")).isEqualTo("sent");
    assertThat(steps(t, "attempt").get(0).getString("text")).contains("sendMessage: ok");
    JsonObject summary = t.getJsonObject("summary");
    assertThat(explainedMillis(t)).isEqualTo(summary.getJsonNumber("delayMillis").longValue());
    assertThat(summary.getString("text")).startsWith("Sent ");
  }

  @Test
  void messagesToOneChatWaitBehindEachOtherAndTheLastNamesOrderAsItsCause() {
    RegisteredBot bot = Bots.webhookBot(telegram);
    List<Long> ids =
        Outboxes.send(
            bot.id(),
            "notice",
            IntStream.range(0, 4).mapToObj(i -> new Msg(9102, "m" + i)).toList());
    Outboxes.awaitSettled(ids, Duration.ofSeconds(60));

    JsonObject last = awaitTimeline(ids.get(3), 1);

    assertThat(last.getJsonObject("summary").getString("dominantCause")).isEqualTo("order");
    assertThat(steps(last, "order").get(0).getString("text"))
        .contains("behind 3 earlier messages to the same chat");
    assertThat(explainedMillis(last))
        .isEqualTo(last.getJsonObject("summary").getJsonNumber("delayMillis").longValue());

    var chat = admin.get("/api/admin/diagnostics/messages?chatId=9102&botId=" + bot.id());
    assertThat(chat.status()).as(chat.toString()).isEqualTo(200);
    assertThat(chat.json().getJsonNumber("sent").longValue()).isEqualTo(4);
    assertThat(chat.json().getJsonNumber("notSent").longValue()).isZero();
    assertThat(chat.json().getJsonArray("messages")).hasSize(4);
  }

  @Test
  void a429PausesTheMessageForRetryAfterAndTheTimelineSaysSo() {
    RegisteredBot bot = Bots.webhookBot(telegram);
    telegram.failNext(bot.token(), 1, 429, "Too Many Requests: retry after 3");
    long id = Outboxes.send(bot.id(), "notice", List.of(new Msg(9103, "late"))).get(0);
    Outboxes.awaitSettled(List.of(id), Duration.ofSeconds(30));

    JsonObject t = awaitTimeline(id, 2);

    JsonObject refused = steps(t, "attempt").get(0);
    assertThat(refused.getInt("errorCode")).isEqualTo(429);
    JsonObject pause = steps(t, "rate-limit-pause").get(0);
    assertThat(pause.getInt("retryAfter")).isEqualTo(3);
    // a 429 in a quiet chat: the engine paused the whole bot
    assertThat(pause.getString("scope")).isEqualTo("bot");
    assertThat(t.getJsonObject("summary").getString("dominantCause")).isEqualTo("rate-limit-pause");
    assertThat(
            t.getJsonObject("summary")
                .getJsonObject("millisByCause")
                .getJsonNumber("rate-limit-pause")
                .longValue())
        .isGreaterThanOrEqualTo(2500);
  }

  @Test
  void aCancelledMessageSaysWhoCancelledItAndCountsAsNotSent() {
    RegisteredBot bot = Bots.webhookBot(telegram);
    telegram.failNext(bot.token(), 1, 429, "Too Many Requests: retry after 30");
    List<Long> ids =
        Outboxes.send(bot.id(), "notice", List.of(new Msg(9104, "a"), new Msg(9104, "b")));
    await().atMost(Duration.ofSeconds(20)).until(() -> telegram.tooManyRequests(bot.token()) >= 1);
    var cancel = admin.post("/api/admin/outbox/" + ids.get(1) + "/cancel", null);
    assertThat(cancel.status()).as(cancel.toString()).isEqualTo(200);

    JsonObject t = timeline(ids.get(1));

    assertThat(t.getString("state")).isEqualTo("cancelled");
    var steps = t.getJsonArray("steps").getValuesAs(JsonObject.class);
    JsonObject end = steps.get(steps.size() - 1);
    assertThat(end.getString("kind")).isEqualTo("cancelled");
    assertThat(end.getString("text")).isEqualTo("Cancelled by an admin");
    // it waited behind the paused first message until it was cancelled
    assertThat(steps(t, "order")).hasSize(1);

    JsonObject first = timeline(ids.get(0));
    assertThat(first.containsKey("endedAt")).isFalse();
    assertThat(steps(first, "waiting")).hasSize(1);

    var chat = admin.get("/api/admin/diagnostics/messages?chatId=9104&botId=" + bot.id()).json();
    assertThat(chat.getJsonNumber("sent").longValue()).isZero();
    assertThat(chat.getJsonNumber("notSent").longValue()).isEqualTo(2);
    admin.post("/api/admin/outbox/" + ids.get(0) + "/cancel", null);
  }

  @Test
  void unknownIdsAnswer404AndBadParameters400() {
    var unknown = admin.get("/api/admin/diagnostics/messages/987654321");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.contentType()).startsWith("application/problem+json");
    assertThat(admin.get("/api/admin/diagnostics/messages/987654321?source=conversation").status())
        .isEqualTo(404);

    var notANumber = admin.get("/api/admin/diagnostics/messages/abc");
    assertThat(notANumber.status()).isEqualTo(400);
    assertThat(notANumber.body()).contains("id");
    var unknownEvent = admin.get("/api/admin/diagnostics/messages/987654321?source=host-event");
    assertThat(unknownEvent.status()).isEqualTo(404);
    assertThat(unknownEvent.contentType()).startsWith("application/problem+json");
    assertThat(unknownEvent.body()).contains("No host event with id 987654321");
    var badSource = admin.get("/api/admin/diagnostics/messages/1?source=ticket");
    assertThat(badSource.status()).isEqualTo(400);
    assertThat(badSource.body()).contains("source").contains("host-event");

    var noChat = admin.get("/api/admin/diagnostics/messages");
    assertThat(noChat.status()).isEqualTo(400);
    assertThat(noChat.body()).contains("chatId");
    var backwards =
        admin.get(
            "/api/admin/diagnostics/messages?chatId=1&from=2026-01-02T00:00:00Z"
                + "&to=2026-01-01T00:00:00Z");
    assertThat(backwards.status()).isEqualTo(400);
  }

  @Test
  void onlyAdminsReadMessageTimelines() {
    assertThat(TgDeskApi.asAgent().get("/api/admin/diagnostics/messages/1").status())
        .isEqualTo(403);
    assertThat(TgDeskApi.anonymous().get("/api/admin/diagnostics/messages?chatId=1").status())
        .isEqualTo(401);
  }

  /** The host events of a ticket, oldest first, by type (one endpoint: one row per event). */
  static Map<String, Long> hostEvents(long ticket) {
    var reply = admin.get("/api/admin/events?size=100&ticketId=" + ticket);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    Map<String, Long> out = new LinkedHashMap<>();
    reply.json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
        .sorted(Comparator.comparingLong(e -> e.getJsonNumber("id").longValue()))
        .forEach(e -> out.putIfAbsent(e.getString("type"), e.getJsonNumber("id").longValue()));
    return out;
  }

  static JsonObject hostEventTimeline(long hostEventId) {
    var reply = admin.get("/api/admin/diagnostics/messages/" + hostEventId + "?source=host-event");
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    return reply.json();
  }

  @Test
  void aHostEventAnswersTheTimelinesOfTheSendsItLedToWithTheirDominantCause() {
    RegisteredBot bot = Bots.webhookBot(telegram);
    var endpoint =
        admin.post(
            "/api/admin/event-endpoints",
            Json.createObjectBuilder().add("url", host.url()).build());
    assertThat(endpoint.status()).as(endpoint.toString()).isEqualTo(201);
    try {
      assertThat(Bots.deliver(bot, TelegramUpdates.privateText(1, 9105, "Ann", 1000, "help")))
          .isEqualTo(200);
      long ticket =
          Tickets.awaitTickets(bot.id(), t -> t.size() == 1).get(0).getJsonNumber("id").longValue();
      telegram.failNext(bot.token(), 1, 429, "Too Many Requests: retry after 2");
      var reply =
          TgDeskApi.asAgent()
              .post(
                  "/api/tickets/" + ticket + "/replies",
                  Json.createObjectBuilder().add("text", "On its way").build());
      assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
      Map<String, Long> events =
          await()
              .atMost(Duration.ofSeconds(30))
              .until(() -> hostEvents(ticket), e -> e.containsKey("message.sent"));

      // The customer's message led to the agent's reply, which a 429 held up.
      JsonObject received =
          await()
              .atMost(Duration.ofSeconds(30))
              .pollInterval(Duration.ofMillis(300))
              .until(
                  () -> hostEventTimeline(events.get("message.received")),
                  t ->
                      t.getJsonArray("messages").size() == 1
                          && steps(t.getJsonArray("messages").getJsonObject(0), "attempt").size()
                              >= 2);
      assertThat(received.getString("type")).isEqualTo("message.received");
      assertThat(received.getString("link")).isEqualTo("ticket-chat");
      assertThat(received.getJsonNumber("ticketId").longValue()).isEqualTo(ticket);
      JsonObject send = received.getJsonArray("messages").getJsonObject(0);
      assertThat(send.getString("category")).isEqualTo("agent-reply");
      assertThat(send.getString("state")).isEqualTo("sent");
      JsonObject summary = received.getJsonObject("summary");
      assertThat(summary.getString("dominantCause")).isEqualTo("rate-limit-pause");
      assertThat(summary.getString("text")).startsWith("1 message (1 sent)");

      // message.sent reports that same send.
      JsonObject sent = hostEventTimeline(events.get("message.sent"));
      assertThat(sent.getString("link")).isEqualTo("reported-message");
      assertThat(sent.getJsonArray("messages").getJsonObject(0).getJsonNumber("entryId"))
          .isEqualTo(send.getJsonNumber("entryId"));

      // Opening the ticket sent nothing: the customer's message is an event of its own.
      JsonObject created = hostEventTimeline(events.get("ticket.created"));
      assertThat(created.getInt("sends")).isZero();
      assertThat(created.getJsonObject("summary").getString("dominantCause")).isEqualTo("none");
    } finally {
      // Endpoints are global: left behind, they would get the events of later test classes.
      admin.delete("/api/admin/event-endpoints/" + endpoint.json().getJsonNumber("id"));
    }
  }
}
