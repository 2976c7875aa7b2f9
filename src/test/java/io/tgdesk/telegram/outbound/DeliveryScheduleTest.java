package io.tgdesk.telegram.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgdesk.telegram.outbound.DeliveryPlanner.Candidate;
import io.tgdesk.telegram.outbound.DeliveryPlanner.OrderKey;
import io.tgdesk.telegram.outbound.DeliveryPlanner.Plan;
import io.tgdesk.telegram.outbound.outbox.Lane;
import io.tgdesk.telegram.outbound.throttle.BotThrottle;
import io.tgdesk.telegram.outbound.throttle.Limits;
import io.tgdesk.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Whole bursts scheduled by the planner on a simulated clock (calls answer at once), against the
 * shortest makespan Telegram's limits allow: the planner's choices alone, without the machine's
 * noise (the benchmark measures the real engine). The window is the engine's: the oldest entries of
 * the lane plus the heads of the longest chains behind them.
 */
class DeliveryScheduleTest {

  static final Instant START = Instant.parse("2026-12-03T10:00:00Z");
  static final int WINDOW = 300;
  static final int CHAINS = 100;
  static final int PER_CHAIN = 4;

  @Test
  void thirtyChatsOfEightAmongThreeHundredOneOffsFinishAtTheBotsLimit() {
    List<Long> work = new ArrayList<>();
    for (int chat = 0; chat < 30; chat++) {
      for (int k = 0; k < 10; k++) {
        work.add(100_000L + chat * 10L + k); // one-offs before each chat
      }
      for (int m = 0; m < 8; m++) {
        work.add(1_000L + chat);
      }
    }
    assertThat(efficiency(work)).isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void threeGroupsOfThirtyAmongSixtyOneOffsUseEachGroupsFirstMinuteAtOnce() {
    List<Long> work = new ArrayList<>();
    for (int k = 0; k < 60; k++) {
      work.add(200_000L + k);
    }
    for (int g = 1; g <= 3; g++) {
      for (int m = 0; m < 30; m++) {
        work.add(-1_000_000_000_000L - g);
      }
    }
    assertThat(efficiency(work)).isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void sixHundredOneOffsGoAtTheBotsLimit() {
    List<Long> work = new ArrayList<>();
    for (int k = 0; k < 600; k++) {
      work.add(300_000L + k);
    }
    assertThat(efficiency(work)).isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void seededRandomMixesOfChainsGroupsAndOneOffsFinishWithinFivePercentOfTheBound() {
    for (long seed = 1; seed <= 20; seed++) {
      Random random = new Random(seed);
      List<Long> work = new ArrayList<>();
      int chains = 5 + random.nextInt(40);
      for (int c = 0; c < chains; c++) {
        int n = 2 + random.nextInt(14);
        for (int m = 0; m < n; m++) {
          work.add(10_000L + c);
        }
      }
      int groups = random.nextInt(4);
      for (int g = 0; g < groups; g++) {
        int n = 5 + random.nextInt(30);
        for (int m = 0; m < n; m++) {
          work.add(-1_000_000_000_000L - g);
        }
      }
      int oneOffs = random.nextInt(600);
      for (int k = 0; k < oneOffs; k++) {
        work.add(500_000L + k);
      }
      // Shuffle, then keep each chat's messages back to back or spread, as the seed says.
      Collections.shuffle(work, random);
      if (random.nextBoolean()) {
        work = backToBack(work);
      }
      assertThat(efficiency(work)).as("seed %d", seed).isGreaterThanOrEqualTo(0.95);
    }
  }

  /** Each chat's messages moved together, at the place of its first one. */
  private static List<Long> backToBack(List<Long> work) {
    Map<Long, Integer> count = new LinkedHashMap<>();
    work.forEach(c -> count.merge(c, 1, Integer::sum));
    List<Long> out = new ArrayList<>();
    count.forEach((chat, n) -> out.addAll(Collections.nCopies(n, chat)));
    return out;
  }

  /** Bound / makespan of the work (chat of each message, in enqueue order). */
  private static double efficiency(List<Long> work) {
    MutableClock clock = new MutableClock(START);
    BotThrottle throttle = new BotThrottle(Limits.telegramDefaults(), clock);
    TreeMap<Long, Candidate> pending = new TreeMap<>();
    long id = 1;
    for (long chat : work) {
      pending.put(
          id, new Candidate(id, chat, 0, Lane.NOTICE, BotMethod.SEND_MESSAGE, false, START));
      id++;
    }
    Map<Long, List<Instant>> sent = new HashMap<>();
    Instant last = START;
    int rounds = 0;
    while (!pending.isEmpty()) {
      assertThat(++rounds).as("rounds").isLessThan(1_000_000);
      Instant now = clock.instant();
      Plan plan =
          DeliveryPlanner.plan(
              window(pending),
              chains(pending),
              Set.of(),
              100,
              throttle,
              now,
              Duration.ofMillis(500),
              Duration.ofSeconds(1));
      for (Candidate c : plan.send()) {
        Instant at = plan.slotOf(c);
        pending.remove(c.entryId());
        sent.computeIfAbsent(c.chatId(), k -> new ArrayList<>()).add(at);
        last = last.isAfter(at) ? last : at;
      }
      // The engine looks again when the plan says (or sooner, when something changes).
      Instant next = now.plusMillis(5);
      clock.set(plan.nextLook().isAfter(next) ? plan.nextLook() : next);
    }
    for (var chat : sent.entrySet()) {
      List<Instant> times = chat.getValue();
      for (int i = 1; i < times.size(); i++) {
        assertThat(Duration.between(times.get(i - 1), times.get(i)))
            .as("spacing in chat %d", chat.getKey())
            .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
      }
    }
    double makespan = Duration.between(START, last).toMillis() / 1000.0;
    System.out.printf(
        java.util.Locale.ROOT,
        "schedule of %d calls: %d rounds, makespan %.2f s, bound %.2f s%n",
        work.size(),
        rounds,
        makespan,
        bound(work));
    return Math.min(1.0, bound(work) / Math.max(makespan, 0.001));
  }

  /**
   * The engine's window ({@code OutboxStore.window}): the oldest entries of the lane, plus the
   * first few entries of the longest chains.
   */
  private static List<Candidate> window(TreeMap<Long, Candidate> pending) {
    List<Candidate> window = new ArrayList<>(pending.values().stream().limit(WINDOW).toList());
    Set<Long> inWindow = new HashSet<>();
    window.forEach(c -> inWindow.add(c.entryId()));
    Map<OrderKey, Integer> lengths = chains(pending);
    Set<OrderKey> longest =
        lengths.entrySet().stream()
            .filter(e -> e.getValue() >= 2)
            .sorted(Map.Entry.<OrderKey, Integer>comparingByValue().reversed())
            .limit(CHAINS)
            .map(Map.Entry::getKey)
            .collect(java.util.stream.Collectors.toSet());
    Map<OrderKey, Integer> taken = new HashMap<>();
    for (Candidate c : pending.values()) {
      if (longest.contains(c.key())
          && taken.merge(c.key(), 1, Integer::sum) <= PER_CHAIN
          && !inWindow.contains(c.entryId())) {
        window.add(c);
      }
    }
    return window;
  }

  private static Map<OrderKey, Integer> chains(TreeMap<Long, Candidate> pending) {
    Map<OrderKey, Integer> perKey = new HashMap<>();
    pending.values().forEach(c -> perKey.merge(c.key(), 1, Integer::sum));
    return perKey;
  }

  /** The benchmark's lower bound: 30/s bot-wide, 1/s per chat, a group 20 in any minute. */
  static double bound(List<Long> work) {
    Map<Long, Integer> perChat = new LinkedHashMap<>();
    work.forEach(c -> perChat.merge(c, 1, Integer::sum));
    double chatBound = 0;
    for (var e : perChat.entrySet()) {
      chatBound = Math.max(chatBound, DeliveryPlanner.chainSeconds(e.getKey(), e.getValue()));
    }
    return Math.max((work.size() - 1) / 30.0, chatBound);
  }
}
