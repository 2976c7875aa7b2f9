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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The scheduler's choices on a fake clock: order per chat, lanes, fairness, limits. */
class DeliveryPlannerTest {

  final MutableClock clock = MutableClock.at("2026-11-28T10:00:00Z");
  final BotThrottle throttle = new BotThrottle(Limits.telegramDefaults(), clock);
  long nextId = 1;

  private Candidate entry(long chat, Lane lane) {
    return new Candidate(nextId++, chat, 0, lane, BotMethod.SEND_MESSAGE, false, clock.instant());
  }

  private Plan plan(List<Candidate> pending, Set<Long> busy) {
    return DeliveryPlanner.plan(
        pending, busy, 16, throttle, clock.instant(), Duration.ofSeconds(1));
  }

  @Test
  void onlyTheOldestEntryOfAChatIsSentAndTheNextWaitsForTheChatLimit() {
    Candidate first = entry(1, Lane.NOTICE);
    Candidate second = entry(1, Lane.NOTICE);

    Plan p = plan(List.of(second, first), Set.of());

    assertThat(p.send()).containsExactly(first);
    assertThat(p.nextLook()).isEqualTo(clock.instant().plusSeconds(1));
  }

  @Test
  void aChatWithACallInFlightWaitsForItsAnswer() {
    Plan p = plan(List.of(entry(1, Lane.AGENT_REPLY), entry(2, Lane.NOTICE)), Set.of(1L));
    assertThat(p.send()).extracting(Candidate::chatId).containsExactly(2L);
  }

  @Test
  void chatActionsGetOnlyWhatBulkLeavesOfTheBudget() {
    List<Candidate> pending = new ArrayList<>();
    Candidate typing =
        new Candidate(
            nextId++, 5000, 0, Lane.TYPING, BotMethod.SEND_CHAT_ACTION, false, clock.instant());
    pending.add(typing);
    for (int i = 0; i < 40; i++) {
      pending.add(entry(1000 + i, Lane.BULK));
    }

    Plan p =
        DeliveryPlanner.plan(
            pending,
            Set.of(),
            16,
            throttle,
            clock.instant(),
            Duration.ofMillis(110),
            Duration.ofSeconds(1));

    // Enqueued first, yet the four slots within 110 ms all go to bulk.
    assertThat(p.send()).hasSize(4).doesNotContain(typing);
    Plan alone =
        DeliveryPlanner.plan(
            List.of(typing),
            Set.of(),
            16,
            throttle,
            clock.instant().plusSeconds(1),
            Duration.ofMillis(110),
            Duration.ofSeconds(1));
    assertThat(alone.send()).containsExactly(typing);
  }

  @Test
  void agentRepliesGoBeforeNoticesBeforeBulkWhenTheBudgetIsShort() {
    List<Candidate> pending = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      pending.add(entry(1000 + i, Lane.BULK));
    }
    Candidate notice = entry(2000, Lane.NOTICE);
    Candidate reply = entry(3000, Lane.AGENT_REPLY);
    pending.add(notice);
    pending.add(reply);

    Plan p =
        DeliveryPlanner.plan(
            pending,
            Set.of(),
            16,
            throttle,
            clock.instant(),
            Duration.ofMillis(110),
            Duration.ofSeconds(1));

    // Four slots of the bot budget within 110 ms (one per 1/30 s): the agent reply gets the first,
    // the notice the second, bulk what is left.
    assertThat(p.send()).hasSize(4).startsWith(reply, notice);
    assertThat(p.send().subList(2, 4)).extracting(Candidate::lane).containsOnly(Lane.BULK);
    assertThat(p.slotOf(reply)).isEqualTo(clock.instant());
    assertThat(p.slotOf(p.send().get(3))).isAfter(clock.instant().plusMillis(99));
  }

  @Test
  void aChatThatIsNotReadyYetLeavesItsSlotToAnother() {
    throttle.record(1, io.tgdesk.telegram.outbound.throttle.CallKind.MESSAGE, false);
    clock.advance(Duration.ofMillis(950)); // chat 1 is ready in 50 ms
    Candidate older = entry(1, Lane.AGENT_REPLY);
    Candidate younger = entry(2, Lane.NOTICE);

    Plan p =
        DeliveryPlanner.plan(
            List.of(older, younger),
            Set.of(),
            16,
            throttle,
            clock.instant(),
            Duration.ofMillis(100),
            Duration.ofSeconds(1));

    assertThat(p.send()).containsExactly(younger, older);
    assertThat(p.slotOf(younger)).isEqualTo(clock.instant());
    assertThat(p.slotOf(older)).isEqualTo(clock.instant().plusMillis(50));
  }

  @Test
  void aBusyChatDoesNotStarveTheOthers() {
    List<Candidate> pending = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      pending.add(entry(1, Lane.NOTICE)); // one chat with 50 messages, all older
    }
    for (int i = 0; i < 5; i++) {
      pending.add(entry(100 + i, Lane.NOTICE));
    }
    Set<Long> sentChats = new HashSet<>();
    Instant end = clock.instant().plusSeconds(1);
    while (clock.instant().isBefore(end)) {
      plan(pending, Set.of())
          .send()
          .forEach(
              c -> {
                sentChats.add(c.chatId());
                pending.remove(c);
              });
      clock.advance(Duration.ofMillis(10));
    }
    assertThat(sentChats).contains(1L, 100L, 101L, 102L, 103L, 104L);
  }

  @Test
  void anEntryWaitingForItsRetryTimeHoldsItsChatAndSaysWhenToLook() {
    Candidate later =
        new Candidate(
            nextId++,
            5,
            0,
            Lane.NOTICE,
            BotMethod.SEND_MESSAGE,
            false,
            clock.instant().plusSeconds(3));
    Candidate behind = entry(5, Lane.NOTICE);

    Plan p = plan(List.of(later, behind), Set.of());

    assertThat(p.send()).isEmpty();
    assertThat(p.nextLook()).isEqualTo(clock.instant().plusSeconds(1));
  }

  @Test
  void theNextLookIsTheEarliestTimeSomethingBecomesSendable() {
    throttle.record(7, io.tgdesk.telegram.outbound.throttle.CallKind.MESSAGE, false);
    clock.advance(Duration.ofMillis(400));
    Plan p = plan(List.of(entry(7, Lane.NOTICE)), Set.of());
    assertThat(p.send()).isEmpty();
    assertThat(p.nextLook()).isEqualTo(clock.instant().plusMillis(600));
  }

  @Test
  void aClockThatMovesDuringPlanningDoesNotHoldBackADueCall() {
    // Regression: the throttle read its own clock, a few ms after the plan's instant, and every due
    // call looked "not yet" forever.
    java.time.Clock ticking =
        new java.time.Clock() {
          Instant t = Instant.parse("2026-11-28T10:00:00Z");

          @Override
          public Instant instant() {
            t = t.plusMillis(7);
            return t;
          }

          @Override
          public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
          }

          @Override
          public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
          }
        };
    BotThrottle moving = new BotThrottle(Limits.telegramDefaults(), ticking);
    Instant now = ticking.instant();
    Candidate due = new Candidate(1, 42, 0, Lane.NOTICE, BotMethod.SEND_MESSAGE, false, now);

    Plan p = DeliveryPlanner.plan(List.of(due), Set.of(), 16, moving, now, Duration.ofSeconds(1));

    assertThat(p.send()).containsExactly(due);
  }
}
