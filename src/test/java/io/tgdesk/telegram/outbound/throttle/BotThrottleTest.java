package io.tgdesk.telegram.outbound.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgdesk.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BotThrottleTest {

  static final long PRIVATE = 1001;
  static final long OTHER_PRIVATE = 1002;
  static final long GROUP = -100200;

  final MutableClock clock = MutableClock.at("2026-11-28T10:00:00Z");
  final BotThrottle throttle = new BotThrottle(Limits.telegramDefaults(), clock);

  @Test
  void aPrivateChatGetsOneMessagePerSecond() {
    assertThat(throttle.tryAcquire(PRIVATE, CallKind.MESSAGE, false)).isTrue();
    assertThat(throttle.earliest(PRIVATE, CallKind.MESSAGE, false))
        .isEqualTo(clock.instant().plusSeconds(1));
    clock.advance(Duration.ofMillis(999));
    assertThat(throttle.tryAcquire(PRIVATE, CallKind.MESSAGE, false)).isFalse();
    clock.advance(Duration.ofMillis(1));
    assertThat(throttle.tryAcquire(PRIVATE, CallKind.MESSAGE, false)).isTrue();
  }

  @Test
  void anAlbumOfThreeHoldsAPrivateChatForThreeSecondsButTakesOneSlotOfTheBotBudget() {
    Instant at = clock.instant();
    Instant budgetBefore = throttle.budgetNext(false, at);

    throttle.record(PRIVATE, CallKind.MESSAGE, false, at, 3);

    assertThat(throttle.chatReady(PRIVATE, CallKind.MESSAGE, at)).isEqualTo(at.plusSeconds(3));
    assertThat(throttle.budgetNext(false, at)).isEqualTo(budgetBefore.plus(throttle.pace(false)));
    // It moves with the album when the album leaves late.
    throttle.started(PRIVATE, CallKind.MESSAGE, at.plusMillis(400));
    assertThat(throttle.chatReady(PRIVATE, CallKind.MESSAGE, at)).isEqualTo(at.plusMillis(3400));
  }

  @Test
  void anAlbumInAGroupNeedsRoomForEachItemInTheMinuteWindow() {
    Instant first = clock.instant();
    for (int i = 0; i < 17; i++) {
      throttle.record(GROUP, CallKind.MESSAGE, false, clock.instant());
      clock.advance(Duration.ofSeconds(1));
    }
    clock.advance(Duration.ofSeconds(5));

    // 17 in the minute: room for 3 more now, not for 4 until the first is a minute old.
    assertThat(throttle.chatReady(GROUP, CallKind.MESSAGE, clock.instant(), 3))
        .isEqualTo(clock.instant());
    assertThat(throttle.chatReady(GROUP, CallKind.MESSAGE, clock.instant(), 4))
        .isEqualTo(first.plusSeconds(60));
  }

  @Test
  void aMessageThatLeftLateSpacesTheChatsNextOneFromWhenItLeft() {
    assertThat(throttle.tryAcquire(PRIVATE, CallKind.MESSAGE, false)).isTrue();
    Instant left = clock.instant().plusMillis(300);

    throttle.started(PRIVATE, CallKind.MESSAGE, left);

    assertThat(throttle.earliest(PRIVATE, CallKind.MESSAGE, false)).isEqualTo(left.plusSeconds(1));
    assertThat(throttle.earliest(OTHER_PRIVATE, CallKind.MESSAGE, false))
        .isBefore(left.plusSeconds(1));
  }

  @Test
  void aLateGroupMessageMovesItsPlaceInTheMinuteWindow() {
    for (int i = 0; i < 20; i++) {
      assertThat(throttle.tryAcquire(GROUP, CallKind.MESSAGE, false)).isTrue();
      clock.advance(Duration.ofSeconds(1));
    }
    Instant first = clock.instant().minusSeconds(20);
    // The last one left 500 ms late: the window frees up by the first one's minute as before.
    throttle.started(GROUP, CallKind.MESSAGE, clock.instant().minusMillis(500));

    assertThat(throttle.earliest(GROUP, CallKind.MESSAGE, false)).isEqualTo(first.plusSeconds(60));
  }

  @Test
  void theBotBudgetNeverPutsMoreThan30CallsIntoAnySecondYetKeepsUpTheRate() {
    java.util.List<Instant> sent = new java.util.ArrayList<>();
    for (int ms = 0; ms < 5000; ms++) {
      if (throttle.tryAcquire(5000 + ms, CallKind.MESSAGE, false)) {
        sent.add(clock.instant());
      }
      clock.advance(Duration.ofMillis(1));
    }
    for (int i = 0; i < sent.size(); i++) {
      Instant from = sent.get(i);
      long inOneSecond =
          sent.stream().filter(t -> !t.isBefore(from) && t.isBefore(from.plusSeconds(1))).count();
      assertThat(inOneSecond).isLessThanOrEqualTo(30);
    }
    // Tried once per ms, each call waits for the whole ms after its slot: 1/34 s at worst.
    assertThat(sent.size()).isGreaterThanOrEqualTo(5 * 29);
  }

  @Test
  void budgetSlotsAreSpacedOneThirtiethOfASecondPlusTheMarginWithoutBurst() {
    Instant start = clock.instant();
    throttle.record(1, CallKind.MESSAGE, false, start);
    Instant second = throttle.budgetNext(false, start);
    assertThat(Duration.between(start, second))
        .isBetween(Duration.ofNanos(33_666_666), Duration.ofNanos(33_666_667));
    throttle.record(2, CallKind.MESSAGE, false, second);
    // Booked ahead: the third slot follows the second, whatever the clock says now.
    assertThat(throttle.budgetNext(false, start))
        .isEqualTo(second.plus(Duration.between(start, second)));
    clock.advance(Duration.ofMillis(100)); // a late tick: the slots it missed are gone, no burst
    assertThat(throttle.tryAcquire(3, CallKind.MESSAGE, false)).isTrue();
    assertThat(throttle.tryAcquire(4, CallKind.MESSAGE, false)).isFalse();
  }

  @Test
  void aChatsLimitsCountFromTheAnswerOfItsLastCall() {
    Instant booked = clock.instant();
    throttle.record(PRIVATE, CallKind.MESSAGE, false, booked);
    throttle.record(GROUP, CallKind.MESSAGE, false, booked);
    throttle.answered(PRIVATE, CallKind.MESSAGE, booked, booked.plusMillis(80));
    throttle.answered(GROUP, CallKind.MESSAGE, booked, booked.plusMillis(80));
    assertThat(throttle.chatReady(PRIVATE, CallKind.MESSAGE, booked))
        .isEqualTo(booked.plusMillis(1080));
    assertThat(throttle.chatReady(GROUP, CallKind.MESSAGE, booked))
        .isEqualTo(booked.plusMillis(1080));
  }

  @Test
  void aGroupGetsTwentyMessagesPerSlidingMinuteAndOnePerSecond() {
    Instant start = clock.instant();
    for (int i = 0; i < 20; i++) {
      Instant t = throttle.earliest(GROUP, CallKind.MESSAGE, false);
      assertThat(t).isEqualTo(start.plusSeconds(i));
      clock.set(t);
      throttle.record(GROUP, CallKind.MESSAGE, false);
    }
    // The 21st waits until the first of the last 20 is a minute old.
    assertThat(throttle.earliest(GROUP, CallKind.MESSAGE, false)).isEqualTo(start.plusSeconds(60));
  }

  @Test
  void groupEditsHaveTheirOwnMinuteWindow() {
    for (int i = 0; i < 20; i++) {
      throttle.record(GROUP, CallKind.EDIT, false);
    }
    assertThat(throttle.earliest(GROUP, CallKind.EDIT, false))
        .isEqualTo(clock.instant().plusSeconds(60));
    // Messages to the group are not held back by edits (only by the bot budget).
    assertThat(throttle.earliest(GROUP, CallKind.MESSAGE, false))
        .isBefore(clock.instant().plusSeconds(1));
  }

  @Test
  void a429PausesOnlyThatChatForRetryAfterPlusTheMargin() {
    throttle.pauseChat(PRIVATE, Duration.ofSeconds(7));
    clock.advance(Duration.ofSeconds(2));
    assertThat(throttle.earliest(PRIVATE, CallKind.MESSAGE, false))
        .isEqualTo(clock.instant().plusSeconds(5).plusMillis(500));
    assertThat(throttle.earliest(OTHER_PRIVATE, CallKind.MESSAGE, false))
        .isEqualTo(clock.instant());
  }

  @Test
  void aBotWidePauseHoldsEveryChat() {
    throttle.pauseBot(Duration.ofSeconds(5));
    assertThat(throttle.earliest(OTHER_PRIVATE, CallKind.MESSAGE, false))
        .isEqualTo(clock.instant().plusMillis(5500));
    assertThat(throttle.earliest(GROUP, CallKind.OTHER, false))
        .isEqualTo(clock.instant().plusMillis(5500));
  }

  @Test
  void paidBroadcastHasItsOwnBudgetButKeepsThePerChatLimit() {
    throttle.changeLimits(Limits.telegramDefaults().withPaidPerSecond(1000));
    for (int i = 0; i < 30; i++) {
      throttle.record(7000 + i, CallKind.MESSAGE, false);
    }
    // The free budget is used up for a second, the paid one is not.
    assertThat(throttle.earliest(9000, CallKind.MESSAGE, false))
        .isAfter(clock.instant().plusMillis(900));
    assertThat(throttle.earliest(9000, CallKind.MESSAGE, true)).isEqualTo(clock.instant());
    throttle.record(9000, CallKind.MESSAGE, true);
    assertThat(throttle.earliest(9000, CallKind.MESSAGE, true))
        .isEqualTo(clock.instant().plusSeconds(1));
  }

  @Test
  void paidIsIgnoredWhenTheBotHasNotOptedIn() {
    for (int i = 0; i < 30; i++) {
      throttle.record(7000 + i, CallKind.MESSAGE, true);
    }
    assertThat(throttle.earliest(9000, CallKind.MESSAGE, true))
        .isAfter(clock.instant().plusMillis(900));
  }

  @Test
  void idleChatsAreForgotten() {
    throttle.record(PRIVATE, CallKind.MESSAGE, false);
    throttle.record(GROUP, CallKind.MESSAGE, false);
    clock.advance(Duration.ofMinutes(2));
    throttle.forgetIdleChats();
    assertThat(throttle.trackedChats()).isZero();
  }

  @Test
  void idleChatsAreLookedForAtMostOnceInTheSweepInterval() {
    throttle.record(PRIVATE, CallKind.MESSAGE, false);
    clock.advance(Duration.ofSeconds(55));
    throttle.forgetIdleChats(); // a look: the chat is not idle yet
    clock.advance(Duration.ofSeconds(6));
    throttle.forgetIdleChats();
    assertThat(throttle.trackedChats())
        .as("idle now, but the last look was less than the sweep interval ago")
        .isOne();
    clock.advance(BotThrottle.IDLE_SWEEP_EVERY.minusSeconds(6));
    throttle.forgetIdleChats();
    assertThat(throttle.trackedChats()).isZero();
  }
}
