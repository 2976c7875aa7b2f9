package io.tgdesk.diagnostics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * Queue depth and delivery latency over time, from the outbox entries' own times: an entry counts
 * as queued from its creation until it was sent or ended (failed, dead, cancelled, uncertain).
 * Pure: no database, no clock. Thread-safe (stateless).
 */
public final class DeliveryTimeline {

  private DeliveryTimeline() {}

  /**
   * One outbox entry's life.
   *
   * @param endedAt when it was sent or reached a final state; null while pending or in flight
   * @param sentAt when it was sent; null unless sent
   */
  public record Life(Instant createdAt, Instant endedAt, Instant sentAt) {}

  /**
   * What happened in one bucket of time.
   *
   * @param enqueued entries created in the bucket
   * @param ended entries sent or ended in the bucket
   * @param sent entries sent in the bucket
   * @param queuedAtEnd entries created and not yet ended at the end of the bucket
   * @param latencyP50Millis enqueue → sent, median of the entries sent in the bucket; null if none
   * @param latencyP95Millis the same, 95th percentile (nearest rank)
   * @param latencyMaxMillis the same, the slowest
   */
  public record Bucket(
      Instant at,
      long enqueued,
      long ended,
      long sent,
      long queuedAtEnd,
      Long latencyP50Millis,
      Long latencyP95Millis,
      Long latencyMaxMillis) {}

  /** The series: the queue at {@code from}, then every bucket in which something happened. */
  public record Series(long queuedAtStart, List<Bucket> buckets) {}

  /**
   * Buckets of the given length over [from, to), only those in which an entry was created or ended,
   * oldest first. Between two buckets the queue stays at the earlier one's {@code queuedAtEnd}.
   */
  public static Series of(List<Life> lives, Instant from, Instant to, Duration length) {
    long millis = length.toMillis();
    long queuedAtStart = 0;
    // bucket start (epoch millis / length) -> [enqueued, ended, sent]; latencies separately
    TreeMap<Long, long[]> counts = new TreeMap<>();
    TreeMap<Long, List<Long>> latencies = new TreeMap<>();
    for (Life l : lives) {
      boolean endedBefore = l.endedAt() != null && l.endedAt().isBefore(from);
      if (l.createdAt().isBefore(from) && !endedBefore) {
        queuedAtStart++;
      }
      if (inRange(l.createdAt(), from, to)) {
        counts.computeIfAbsent(l.createdAt().toEpochMilli() / millis, k -> new long[3])[0]++;
      }
      if (l.endedAt() != null && inRange(l.endedAt(), from, to)) {
        long key = l.endedAt().toEpochMilli() / millis;
        long[] n = counts.computeIfAbsent(key, k -> new long[3]);
        n[1]++;
        if (l.sentAt() != null) {
          n[2]++;
          latencies
              .computeIfAbsent(key, k -> new ArrayList<>())
              .add(Math.max(0, Duration.between(l.createdAt(), l.sentAt()).toMillis()));
        }
      }
    }
    List<Bucket> out = new ArrayList<>();
    long queued = queuedAtStart;
    for (var e : counts.entrySet()) {
      long[] n = e.getValue();
      queued += n[0] - n[1];
      long[] sorted =
          latencies.getOrDefault(e.getKey(), List.of()).stream()
              .mapToLong(Long::longValue)
              .sorted()
              .toArray();
      out.add(
          new Bucket(
              Instant.ofEpochMilli(e.getKey() * millis),
              n[0],
              n[1],
              n[2],
              Math.max(0, queued),
              sorted.length == 0 ? null : DeliveryFigures.percentile(sorted, 50),
              sorted.length == 0 ? null : DeliveryFigures.percentile(sorted, 95),
              sorted.length == 0 ? null : Arrays.stream(sorted).max().getAsLong()));
    }
    return new Series(queuedAtStart, out);
  }

  private static boolean inRange(Instant at, Instant from, Instant to) {
    return !at.isBefore(from) && at.isBefore(to);
  }
}
