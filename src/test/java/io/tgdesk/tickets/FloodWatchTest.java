package io.tgdesk.tickets;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgdesk.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FloodWatchTest {

  private static final Duration PERIOD = Duration.ofSeconds(10);
  private static final int MAX = 5;

  private final MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
  private final FloodWatch flood = new FloodWatch();

  @Test
  void aCustomerWithinTheLimitIsNotFloodingAndGetsEveryAutomaticMessage() {
    flood.messageArrived(false, MAX, PERIOD, clock.instant());

    assertThat(flood.flooding(clock.instant(), PERIOD)).isFalse();
    assertThat(flood.tryAutomaticMessage(clock.instant(), PERIOD)).isTrue();
    assertThat(flood.tryAutomaticMessage(clock.instant(), PERIOD)).isTrue();
    assertThat(flood.since()).isNull();
  }

  @Test
  void theMessageOverTheLimitStartsAFloodCountingTheMessagesThatLedToIt() {
    Instant start = clock.instant();
    flood.messageArrived(true, MAX, PERIOD, start);
    clock.advance(Duration.ofSeconds(1));
    flood.messageArrived(true, MAX, PERIOD, clock.instant());

    assertThat(flood.flooding(clock.instant(), PERIOD)).isTrue();
    assertThat(flood.since()).isEqualTo(start);
    assertThat(flood.messages()).isEqualTo(MAX + 2);
    assertThat(flood.lastAt()).isEqualTo(clock.instant());
  }

  @Test
  void aFloodingCustomerGetsOneAutomaticMessagePerPeriod() {
    flood.messageArrived(true, MAX, PERIOD, clock.instant());

    assertThat(flood.tryAutomaticMessage(clock.instant(), PERIOD)).isTrue();
    clock.advance(Duration.ofSeconds(9));
    flood.messageArrived(true, MAX, PERIOD, clock.instant());
    assertThat(flood.tryAutomaticMessage(clock.instant(), PERIOD)).isFalse();
    clock.advance(Duration.ofSeconds(1));
    flood.messageArrived(true, MAX, PERIOD, clock.instant());
    assertThat(flood.tryAutomaticMessage(clock.instant(), PERIOD)).isTrue();
    assertThat(flood.tryAutomaticMessage(clock.instant(), PERIOD)).isFalse();
  }

  @Test
  void anAutomaticMessageSentJustBeforeTheFloodCountsForItsFirstPeriod() {
    assertThat(flood.tryAutomaticMessage(clock.instant(), PERIOD)).isTrue();
    clock.advance(Duration.ofSeconds(2));
    flood.messageArrived(true, MAX, PERIOD, clock.instant());

    assertThat(flood.tryAutomaticMessage(clock.instant(), PERIOD)).isFalse();
  }

  @Test
  void aFloodEndsAWholePeriodAfterTheLastMessageOverTheLimit() {
    flood.messageArrived(true, MAX, PERIOD, clock.instant());
    clock.advance(Duration.ofSeconds(5));
    flood.messageArrived(false, MAX, PERIOD, clock.instant()); // still within the period
    assertThat(flood.flooding(clock.instant(), PERIOD)).isTrue();
    assertThat(flood.messages()).isEqualTo(MAX + 2);

    clock.advance(Duration.ofSeconds(5));
    assertThat(flood.flooding(clock.instant(), PERIOD)).isFalse();
    assertThat(flood.tryAutomaticMessage(clock.instant(), PERIOD)).isTrue();
    flood.messageArrived(false, MAX, PERIOD, clock.instant());
    assertThat(flood.since()).isNull();
    assertThat(flood.messages()).isZero();
  }

  @Test
  void aNewFloodAfterAQuietPeriodStartsAfresh() {
    flood.messageArrived(true, MAX, PERIOD, clock.instant());
    flood.messageArrived(true, MAX, PERIOD, clock.instant());
    clock.advance(Duration.ofSeconds(30));

    flood.messageArrived(true, MAX, PERIOD, clock.instant());

    assertThat(flood.since()).isEqualTo(clock.instant());
    assertThat(flood.messages()).isEqualTo(MAX + 1);
  }
}
