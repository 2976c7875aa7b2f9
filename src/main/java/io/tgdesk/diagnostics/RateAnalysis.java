package io.tgdesk.diagnostics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Pure analysis of audited calls: 429 clusters, the retry_after distribution, rate buckets. No
 * database, no clock: everything comes in as arguments. Thread-safe (stateless).
 */
public final class RateAnalysis {

  private RateAnalysis() {}

  /** One 429 answer. */
  public record Hit(Instant at, Long chatId, String method, String category, Integer retryAfter) {}

  /**
   * A run of 429 answers: each within the window of the one before, with at least N of them within
   * one window somewhere in the run.
   *
   * @param scope {@code chat} when all hit one chat, else {@code bot} (the bot's overall budget)
   */
  public record Cluster(
      Instant start,
      Instant end,
      int count,
      String scope,
      Map<String, Long> methods,
      Map<String, Long> categories,
      Map<Long, Long> chats,
      Integer minRetryAfter,
      Integer maxRetryAfter) {}

  /**
   * The 429 clusters among hits sorted by time.
   *
   * @param size N, 2 or more
   * @param window T
   */
  public static List<Cluster> clusters(List<Hit> hits, int size, Duration window) {
    List<Cluster> out = new ArrayList<>();
    int start = 0;
    for (int i = 1; i <= hits.size(); i++) {
      boolean runEnds =
          i == hits.size() || hits.get(i).at().isAfter(hits.get(i - 1).at().plus(window));
      if (runEnds) {
        List<Hit> run = hits.subList(start, i);
        if (hasDenseStretch(run, size, window)) {
          out.add(clusterOf(run));
        }
        start = i;
      }
    }
    return out;
  }

  private static boolean hasDenseStretch(List<Hit> run, int size, Duration window) {
    for (int i = 0; i + size - 1 < run.size(); i++) {
      if (!run.get(i + size - 1).at().isAfter(run.get(i).at().plus(window))) {
        return true;
      }
    }
    return false;
  }

  private static Cluster clusterOf(List<Hit> run) {
    Map<Long, Long> chats = count(run, h -> h.chatId() == null ? 0L : h.chatId());
    return new Cluster(
        run.get(0).at(),
        run.get(run.size() - 1).at(),
        run.size(),
        chats.size() == 1 ? "chat" : "bot",
        count(run, Hit::method),
        count(run, Hit::category),
        chats,
        run.stream().map(Hit::retryAfter).filter(r -> r != null).min(Integer::compare).orElse(null),
        run.stream()
            .map(Hit::retryAfter)
            .filter(r -> r != null)
            .max(Integer::compare)
            .orElse(null));
  }

  private static <K> Map<K, Long> count(List<Hit> hits, Function<Hit, K> key) {
    return hits.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
  }

  /**
   * How many 429s said to wait how long, in bands that tell causes apart: 1-10 s (a chat's burst),
   * 11-60 s (the usual), 61-240 s (kept sending while told to wait), over 240 s.
   */
  public static Map<String, Long> retryAfterDistribution(List<Hit> hits) {
    Map<String, Long> out = new java.util.LinkedHashMap<>();
    for (String band : List.of("1-10", "11-60", "61-240", ">240", "none")) {
      out.put(band, 0L);
    }
    for (Hit h : hits) {
      Integer r = h.retryAfter();
      String band =
          r == null ? "none" : r <= 10 ? "1-10" : r <= 60 ? "11-60" : r <= 240 ? "61-240" : ">240";
      out.merge(band, 1L, Long::sum);
    }
    return out;
  }

  /** Calls (and 429s among them) in one bucket of time. */
  public record Bucket(Instant at, long calls, long tooManyRequests) {}

  /** One call, for rate buckets. */
  public record Call(Instant at, Long chatId, boolean tooManyRequests) {}

  /** Counts calls into buckets of the given length (non-empty buckets only, oldest first). */
  public static List<Bucket> buckets(List<Call> calls, Duration length) {
    long millis = length.toMillis();
    TreeMap<Long, long[]> counts = new TreeMap<>();
    for (Call c : calls) {
      long[] n = counts.computeIfAbsent(c.at().toEpochMilli() / millis, k -> new long[2]);
      n[0]++;
      if (c.tooManyRequests()) {
        n[1]++;
      }
    }
    List<Bucket> out = new ArrayList<>();
    counts.forEach((k, n) -> out.add(new Bucket(Instant.ofEpochMilli(k * millis), n[0], n[1])));
    return out;
  }

  /** The fullest bucket, or null when there is none. */
  public static Bucket peak(List<Bucket> buckets) {
    Bucket best = null;
    for (Bucket b : buckets) {
      if (best == null || b.calls() > best.calls()) {
        best = b;
      }
    }
    return best;
  }
}
