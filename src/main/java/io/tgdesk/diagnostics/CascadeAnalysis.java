package io.tgdesk.diagnostics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pure analysis of Shopify bursts and what they did to delivery: runs of a shop's webhooks dense
 * enough to be a burst, and the depth of a bot's queue over time. No database, no clock: everything
 * comes in as arguments. Thread-safe (stateless).
 */
public final class CascadeAnalysis {

  private CascadeAnalysis() {}

  /** Webhooks further apart than this end a run. */
  static final Duration GAP = Duration.ofSeconds(1);

  /** One stored webhook of a shop: when it was received, and its Shopify topic. */
  public record Webhook(Instant at, String topic) {}

  /**
   * A run of a shop's webhooks, each within a second of the one before, with at least the burst's
   * number of them within one second somewhere in the run.
   *
   * @param peakPerSecond the most webhooks within one second of the run
   * @param topics Shopify topic → webhooks
   */
  public record Burst(
      Instant start, Instant end, int webhooks, int peakPerSecond, Map<String, Long> topics) {}

  /**
   * The bursts among a shop's webhooks sorted by time.
   *
   * @param perSecond the webhooks within one second that make a run a burst, 2 or more
   */
  public static List<Burst> bursts(List<Webhook> webhooks, int perSecond) {
    List<Burst> out = new ArrayList<>();
    int start = 0;
    for (int i = 1; i <= webhooks.size(); i++) {
      boolean runEnds =
          i == webhooks.size() || webhooks.get(i).at().isAfter(webhooks.get(i - 1).at().plus(GAP));
      if (runEnds) {
        List<Webhook> run = webhooks.subList(start, i);
        int peak = peakPerSecond(run);
        if (peak >= perSecond) {
          Map<String, Long> topics = new TreeMap<>();
          run.forEach(w -> topics.merge(w.topic(), 1L, Long::sum));
          out.add(
              new Burst(run.get(0).at(), run.get(run.size() - 1).at(), run.size(), peak, topics));
        }
        start = i;
      }
    }
    return out;
  }

  /** The most webhooks of a sorted run within one second (inclusive) of each other. */
  static int peakPerSecond(List<Webhook> run) {
    int peak = 0;
    int j = 0;
    for (int i = 0; i < run.size(); i++) {
      while (run.get(i).at().isAfter(run.get(j).at().plus(GAP))) {
        j++;
      }
      peak = Math.max(peak, i - j + 1);
    }
    return peak;
  }

  /** One outbox entry's time in the queue: from enqueueing to its end (null: still open). */
  public record Life(Instant createdAt, Instant endedAt) {}

  /**
   * How the queue of a bot changed over a span.
   *
   * @param atStart entries waiting at the span's start
   * @param peak the most entries waiting at once in the span
   * @param peakAt when it first reached the peak
   */
  public record QueueGrowth(int atStart, int peak, Instant peakAt) {

    public int growth() {
      return peak - atStart;
    }
  }

  /** The bot's queue at {@code from} and at its fullest in [from, to]. */
  public static QueueGrowth queue(List<Life> lives, Instant from, Instant to) {
    int atStart = depth(lives, from);
    int peak = atStart;
    Instant peakAt = from;
    for (Life l : lives) {
      Instant t = l.createdAt();
      if (t.isAfter(from) && !t.isAfter(to)) {
        int d = depth(lives, t);
        if (d > peak || (d == peak && t.isBefore(peakAt))) {
          peak = d;
          peakAt = t;
        }
      }
    }
    return new QueueGrowth(atStart, peak, peakAt);
  }

  private static int depth(List<Life> lives, Instant t) {
    int n = 0;
    for (Life l : lives) {
      if (!l.createdAt().isAfter(t) && (l.endedAt() == null || l.endedAt().isAfter(t))) {
        n++;
      }
    }
    return n;
  }

  /**
   * A burst that delivery felt: 429s on the shop's bot after it, or its queue grew by {@code
   * queueGrowth} entries or more.
   */
  public static boolean affectedDelivery(int tooManyRequests, QueueGrowth queue, int queueGrowth) {
    return tooManyRequests > 0 || queue.growth() >= queueGrowth;
  }

  /**
   * One burst of a shop and what followed it on the shop's bot.
   *
   * @param noticeWindowSeconds the shop's setting: how long a notice waits for newer updates of the
   *     same order to coalesce into it
   * @param notices outbox entries of the shop's notices enqueued after the burst began
   * @param noticesSent of them, sent
   * @param noticesWaiting of them, still pending or in flight
   * @param noticeChats the chats they went to
   * @param tooManyRequests 429s on the shop's bot from the burst's start to its effect's end
   * @param first429 the first of them; null when there was none
   * @param effectEnd the end of the span looked at: burst end + notice window + a minute
   */
  public record Cascade(
      long shopId,
      String shop,
      long botId,
      boolean noticesEnabled,
      int noticeWindowSeconds,
      Instant start,
      Instant end,
      int webhooks,
      int peakPerSecond,
      Map<String, Long> topics,
      int notices,
      int noticesSent,
      int noticesWaiting,
      int noticeChats,
      int tooManyRequests,
      @jakarta.json.bind.annotation.JsonbNillable Instant first429,
      int queueAtStart,
      int queuePeak,
      Instant queuePeakAt,
      Instant effectEnd) {}
}
