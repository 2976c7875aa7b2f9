package io.tgdesk.telegram.outbound;

import static io.tgdesk.testing.TelegramUpdates.privateText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tgdesk.telegram.outbound.throttle.Limits;
import io.tgdesk.testing.Bots;
import io.tgdesk.testing.Bots.RegisteredBot;
import io.tgdesk.testing.FakeTelegram;
import io.tgdesk.testing.FakeTelegram.Call;
import io.tgdesk.testing.FakeTelegram.Delivered;
import io.tgdesk.testing.Outboxes;
import io.tgdesk.testing.Outboxes.Msg;
import io.tgdesk.testing.RestartScenario;
import io.tgdesk.testing.TgDeskApi;
import io.tgdesk.testing.Tickets;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The server is killed (-9) in the middle of delivery and started again. The restart rule is
 * checked against the fake Bot API's own log, for both lane policies at once: bulk sends whose
 * request was written and never answered become UNCERTAIN and are not sent again unless an admin
 * retries them; agent replies and notices in the same situation are sent again on their own
 * (nothing of them is missing; the duplicates are exactly the calls in flight at the crash) and the
 * ticket says so; an edit left in flight goes out again on its own; everything else is delivered
 * once, in order per chat.
 */
public final class DeliveryRestartScenario implements RestartScenario {

  private static final long FIRST = 12_001;
  private static final long SECOND = 12_002;
  private static final long THIRD = 12_003;
  private static final long CUSTOMER = 12_200;

  /** The calls a bot with Telegram's default limits keeps in flight at most. */
  static final int CAP = BotDelivery.maxInFlight(Limits.telegramDefaults());

  private final FakeTelegram telegram;
  private RegisteredBot bot;
  private RegisteredBot resending;
  private long ticket;
  private long replyId;
  private long firstMessageId;
  private List<Msg> batch;
  private Set<String> inFlightAtTheCrash;
  private long edit;
  private long booked;

  public DeliveryRestartScenario(FakeTelegram telegram) {
    this.telegram = telegram;
  }

  @Override
  public void beforeCrash() {
    bot = Bots.webhookBot(telegram);
    // A second bot whose agent reply and notices are on their way at the crash: their lanes
    // resend (the default), the bulk lane of the first bot holds (the default).
    resending = Bots.webhookBot(telegram);
    Bots.deliver(resending, privateText(1, CUSTOMER, "Ann", 1000, "Where is my parcel?"));
    ticket =
        Tickets.awaitTickets(resending.id(), t -> t.size() == 1)
            .get(0)
            .getJsonNumber("id")
            .longValue();
    List<Long> before =
        Outboxes.send(bot.id(), "notice", List.of(new Msg(FIRST, "a1"), new Msg(SECOND, "b1")));
    firstMessageId =
        Outboxes.awaitSettled(before, Duration.ofSeconds(60))
            .get(0)
            .getJsonNumber("telegramMessageId")
            .longValue();

    // From now on Telegram takes every send and never answers: the engine fills its in-flight
    // slots and waits; behind them stay the chats' next messages and the one-offs over the cap.
    telegram.swallowAnswers(bot.token(), true);
    batch = new ArrayList<>();
    batch.add(new Msg(FIRST, "a2"));
    batch.add(new Msg(SECOND, "b2"));
    batch.add(new Msg(FIRST, "a3"));
    batch.add(new Msg(SECOND, "b3"));
    batch.add(new Msg(FIRST, "a4"));
    for (int i = 0; i < CAP + 4; i++) {
      batch.add(new Msg(12_100 + i, "one-off " + i));
    }
    Outboxes.send(bot.id(), "bulk", batch);
    telegram.swallowAnswers(resending.token(), true);
    var posted =
        TgDeskApi.asAgent()
            .post(
                "/api/tickets/" + ticket + "/replies",
                Json.createObjectBuilder().add("text", "It left the warehouse today.").build());
    assertThat(posted.status()).as(posted.toString()).isEqualTo(201);
    replyId = posted.json().getJsonNumber("id").longValue();
    Outboxes.send(
        resending.id(),
        "notice",
        List.of(new Msg(12_301, "notice 1"), new Msg(12_302, "notice 2"), new Msg(12_303, "n3")));
    // The cap is reached: nothing more is claimed, and nothing in flight comes back.
    inFlightAtTheCrash =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    Outboxes.entriesOf(bot.id()).stream()
                        .filter(e -> e.getString("state").equals("in_flight"))
                        .map(DeliveryRestartScenario::textOf)
                        .collect(Collectors.toSet()),
                texts -> texts.size() == CAP);
    await().atMost(Duration.ofSeconds(60)).until(() -> swallowed(bot).size() == CAP);
    await().atMost(Duration.ofSeconds(60)).until(() -> swallowed(resending).size() == 4);
  }

  @Override
  public void whileDown(Connection db) throws Exception {
    // The server that made the swallowed calls is gone; Telegram answers again.
    telegram.swallowAnswers(bot.token(), false);
    telegram.swallowAnswers(resending.token(), false);
    // An edit of a1 in flight at the crash too (written as the engine claims it): repeating an
    // edit shows nothing twice, so the restart rule sends it again.
    // And a send claimed for a slot it never reached (booked ahead, no departure mark): it goes
    // back to PENDING and out once, not UNCERTAIN.
    edit =
        insertInFlight(
            db,
            bot.id(),
            "editMessageText",
            FIRST,
            Json.createObjectBuilder()
                .add("chat_id", FIRST)
                .add("message_id", firstMessageId)
                .add("text", "a1, corrected"),
            true);
    booked =
        insertInFlight(
            db,
            bot.id(),
            "sendMessage",
            THIRD,
            Json.createObjectBuilder().add("chat_id", THIRD).add("text", "booked, never left"),
            false);
  }

  @Override
  public void afterRestart() {
    List<JsonObject> entries = Outboxes.awaitBotSettled(bot.id(), Duration.ofSeconds(120));
    Set<String> unanswered =
        swallowed(bot).stream().map(c -> c.params().getString("text")).collect(Collectors.toSet());
    assertThat(unanswered).isEqualTo(inFlightAtTheCrash);
    // UNCERTAIN exactly for the sends that were written and not answered; everything else sent,
    // the edit too.
    for (JsonObject e : entries) {
      boolean wasUnanswered =
          e.getJsonNumber("id").longValue() != edit && unanswered.contains(textOf(e));
      assertThat(e.getString("state"))
          .as(e.toString())
          .isEqualTo(wasUnanswered ? "uncertain" : "sent");
    }
    assertThat(entries.stream().filter(e -> e.getString("state").equals("uncertain")))
        .allMatch(e -> e.getString("lastError").contains("may have been delivered"));
    // Each message once (the unanswered ones were delivered before the crash), in order per chat.
    List<Delivered> delivered = telegram.delivered(bot.token());
    List<String> sentTexts =
        delivered.stream()
            .filter(d -> d.method().equals("sendMessage"))
            .map(Delivered::text)
            .toList();
    assertThat(sentTexts).doesNotHaveDuplicates().hasSize(3 + batch.size());
    assertThat(textsTo(delivered, THIRD)).containsExactly("booked, never left");
    assertThat(entries)
        .filteredOn(e -> e.getJsonNumber("id").longValue() == booked)
        .singleElement()
        .satisfies(e -> assertThat(e.getInt("attempts")).as(e.toString()).isEqualTo(1));
    assertThat(textsTo(delivered, FIRST)).containsExactly("a1", "a2", "a3", "a4");
    assertThat(textsTo(delivered, SECOND)).containsExactly("b1", "b2", "b3");
    assertThat(delivered)
        .filteredOn(d -> d.method().equals("editMessageText"))
        .extracting(Delivered::messageId, Delivered::text)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(firstMessageId, "a1, corrected"));

    // An admin retries the uncertain ones: they are sent again, and only they are duplicates.
    List<Long> uncertain =
        entries.stream()
            .filter(e -> e.getString("state").equals("uncertain"))
            .map(e -> e.getJsonNumber("id").longValue())
            .toList();
    for (long id : uncertain) {
      var reply = TgDeskApi.asAdmin().post("/api/admin/outbox/" + id + "/retry", null);
      assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    }
    assertThat(Outboxes.awaitSettled(uncertain, Duration.ofSeconds(60)))
        .allMatch(e -> e.getString("state").equals("sent"));
    List<String> afterRetry =
        telegram.delivered(bot.token()).stream()
            .filter(d -> d.method().equals("sendMessage"))
            .map(Delivered::text)
            .toList();
    Map<String, Long> times =
        afterRetry.stream().collect(Collectors.groupingBy(t -> t, Collectors.counting()));
    times.forEach(
        (text, n) -> assertThat(n).as(text).isEqualTo(unanswered.contains(text) ? 2L : 1L));
    assertThat(telegram.penaltyEscalations(bot.token())).isZero();

    // The resending lanes: every message arrived, those in flight at the crash twice, the rest
    // once; their entries are sent and say they were sent again.
    List<JsonObject> resent = Outboxes.awaitBotSettled(resending.id(), Duration.ofSeconds(60));
    Set<String> inFlight =
        swallowed(resending).stream()
            .map(c -> c.params().getString("text"))
            .collect(Collectors.toSet());
    assertThat(inFlight)
        .containsExactlyInAnyOrder("It left the warehouse today.", "notice 1", "notice 2", "n3");
    assertThat(resent).allMatch(e -> e.getString("state").equals("sent"), "all sent");
    assertThat(resent)
        .filteredOn(e -> inFlight.contains(textOf(e)))
        .hasSize(4)
        .allMatch(e -> "resent".equals(e.getString("serverFailureOutcome", null)), "resent");
    Map<String, Long> deliveredTimes =
        telegram.delivered(resending.token()).stream()
            .filter(d -> d.method().equals("sendMessage"))
            .collect(Collectors.groupingBy(Delivered::text, Collectors.counting()));
    assertThat(deliveredTimes)
        .containsEntry("It left the warehouse today.", 2L)
        .containsEntry("notice 1", 2L)
        .containsEntry("notice 2", 2L)
        .containsEntry("n3", 2L);
    JsonObject message =
        Tickets.messages(Tickets.get(ticket)).stream()
            .filter(m -> m.getJsonNumber("id").longValue() == replyId)
            .findFirst()
            .orElseThrow();
    assertThat(message.getJsonObject("delivery").getString("state")).isEqualTo("sent");
    assertThat(message.getJsonObject("delivery").getBoolean("resentAfterServerFailure")).isTrue();
    assertThat(message.getJsonObject("delivery").getString("note"))
        .isEqualTo("sent again after a server failure");
    // The cause report counts both outcomes.
    JsonObject heldFigures =
        TgDeskApi.asAdmin()
            .get("/api/admin/diagnostics/report?botId=" + bot.id())
            .json()
            .getJsonObject("figures")
            .getJsonObject("sendsInDoubtAfterServerFailure");
    JsonObject resentFigures =
        TgDeskApi.asAdmin()
            .get("/api/admin/diagnostics/report?botId=" + resending.id())
            .json()
            .getJsonObject("figures")
            .getJsonObject("sendsInDoubtAfterServerFailure");
    assertThat(heldFigures.getJsonNumber("held").longValue()).isEqualTo(unanswered.size());
    assertThat(resentFigures.getJsonNumber("resent").longValue()).isEqualTo(4);
  }

  private List<Call> swallowed(RegisteredBot bot) {
    return telegram.calls(bot.token(), "sendMessage").stream()
        .filter(c -> c.status() == 0)
        .toList();
  }

  private static List<String> textsTo(List<Delivered> delivered, long chat) {
    return delivered.stream()
        .filter(d -> d.chatId() == chat && d.method().equals("sendMessage"))
        .map(Delivered::text)
        .toList();
  }

  private static String textOf(JsonObject entry) {
    try (var reader = Json.createReader(new java.io.StringReader(entry.getString("params")))) {
      return reader.readObject().getString("text", "");
    }
  }

  /**
   * An entry as a dead server leaves it: claimed, IN_FLIGHT, with its call on its way ({@code
   * departed}) or still waiting for its booked slot.
   */
  private static long insertInFlight(
      Connection db,
      long botId,
      String method,
      long chatId,
      jakarta.json.JsonObjectBuilder params,
      boolean departed)
      throws Exception {
    Timestamp now = Timestamp.from(Instant.now());
    try (PreparedStatement ps =
        db.prepareStatement(
            "insert into outbox_entry (bot_id, bot_method, params, chat_id, thread_key, lane,"
                + " category, paid, state, attempts, next_attempt_at, claimed_by, claimed_at,"
                + " departed_at, created_at, updated_at, version)"
                + " values (?, ?, ?, ?, 0, 1, 'notice', false, 'IN_FLIGHT', 1,"
                + " ?, 'a-dead-server', ?, ?, ?, ?, 0)",
            PreparedStatement.RETURN_GENERATED_KEYS)) {
      ps.setLong(1, botId);
      ps.setString(2, method);
      ps.setString(3, params.build().toString());
      ps.setLong(4, chatId);
      ps.setTimestamp(5, now);
      ps.setTimestamp(6, now);
      ps.setTimestamp(7, departed ? now : null);
      ps.setTimestamp(8, now);
      ps.setTimestamp(9, now);
      ps.executeUpdate();
      try (var keys = ps.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    }
  }
}
