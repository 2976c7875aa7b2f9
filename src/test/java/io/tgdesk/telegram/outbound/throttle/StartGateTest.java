package io.tgdesk.telegram.outbound.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgdesk.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class StartGateTest {

  @Test
  void callsBookedForTheSameSlotPassAtTheBudgetsSpacing() throws Exception {
    Clock clock = Clock.systemUTC();
    StartGate gate = new StartGate(clock);
    Duration spacing = Duration.ofMillis(20);
    Instant slot = clock.instant();
    List<Instant> passed = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(5);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        done.add(pool.submit(() -> passed.add(gate.awaitTurn(slot, spacing))));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    List<Instant> sorted = passed.stream().sorted().toList();
    assertThat(sorted.get(0)).isAfterOrEqualTo(slot);
    for (int i = 1; i < sorted.size(); i++) {
      // Any i + 1 consecutive passes span i spacings, less the gate's small tolerance at most.
      assertThat(Duration.between(sorted.get(0), sorted.get(i)))
          .isGreaterThanOrEqualTo(spacing.multipliedBy(i).minus(StartGate.TOLERANCE));
    }
  }

  @Test
  void aCallWaitsForItsSlot() {
    Clock clock = Clock.systemUTC();
    StartGate gate = new StartGate(clock);
    Instant slot = clock.instant().plusMillis(30);
    assertThat(gate.awaitTurn(slot, Duration.ofMillis(1))).isAfterOrEqualTo(slot);
    assertThat(clock.instant()).isAfterOrEqualTo(slot);
  }

  @Test
  void theNextCallWaitsUntilACallHeldUpAfterItsTurnReallyLeaves() throws Exception {
    Clock clock = Clock.systemUTC();
    StartGate gate = new StartGate(clock);
    Duration spacing = Duration.ofMillis(20);
    Instant slot = clock.instant();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      StartGate.Pass first = gate.enter(slot, spacing);
      Future<Instant> second = pool.submit(() -> gate.awaitTurn(slot, spacing));
      // The first call is held up between its turn and its write (a busy CPU): the second one,
      // booked for the same slot, does not get past the gate meanwhile.
      Thread.sleep(200);
      assertThat(second.isDone()).isFalse();

      Instant firstLeft = first.depart();

      assertThat(Duration.between(firstLeft, second.get()))
          .isGreaterThanOrEqualTo(spacing.minus(StartGate.TOLERANCE));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aTurnGivenUpIsNotSpent() {
    MutableClock clock = MutableClock.at("2026-11-28T12:00:00Z");
    StartGate gate = new StartGate(clock);
    Duration spacing = Duration.ofMillis(20);
    Instant slot = clock.instant();

    gate.enter(slot, spacing).close(); // held back: a 429 came in while it waited

    assertThat(gate.enter(slot, spacing).depart()).isEqualTo(slot);
    assertThat(gate.enter(slot, spacing).depart())
        .isEqualTo(slot.plus(spacing).minus(StartGate.TOLERANCE));
  }

  @Test
  void aCallLeavesNoSoonerThanASecondAfterTheAnswerToTheCallABudgetBeforeIt() {
    MutableClock clock = MutableClock.at("2026-11-28T12:00:00Z");
    StartGate gate = new StartGate(clock);
    Duration spacing = Duration.ofMillis(1);
    Instant t = clock.instant();
    // A budget of 2 a second. The first call is slow to arrive: its answer comes 300 ms after it
    // left, so it may have reached Telegram only then.
    StartGate.Pass first = gate.enter(t, spacing, 2);
    first.depart();
    clock.advance(Duration.ofMillis(300));
    first.close();
    try (StartGate.Pass second = gate.enter(t, spacing, 2)) {
      assertThat(second.depart()).isEqualTo(t.plusMillis(300));
    }

    try (StartGate.Pass third = gate.enter(t, spacing, 2)) {
      assertThat(third.depart()).isEqualTo(t.plusMillis(1300));
    }
  }

  @Test
  void underTheAnswerBoundACallThatLeftLateDoesNotPushBackTheCallsBookedBehindIt() {
    MutableClock clock = MutableClock.at("2026-11-28T12:00:00Z");
    StartGate gate = new StartGate(clock);
    Duration spacing = Duration.ofMillis(33);
    Instant t = clock.instant();
    StartGate.Pass first = gate.enter(t, spacing, 30);
    clock.advance(Duration.ofMillis(60)); // its thread was held up: it leaves 60 ms late
    assertThat(first.depart()).isEqualTo(t.plusMillis(60));
    first.close();

    try (StartGate.Pass second = gate.enter(t.plusMillis(33), spacing, 30)) {
      assertThat(second.depart()).isEqualTo(t.plusMillis(60)); // behind its slot: at once
    }
    try (StartGate.Pass third = gate.enter(t.plusMillis(66), spacing, 30)) {
      assertThat(third.depart()).isEqualTo(t.plusMillis(66)); // on its slot again
    }

    // Without the answer bound, the call after a late one still keeps the full spacing.
    StartGate plain = new StartGate(clock);
    Instant u = clock.instant();
    StartGate.Pass late = plain.enter(u, spacing);
    clock.advance(Duration.ofMillis(60));
    late.depart();
    assertThat(plain.enter(u.plusMillis(33), spacing).depart())
        .isEqualTo(u.plusMillis(93).minus(StartGate.TOLERANCE));
  }

  @Test
  void aCallThatIsNeverAnsweredHoldsBackTheCallsABudgetLaterOnlyForTheAnswerWait() {
    MutableClock clock = MutableClock.at("2026-11-28T12:00:00Z");
    StartGate gate = new StartGate(clock);
    Duration spacing = Duration.ofMillis(1);
    Instant t = clock.instant();
    gate.enter(t, spacing, 2).depart(); // swallowed: no answer, not closed
    clock.advance(Duration.ofSeconds(2));
    try (StartGate.Pass second = gate.enter(t, spacing, 2)) {
      second.depart();
    }

    try (StartGate.Pass third = gate.enter(t, spacing, 2)) {
      assertThat(third.depart()).isEqualTo(t.plus(StartGate.ANSWER_WAIT).plusSeconds(1));
    }
  }
}
