package io.tgdesk.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tgdesk.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IntakeLifecycleTest {

  private final MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");

  @Test
  void aReceivedItemIsDueAtOnce() {
    IntakeLifecycle l = IntakeLifecycle.receivedAt(clock.instant());

    assertThat(l.state()).isEqualTo(IntakeState.RECEIVED);
    assertThat(l.isDue(clock.instant())).isTrue();
    assertThat(l.isDue(clock.instant().minusMillis(1))).isFalse();
    assertThat(l.attempts()).isZero();
    assertThat(l.receivedAt()).isEqualTo(clock.instant());
    assertThat(l.processedAt()).isNull();
  }

  @Test
  void aWaitingItemIsDueWithTheItemItWaitsForAndKeepsItsAttempts() {
    IntakeLifecycle l = IntakeLifecycle.receivedAt(clock.instant());
    Instant until = clock.instant().plusSeconds(5);

    l.waitFor("waits for update 7", until);

    assertThat(l.state()).isEqualTo(IntakeState.WAITING);
    assertThat(l.attempts()).isZero();
    assertThat(l.lastError()).isEqualTo("waits for update 7");
    assertThat(l.isDue(until.minusMillis(1))).isFalse();
    assertThat(l.isDue(until)).isTrue();
  }

  @Test
  void aWaitingItemIsDueAtOnceWhenWhatItWaitsForIsRetriedEarly() {
    IntakeLifecycle waiting = IntakeLifecycle.receivedAt(clock.instant());
    waiting.waitFor("waits for update 7", clock.instant().plusSeconds(600));
    IntakeLifecycle processed = IntakeLifecycle.receivedAt(clock.instant());
    processed.done(IntakeState.PROCESSED, clock.instant());
    clock.advance(Duration.ofSeconds(1));

    waiting.dueAgain(clock.instant());
    processed.dueAgain(clock.instant());

    assertThat(waiting.isDue(clock.instant())).isTrue();
    assertThat(waiting.unapplied()).isTrue();
    assertThat(processed.isDue(clock.instant())).isFalse();
    assertThat(processed.unapplied()).isFalse();
  }

  @Test
  void aProcessedOrIgnoredItemIsNoLongerDue() {
    IntakeLifecycle processed = IntakeLifecycle.receivedAt(clock.instant());
    IntakeLifecycle ignored = IntakeLifecycle.receivedAt(clock.instant());
    clock.advance(Duration.ofSeconds(2));

    processed.done(IntakeState.PROCESSED, clock.instant());
    ignored.done(IntakeState.IGNORED, clock.instant());

    Instant done = clock.instant();
    clock.advance(Duration.ofDays(1));
    for (IntakeLifecycle l : new IntakeLifecycle[] {processed, ignored}) {
      assertThat(l.attempts()).isEqualTo(1);
      assertThat(l.nextAttemptAt()).isNull();
      assertThat(l.processedAt()).isEqualTo(done);
      assertThat(l.isDue(clock.instant())).isFalse();
    }
    assertThat(processed.state()).isEqualTo(IntakeState.PROCESSED);
    assertThat(ignored.state()).isEqualTo(IntakeState.IGNORED);
  }

  @Test
  void processingEndsOnlyProcessedOrIgnored() {
    IntakeLifecycle l = IntakeLifecycle.receivedAt(clock.instant());

    assertThatThrownBy(() -> l.done(IntakeState.FAILED, clock.instant()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(l.state()).isEqualTo(IntakeState.RECEIVED);
  }

  @Test
  void aFailedItemIsDueAgainWhenItsRetryTimeComes() {
    IntakeLifecycle l = IntakeLifecycle.receivedAt(clock.instant());
    Instant retryAt = clock.instant().plusSeconds(30);

    l.failed("IllegalStateException: down", retryAt, clock.instant());

    assertThat(l.state()).isEqualTo(IntakeState.FAILED);
    assertThat(l.attempts()).isEqualTo(1);
    assertThat(l.lastError()).isEqualTo("IllegalStateException: down");
    assertThat(l.isDue(clock.instant())).isFalse();
    clock.advance(Duration.ofSeconds(29));
    assertThat(l.isDue(clock.instant())).isFalse();
    clock.advance(Duration.ofSeconds(1));
    assertThat(l.isDue(clock.instant())).isTrue();
  }

  @Test
  void aFailureWithoutRetryTimeIsGivenUpUntilAnAdminRetries() {
    IntakeLifecycle l = IntakeLifecycle.receivedAt(clock.instant());
    l.failed("first", clock.instant().plusSeconds(1), clock.instant());
    clock.advance(Duration.ofSeconds(5));
    l.failed("second", null, clock.instant());
    clock.advance(Duration.ofDays(30));
    assertThat(l.isDue(clock.instant())).isFalse();
    assertThat(l.attempts()).isEqualTo(2);
    assertThat(l.lastError()).isEqualTo("second");

    l.retryNow(clock.instant());

    assertThat(l.state()).isEqualTo(IntakeState.RECEIVED);
    assertThat(l.attempts()).isZero(); // a full set of attempts again
    assertThat(l.isDue(clock.instant())).isTrue();
  }

  @Test
  void aLongErrorIsCutToItsColumn() {
    IntakeLifecycle l = IntakeLifecycle.receivedAt(clock.instant());

    l.failed("x".repeat(5000), null, clock.instant());

    assertThat(l.lastError()).hasSize(IntakeLifecycle.ERROR_LENGTH).endsWith("…");
  }

  @Test
  void theDueConditionNamesTheEmbeddedColumnsOfTheAlias() {
    assertThat(IntakeLifecycle.dueIn("u"))
        .isEqualTo(
            " u.lifecycle.state in (io.tgdesk.intake.IntakeState.RECEIVED,"
                + " io.tgdesk.intake.IntakeState.FAILED, io.tgdesk.intake.IntakeState.WAITING)"
                + " and u.lifecycle.nextAttemptAt <= :now");
  }
}
