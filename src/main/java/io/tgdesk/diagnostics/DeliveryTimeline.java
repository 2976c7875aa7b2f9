package io.tgdesk.diagnostics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
   * @param queuedMax the most entries waiting at any moment in the bucket
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
      long queuedMax,
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
    // One sweep over the events, kept whole: the queue, its peak and the latencies are counted
    // together, bucket by bucket, and splitting it would hand the running counts around.
    long millis = length.toMillis();
    long queuedAtStart = 0;
    // (time, +1 created / -1 ended) inside the range, swept in time order for the peaks
    List<long[]> events = new ArrayList<>();
    TreeMap<Long, List<Long>> latencies = new TreeMap<>();
    for (Life l : lives) {
      boolean endedBefore = l.endedAt() != null && l.endedAt().isBefore(from);
      if (l.createdAt().isBefore(from) && !endedBefore) {
        queuedAtStart++;
      }
      if (inRange(l.createdAt(), from, to)) {
        events.add(new long[] {l.createdAt().toEpochMilli(), 1, 0});
      }
      if (l.endedAt() != null && inRange(l.endedAt(), from, to)) {
        events.add(new long[] {l.endedAt().toEpochMilli(), -1, l.sentAt() != null ? 1 : 0});
        if (l.sentAt() != null) {
          latencies
              .computeIfAbsent(l.endedAt().toEpochMilli() / millis, k -> new ArrayList<>())
              .add(Math.max(0, Duration.between(l.createdAt(), l.sentAt()).toMillis()));
        }
      }
    }
    // at the same instant, ends before starts: a peak is never counted twice
    events.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    List<Bucket> out = new ArrayList<>();
    long queued = queuedAtStart;
    int i = 0;
    while (i < events.size()) {
      long key = events.get(i)[0] / millis;
      long enqueued = 0;
      long ended = 0;
      long sent = 0;
      long max = queued;
      for (; i < events.size() && events.get(i)[0] / millis == key; i++) {
        long[] e = events.get(i);
        queued += e[1];
        max = Math.max(max, queued);
        if (e[1] > 0) {
          enqueued++;
        } else {
          ended++;
          sent += e[2];
        }
      }
      long[] sorted =
          latencies.getOrDefault(key, List.of()).stream()
              .mapToLong(Long::longValue)
              .sorted()
              .toArray();
      out.add(
          new Bucket(
              Instant.ofEpochMilli(key * millis),
              enqueued,
              ended,
              sent,
              Math.max(0, queued),
              Math.max(0, max),
              sorted.length == 0 ? null : DeliveryFigures.percentile(sorted, 50),
              sorted.length == 0 ? null : DeliveryFigures.percentile(sorted, 95),
              sorted.length == 0 ? null : sorted[sorted.length - 1]));
    }
    return new Series(queuedAtStart, out);
  }

  private static boolean inRange(Instant at, Instant from, Instant to) {
    return !at.isBefore(from) && at.isBefore(to);
  }
}
