package io.tgdesk.telegram.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgdesk.telegram.outbound.DeliveryPlanner.Candidate;
import io.tgdesk.telegram.outbound.DeliveryPlanner.Plan;
import io.tgdesk.telegram.outbound.outbox.Lane;
import io.tgdesk.telegram.outbound.throttle.BotThrottle;
import io.tgdesk.telegram.outbound.throttle.Limits;
import io.tgdesk.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * After a restart the bot's loop starts with a fresh throttle and the 429 pauses read back from the
 * database (bot.paused_until, delivery_chat.paused_until): no call to a paused scope before its
 * end.
 */
class RestoredPausesTest {

  static final Instant START = Instant.parse("2026-11-28T10:00:00Z");
  final MutableClock clock = new MutableClock(START);
  final BotThrottle restarted = new BotThrottle(Limits.telegramDefaults(), clock);
  long nextId = 1;

  private Candidate entry(long chat) {
    return new Candidate(nextId++, chat, 0, Lane.NOTICE, BotMethod.SEND_MESSAGE, false, START);
  }

  private List<Long> chatsSentNow(List<Candidate> pending) {
    Plan p =
        DeliveryPlanner.plan(
            pending, Set.of(), 16, restarted, clock.instant(), Duration.ofSeconds(1));
    return p.send().stream().map(Candidate::chatId).toList();
  }

  @Test
  void aRestoredBotWidePauseHoldsEveryChatUntilItEnds() {
    restarted.restoreBotPause(START.plusSeconds(30));
    List<Candidate> pending = List.of(entry(1), entry(-100123));

    assertThat(chatsSentNow(pending)).isEmpty();
    clock.set(START.plusSeconds(30).minusMillis(1));
    assertThat(chatsSentNow(pending)).isEmpty();
    clock.set(START.plusSeconds(30));
    assertThat(chatsSentNow(pending)).containsExactly(1L);
    clock.set(START.plusSeconds(30).plusMillis(34)); // the bot budget's next slot
    assertThat(chatsSentNow(pending)).containsExactly(-100123L);
  }

  @Test
  void aRestoredChatPauseHoldsOnlyThatChat() {
    restarted.restoreChatPause(7, START.plusSeconds(40));
    List<Candidate> pending = List.of(entry(7), entry(8));

    assertThat(chatsSentNow(pending)).containsExactly(8L);
    clock.set(START.plusSeconds(40).minusMillis(1));
    assertThat(chatsSentNow(List.of(pending.get(0)))).isEmpty();
    clock.set(START.plusSeconds(40));
    assertThat(chatsSentNow(List.of(pending.get(0)))).containsExactly(7L);
  }

  @Test
  void aPauseThatEndedBeforeTheRestartHoldsNothing() {
    restarted.restoreBotPause(START.minusSeconds(5));

    List<Candidate> pending = List.of(entry(1), entry(2));
    assertThat(chatsSentNow(pending)).containsExactly(1L);
    clock.set(START.plusMillis(34)); // the bot budget's next slot
    assertThat(chatsSentNow(pending)).containsExactly(2L);
  }

  @Test
  void aRestoredPauseNeverShortensALongerOneSeenSince() {
    restarted.pauseBot(Duration.ofSeconds(60));
    restarted.restoreBotPause(START.plusSeconds(10));
    clock.set(START.plusSeconds(30));

    assertThat(chatsSentNow(List.of(entry(1)))).isEmpty();
  }
}
