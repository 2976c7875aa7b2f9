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
    return retryAfterBands(hits.stream().map(Hit::retryAfter).toList());
  }

  /** As {@link #retryAfterDistribution}, of the retry_after values themselves (null: none). */
  public static Map<String, Long> retryAfterBands(List<Integer> retryAfters) {
    Map<String, Long> out = new java.util.LinkedHashMap<>();
    for (String band : List.of("1-10", "11-60", "61-240", ">240", "none")) {
      out.put(band, 0L);
    }
    for (Integer r : retryAfters) {
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

  /**
   * One audited call through a bot's token, for {@link #tokenBursts}.
   *
   * @param at when TgDesk began the call
   * @param latencyMillis how long its answer took
   */
  public record TokenCall(
      Instant at, Long chatId, Integer errorCode, Integer retryAfter, long latencyMillis) {

    /** When its answer came: Telegram counted it, or refused it, at some moment before. */
    Instant answeredAt() {
      return at.plusMillis(latencyMillis);
    }

    boolean tooManyRequests() {
      return errorCode != null && errorCode == 429;
    }

    /** Telegram took it: only such calls count toward a chat's limit. */
    boolean delivered() {
      return errorCode == null;
    }
  }

  /** How a chat's own limit is told from the bot's: a chat is busy within these of a message. */
  public record ChatLimits(Duration privateSpacing, Duration groupSpacing, int groupPerMinute) {}

  /**
   * A run of 429s over the bot's whole budget: it began with a 429 in a chat that was quiet (so not
   * the chat's own limit) after every earlier wait had ended, and holds the 429s that came while
   * its retry_after ran (its consequences).
   *
   * @param ownPeakPerSecond TgDesk's most calls through the token in the second up to one of its
   *     429s (each second counted up to and including the refused call)
   * @param retryAfters the retry_after of each of its 429s that had one, in order
   */
  public record TokenBurst(
      Instant start,
      Instant end,
      int tooManyRequests,
      int ownPeakPerSecond,
      List<Integer> retryAfters) {

    public Integer minRetryAfter() {
      return retryAfters.stream().min(Integer::compare).orElse(null);
    }

    public Integer maxRetryAfter() {
      return retryAfters.stream().max(Integer::compare).orElse(null);
    }

    /** TgDesk's own calls stayed within {@code limitPerSecond} in every second before its 429s. */
    public boolean within(int limitPerSecond) {
      return ownPeakPerSecond <= limitPerSecond;
    }
  }

  /**
   * The bot-wide 429 bursts among a bot's calls, oldest first. A 429 begins a burst when no wait of
   * an earlier burst still runs and its chat was quiet: no delivered message to it within the
   * chat's spacing and a second of slack before (the delivery engine's own test), and for a group
   * fewer than its minute's limit in the minute before. A 429 in a busy chat is that chat's own
   * limit: it and the 429s in the same chat during its retry_after belong to no burst. Only 429s at
   * or after {@code from} are counted; the calls before it serve as context.
   *
   * @param calls every audited call of one bot, oldest first, from a minute before {@code from}
   */
  public static List<TokenBurst> tokenBursts(
      List<TokenCall> calls, Instant from, ChatLimits chatLimits) {
    List<TokenBurst> out = new ArrayList<>();
    Map<Long, java.util.ArrayDeque<Instant>> delivered = new java.util.HashMap<>();
    Map<Long, Instant> chatWaitEnds = new java.util.HashMap<>();
    BurstBuilder burst = null;
    for (int i = 0; i < calls.size(); i++) {
      TokenCall c = calls.get(i);
      if (c.tooManyRequests()) {
        int own = ownCallsBefore(calls, i);
        Instant waitEnds = c.at().plusSeconds(c.retryAfter() == null ? 0 : c.retryAfter());
        Instant chatWait = c.chatId() == null ? null : chatWaitEnds.get(c.chatId());
        if (burst != null && c.at().isBefore(burst.waitEnds)) {
          burst.add(c, own, waitEnds);
        } else if (chatWait != null && c.at().isBefore(chatWait)) {
          chatWaitEnds.put(c.chatId(), later(chatWait, waitEnds));
        } else if (c.chatId() == null || isQuiet(delivered.get(c.chatId()), c, chatLimits)) {
          if (burst != null && burst.counted) {
            out.add(burst.build());
          }
          burst = new BurstBuilder(!c.at().isBefore(from));
          burst.add(c, own, waitEnds);
        } else {
          chatWaitEnds.put(c.chatId(), waitEnds);
        }
      } else if (c.delivered() && c.chatId() != null) {
        var times = delivered.computeIfAbsent(c.chatId(), k -> new java.util.ArrayDeque<>());
        times.addLast(c.at());
        while (times.size() > Math.max(1, chatLimits.groupPerMinute())) {
          times.removeFirst();
        }
      }
    }
    if (burst != null && burst.counted) {
      out.add(burst.build());
    }
    return out;
  }

  /**
   * TgDesk's calls that Telegram may have counted when it refused call {@code i}: those begun in
   * the second before its answer came. A call begun after the refused one but sent beside it may
   * have reached Telegram first; counting by the start of the refused call alone would miss it.
   */
  private static int ownCallsBefore(List<TokenCall> calls, int i) {
    Instant answered = calls.get(i).answeredAt();
    Instant secondBefore = answered.minusSeconds(1);
    int first = i;
    while (first > 0 && calls.get(first - 1).at().isAfter(secondBefore)) {
      first--;
    }
    int last = i;
    while (last + 1 < calls.size() && !calls.get(last + 1).at().isAfter(answered)) {
      last++;
    }
    return last - first + 1;
  }

  private static boolean isQuiet(
      java.util.ArrayDeque<Instant> delivered, TokenCall c, ChatLimits limits) {
    if (delivered == null || delivered.isEmpty()) {
      return true;
    }
    boolean group = c.chatId() < 0;
    Duration spacing = group ? limits.groupSpacing() : limits.privateSpacing();
    if (delivered.peekLast().plus(spacing).plusSeconds(1).isAfter(c.at())) {
      return false;
    }
    return !group
        || delivered.size() < limits.groupPerMinute()
        || !delivered.peekFirst().plus(Duration.ofMinutes(1)).isAfter(c.at());
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  /** A burst being read. */
  private static final class BurstBuilder {
    final boolean counted;
    Instant start;
    Instant end;
    Instant waitEnds;
    int tooManyRequests;
    int ownPeak;
    final List<Integer> retryAfters = new ArrayList<>();

    BurstBuilder(boolean counted) {
      this.counted = counted;
    }

    void add(TokenCall c, int own, Instant waitEnds) {
      start = start == null ? c.at() : start;
      end = c.at();
      this.waitEnds = this.waitEnds == null ? waitEnds : later(this.waitEnds, waitEnds);
      tooManyRequests++;
      ownPeak = Math.max(ownPeak, own);
      if (c.retryAfter() != null) {
        retryAfters.add(c.retryAfter());
      }
    }

    TokenBurst build() {
      return new TokenBurst(start, end, tooManyRequests, ownPeak, List.copyOf(retryAfters));
    }
  }
}
