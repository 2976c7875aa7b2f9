package io.tgdesk.telegram.outbound.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgdesk.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DepartureGateTest {

  static final Duration PACE = Duration.ofMillis(35);

  final MutableClock clock = MutableClock.at("2026-11-28T10:00:00Z");
  final DepartureGate gate = new DepartureGate(clock);

  @Test
  void callsThatBunchUpLeaveOnePaceApart() {
    Instant first = gate.book(PACE);
    Instant second = gate.book(PACE);
    Instant third = gate.book(PACE);

    assertThat(first).isEqualTo(clock.instant());
    assertThat(second).isEqualTo(first.plus(PACE));
    assertThat(third).isEqualTo(second.plus(PACE));
  }

  @Test
  void aCallAfterAQuietSpellLeavesAtOnce() {
    gate.book(PACE);
    clock.advance(Duration.ofMillis(500));

    assertThat(gate.book(PACE)).isEqualTo(clock.instant());
  }

  @Test
  void aLateCallDelaysTheNextOneThatWouldFollowItTooClosely() {
    gate.book(PACE);
    clock.advance(Duration.ofMillis(60)); // the next planned call left 25 ms late
    Instant late = gate.book(PACE);
    clock.advance(Duration.ofMillis(10)); // and the one after it was punctual

    assertThat(gate.book(PACE)).isEqualTo(late.plus(PACE));
  }
}
