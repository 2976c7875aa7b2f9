package io.tgdesk.telegram.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.telegram.outbound.retry.Decision;
import io.tgdesk.telegram.outbound.throttle.BotThrottle;
import io.tgdesk.telegram.outbound.throttle.CallKind;
import io.tgdesk.telegram.outbound.throttle.Limits;
import io.tgdesk.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The scope of a 429 (Telegram does not say which limit it is about), the pause written down for a
 * restart, and the pauses read back at start, on the real throttle and the test clock.
 */
class RateLimitPausesTest {

  static final Instant START = Instant.parse("2026-12-03T10:00:00Z");
  static final Duration MARGIN = Limits.telegramDefaults().retryMargin();
  static final long A = 1001;
  static final long B = 1002;
  static final long C = 1003;

  final MutableClock clock = new MutableClock(START);
  final BotThrottle throttle = new BotThrottle(Limits.telegramDefaults(), clock);
  final List<String> written = new ArrayList<>();
  boolean databaseDown;

  final RateLimitPauses pauses =
      new RateLimitPauses(
          BotId.of(7),
          throttle,
          new Object(),
          new RateLimitPauses.Store() {
            @Override
            public void pauseBot(Instant until) {
              write("bot until " + until);
            }

            @Override
            public void pauseChat(long chatId, Instant until) {
              write("chat " + chatId + " until " + until);
            }
          },
          clock);

  private void write(String pause) {
    if (databaseDown) {
      throw new IllegalStateException("database down");
    }
    written.add(pause);
  }

  /** Two messages to the chat within its spacing: a 429 now can be the chat's own limit. */
  private void busy(long chatId) {
    throttle.record(chatId, CallKind.MESSAGE, false, clock.instant().minusMillis(1500));
    throttle.record(chatId, CallKind.MESSAGE, false, clock.instant().minusMillis(500));
  }

  private static Decision.RateLimited retryAfter(int seconds) {
    return new Decision.RateLimited(Duration.ofSeconds(seconds), "Too Many Requests");
  }

  private Instant earliest(long chatId) {
    return throttle.earliest(chatId, CallKind.MESSAGE, false);
  }

  @Test
  void a429ForAQuietChatPausesTheWholeBot() {
    Instant until = pauses.pauseFor429(A, retryAfter(10));

    assertThat(until).isEqualTo(START.plusSeconds(10).plus(MARGIN));
    assertThat(earliest(B)).isEqualTo(until);
    assertThat(written).containsExactly("bot until " + until);
  }

  @Test
  void a429ForABusyChatPausesThatChatAlone() {
    busy(A);

    Instant until = pauses.pauseFor429(A, retryAfter(10));

    assertThat(earliest(A)).isEqualTo(until);
    assertThat(earliest(B)).isEqualTo(START);
    assertThat(written).containsExactly("chat " + A + " until " + until);
  }

  @Test
  void a429ForAnotherBusyChatWithinASecondPausesTheWholeBot() {
    busy(A);
    busy(B);
    pauses.pauseFor429(A, retryAfter(10));
    clock.advance(RateLimitPauses.BOT_WIDE_429.minusMillis(1));

    Instant until = pauses.pauseFor429(B, retryAfter(10));

    assertThat(earliest(C)).isEqualTo(until);
    assertThat(written.get(1)).isEqualTo("bot until " + until);
  }

  @Test
  void a429ForAnotherBusyChatASecondLaterPausesThatChatAlone() {
    busy(A);
    busy(B);
    pauses.pauseFor429(A, retryAfter(10));
    clock.advance(RateLimitPauses.BOT_WIDE_429);

    Instant until = pauses.pauseFor429(B, retryAfter(10));

    assertThat(earliest(B)).isEqualTo(until);
    assertThat(earliest(C)).isEqualTo(clock.instant());
    assertThat(written.get(1)).isEqualTo("chat " + B + " until " + until);
  }

  @Test
  void aPauseThatCannotBeWrittenHoldsInMemoryAllTheSame() {
    databaseDown = true;

    Instant until = pauses.pauseFor429(A, retryAfter(30));

    assertThat(written).isEmpty();
    assertThat(earliest(B)).isEqualTo(until);
  }

  @Test
  void callsPlannedBeforeA429SeeItCallsPlannedAfterDoNot() {
    long plannedBefore = pauses.applied();
    pauses.pauseFor429(A, retryAfter(1));
    long plannedAfter = pauses.applied();

    assertThat(pauses.receivedSince(plannedBefore)).isTrue();
    assertThat(pauses.receivedSince(plannedAfter)).isFalse();
  }

  @Test
  void aRestoredBotPauseHoldsUntilItEnds() {
    pauses.restore(START.plusSeconds(20), List.of(), START);

    assertThat(earliest(A)).isEqualTo(START.plusSeconds(20));
    assertThat(written).isEmpty(); // read back, not written again
  }

  @Test
  void aBotPauseThatEndedBeforeTheStartHoldsNothing() {
    pauses.restore(START.minusSeconds(1), List.of(), START);

    assertThat(earliest(A)).isEqualTo(START);
  }
}
