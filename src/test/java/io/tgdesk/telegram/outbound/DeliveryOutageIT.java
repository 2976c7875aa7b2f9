package io.tgdesk.telegram.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tgdesk.testing.Bots;
import io.tgdesk.testing.Bots.RegisteredBot;
import io.tgdesk.testing.FakeTelegram;
import io.tgdesk.testing.FakeTelegram.Call;
import io.tgdesk.testing.FakeTelegram.Delivered;
import io.tgdesk.testing.Outboxes;
import io.tgdesk.testing.Outboxes.Msg;
import io.tgdesk.testing.TgDeskApi;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * A Bot API outage (every call answered 502) several times as long as the circuit breaker's delay:
 * nothing is lost, everything goes out after it in order, and the breaker keeps the calls made
 * meanwhile to a bound computed from the server's breaker settings, not from timings.
 *
 * <p>It runs beside the other classes: it mostly waits out the outage, with a bot of its own.
 */
@Execution(ExecutionMode.CONCURRENT)
class DeliveryOutageIT {

  @RegisterExtension static final FakeTelegram telegram = FakeTelegram.start();

  /** The server's effective setting, from the admin settings view. */
  private static int setting(String key) {
    return Integer.parseInt(TgDeskApi.asAdmin().get("/api/admin/settings").json().getString(key));
  }

  @Test
  void anOutageLosesNothingKeepsOrderAndCallsTelegramABoundedNumberOfTimes() {
    // The breaker opens after FAILURES_TO_OPEN failures among its last calls, stays open
    // OPEN_DELAY, then lets one probe through; the outage lasts four delays.
    final int FAILURES_TO_OPEN = setting("tgdesk.delivery.breaker-failures");
    final Duration OPEN_DELAY =
        Duration.ofSeconds(setting("tgdesk.delivery.breaker-delay-seconds"));
    final Duration OUTAGE = OPEN_DELAY.multipliedBy(4);
    telegram.setLimits(FakeTelegram.Limits.telegramDefaults());
    RegisteredBot bot = Bots.webhookBot(telegram);
    List<Msg> messages = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      messages.add(new Msg(11_001, "first chat " + i));
      messages.add(new Msg(11_002, "second chat " + i));
    }
    for (int i = 0; i < 20; i++) {
      messages.add(new Msg(11_100 + i, "one-off " + i));
    }
    Instant outageStart = Instant.now();
    telegram.outage(bot.token(), OUTAGE);
    Instant outageEnd = outageStart.plus(OUTAGE);
    Outboxes.send(bot.id(), "notice", messages);

    await()
        .atMost(OUTAGE.plusSeconds(30))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> Instant.now().isAfter(outageEnd));
    List<JsonObject> entries = Outboxes.awaitBotSettled(bot.id(), Duration.ofSeconds(240));

    // Nothing lost, nothing twice, in order per chat.
    assertThat(entries).hasSize(messages.size());
    assertThat(entries).allMatch(e -> e.getString("state").equals("sent"), "all sent");
    List<Delivered> delivered = telegram.delivered(bot.token());
    assertThat(delivered)
        .extracting(Delivered::text)
        .containsExactlyInAnyOrderElementsOf(messages.stream().map(Msg::text).toList());
    for (long chat : List.of(11_001L, 11_002L)) {
      assertThat(delivered.stream().filter(d -> d.chatId() == chat).map(Delivered::text))
          .containsExactlyElementsOf(
              messages.stream().filter(m -> m.chatId() == chat).map(Msg::text).toList());
    }
    // Every call Telegram saw is an attempt the outbox recorded (a 429 is not counted as one).
    List<Call> calls = telegram.calls(bot.token(), "sendMessage");
    assertThat(entries.stream().mapToInt(e -> e.getInt("attempts")).sum())
        .isEqualTo(calls.size() - telegram.tooManyRequests(bot.token()));

    // The bound on calls during the outage. Until the breaker opens, at most FAILURES_TO_OPEN - 1
    // failures have been recorded, and every other call made so far is still in flight (at most
    // maxInFlight: 16 plus the slots booked ahead) when the tick that opens it runs. Then it stays
    // open OPEN_DELAY and lets one probe through at a time; each failed probe opens it again for
    // OPEN_DELAY, so the outage has room for at most OUTAGE / OPEN_DELAY probes. Without the
    // breaker the 30 entries, each backing off 1, 2, 4 ... s with full jitter, would make well over
    // a hundred calls.
    int bound =
        (FAILURES_TO_OPEN - 1)
            + BotDelivery.maxInFlight(
                io.tgdesk.telegram.outbound.throttle.Limits.telegramDefaults())
            + (int) OUTAGE.dividedBy(OPEN_DELAY);
    List<Call> duringOutage =
        telegram.calls().stream()
            .filter(c -> bot.token().equals(c.token()))
            .filter(c -> !c.at().isBefore(outageStart) && c.at().isBefore(outageEnd))
            .toList();
    assertThat(duringOutage).isNotEmpty().allMatch(c -> c.status() == 502);
    assertThat(duringOutage.size()).as("calls during the outage").isLessThanOrEqualTo(bound);
    // No call went into a wait that a 429 had started.
    assertThat(telegram.penaltyEscalations(bot.token())).isZero();
    System.out.println(
        "Outage of "
            + OUTAGE.toSeconds()
            + " s: "
            + duringOutage.size()
            + " calls during it (bound "
            + bound
            + "), "
            + calls.size()
            + " calls in all for "
            + messages.size()
            + " messages, "
            + telegram.tooManyRequests(bot.token())
            + " answered 429");
  }
}
