package io.tgdesk.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.tgdesk.diagnostics.DeliveryTimeline.Bucket;
import io.tgdesk.diagnostics.DeliveryTimeline.Life;
import io.tgdesk.diagnostics.DeliveryTimeline.Series;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeliveryTimelineTest {

  static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");
  static final Duration SECOND = Duration.ofSeconds(1);

  static Instant at(long millis) {
    return T0.plusMillis(millis);
  }

  static Life sent(long createdMillis, long sentMillis) {
    return new Life(at(createdMillis), at(sentMillis), at(sentMillis));
  }

  @Test
  void theQueueRisesWithEnqueuedEntriesAndFallsAsTheyAreSent() {
    List<Life> lives = List.of(sent(100, 1_200), sent(200, 2_500), sent(300, 2_900));

    Series series = DeliveryTimeline.of(lives, T0, at(10_000), SECOND);

    assertThat(series.queuedAtStart()).isZero();
    assertThat(series.buckets())
        .extracting(Bucket::at, Bucket::enqueued, Bucket::sent, Bucket::queuedAtEnd)
        .containsExactly(
            tuple(at(0), 3L, 0L, 3L), tuple(at(1_000), 0L, 1L, 2L), tuple(at(2_000), 0L, 2L, 0L));
  }

  @Test
  void aBurstThatDrainsWithinTheBucketShowsAsItsPeak() {
    List<Life> lives =
        List.of(sent(0, 30_000), sent(1_000, 40_000), sent(2_000, 50_000), sent(55_000, 70_000));

    Bucket minute =
        DeliveryTimeline.of(lives, T0, at(600_000), Duration.ofMinutes(1)).buckets().get(0);

    assertThat(minute.queuedMax()).isEqualTo(3);
    assertThat(minute.queuedAtEnd()).isEqualTo(1);
  }

  @Test
  void anEntrySentTheInstantAnotherArrivesIsNotCountedTwiceInThePeak() {
    Bucket only =
        DeliveryTimeline.of(List.of(sent(100, 500), sent(500, 900)), T0, at(10_000), SECOND)
            .buckets()
            .get(0);

    assertThat(only.queuedMax()).isEqualTo(1);
  }

  @Test
  void latencyPercentilesAreOfTheEntriesSentInTheBucket() {
    List<Life> lives = List.of(sent(0, 5_100), sent(4_000, 5_200), sent(4_500, 5_900));

    Bucket fifth = DeliveryTimeline.of(lives, T0, at(10_000), SECOND).buckets().get(2);

    assertThat(fifth.at()).isEqualTo(at(5_000));
    assertThat(fifth.sent()).isEqualTo(3);
    assertThat(fifth.latencyP50Millis()).isEqualTo(1_400);
    assertThat(fifth.latencyP95Millis()).isEqualTo(5_100);
    assertThat(fifth.latencyMaxMillis()).isEqualTo(5_100);
  }

  @Test
  void bucketsWithoutSendsHaveNoLatency() {
    Bucket only =
        DeliveryTimeline.of(List.of(new Life(at(10), null, null)), T0, at(10_000), SECOND)
            .buckets()
            .get(0);

    assertThat(only.enqueued()).isEqualTo(1);
    assertThat(only.queuedAtEnd()).isEqualTo(1);
    assertThat(only.latencyP50Millis()).isNull();
    assertThat(only.latencyMaxMillis()).isNull();
  }

  @Test
  void entriesWaitingBeforeTheRangeStartTheQueueAndLeaveItWhenTheyEnd() {
    List<Life> lives =
        List.of(
            new Life(T0.minusSeconds(30), null, null), // still waiting
            sent(-20_000, 3_000), // waiting at the start, sent inside
            sent(-20_000, -10_000), // done before the range: not counted at all
            new Life(at(-5_000), at(4_000), null)); // ended without being sent (dead, cancelled)

    Series series = DeliveryTimeline.of(lives, T0, at(10_000), SECOND);

    assertThat(series.queuedAtStart()).isEqualTo(3);
    assertThat(series.buckets())
        .extracting(Bucket::at, Bucket::ended, Bucket::sent, Bucket::queuedAtEnd)
        .containsExactly(tuple(at(3_000), 1L, 1L, 2L), tuple(at(4_000), 1L, 0L, 1L));
  }

  @Test
  void whatHappensAtOrAfterTheEndOfTheRangeIsLeftOut() {
    Series series =
        DeliveryTimeline.of(
            List.of(sent(9_000, 10_000), sent(10_000, 10_500)), T0, at(10_000), SECOND);

    assertThat(series.buckets())
        .extracting(Bucket::at, Bucket::enqueued, Bucket::ended, Bucket::queuedAtEnd)
        .containsExactly(tuple(at(9_000), 1L, 0L, 1L));
  }

  @Test
  void minuteBucketsGroupBySixtySeconds() {
    Series series =
        DeliveryTimeline.of(
            List.of(sent(1_000, 2_000), sent(50_000, 61_000)),
            T0,
            at(600_000),
            Duration.ofMinutes(1));

    assertThat(series.buckets())
        .extracting(Bucket::at, Bucket::enqueued, Bucket::sent, Bucket::queuedAtEnd)
        .containsExactly(tuple(at(0), 2L, 1L, 1L), tuple(at(60_000), 0L, 1L, 0L));
  }
}
