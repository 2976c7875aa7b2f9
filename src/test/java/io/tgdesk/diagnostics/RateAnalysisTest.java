package io.tgdesk.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RateAnalysisTest {

  static final Instant T0 = Instant.parse("2026-01-31T12:00:00Z");

  static RateAnalysis.Hit hit(long seconds, long chat, String category, Integer retryAfter) {
    return new RateAnalysis.Hit(T0.plusSeconds(seconds), chat, "sendMessage", category, retryAfter);
  }

  @Test
  void nWithinTMakeAClusterAndFewerDoNot() {
    List<RateAnalysis.Hit> hits =
        List.of(hit(0, 1, "bulk", 5), hit(10, 2, "bulk", 5), hit(20, 3, "bulk", 12));

    assertThat(RateAnalysis.clusters(hits, 3, Duration.ofSeconds(60))).hasSize(1);
    assertThat(RateAnalysis.clusters(hits, 4, Duration.ofSeconds(60))).isEmpty();
    assertThat(RateAnalysis.clusters(hits, 3, Duration.ofSeconds(15))).isEmpty();
  }

  @Test
  void aClusterTellsItsScopeMethodsCategoriesAndRetryAfterRange() {
    List<RateAnalysis.Hit> hits =
        List.of(hit(0, 1, "bulk", 5), hit(1, 2, "bulk", 7), hit(2, 3, "notice", 3));

    RateAnalysis.Cluster c = RateAnalysis.clusters(hits, 3, Duration.ofSeconds(60)).get(0);

    assertThat(c.scope()).isEqualTo("bot");
    assertThat(c.count()).isEqualTo(3);
    assertThat(c.start()).isEqualTo(T0);
    assertThat(c.end()).isEqualTo(T0.plusSeconds(2));
    assertThat(c.categories()).containsEntry("bulk", 2L).containsEntry("notice", 1L);
    assertThat(c.methods()).containsOnlyKeys("sendMessage");
    assertThat(c.minRetryAfter()).isEqualTo(3);
    assertThat(c.maxRetryAfter()).isEqualTo(7);
  }

  @Test
  void hitsOfOneChatAreAChatScopedCluster() {
    List<RateAnalysis.Hit> hits =
        List.of(hit(0, 9, "agent-reply", 2), hit(3, 9, "agent-reply", 4), hit(6, 9, "x", 8));

    assertThat(RateAnalysis.clusters(hits, 3, Duration.ofSeconds(60)).get(0).scope())
        .isEqualTo("chat");
  }

  @Test
  void aLongGapSplitsRunsIntoSeparateClusters() {
    List<RateAnalysis.Hit> hits =
        List.of(
            hit(0, 1, "bulk", 5),
            hit(1, 2, "bulk", 5),
            hit(2, 3, "bulk", 5),
            hit(600, 1, "bulk", 40),
            hit(601, 2, "bulk", 80),
            hit(602, 3, "bulk", 160));

    List<RateAnalysis.Cluster> clusters = RateAnalysis.clusters(hits, 3, Duration.ofSeconds(60));

    assertThat(clusters).hasSize(2);
    assertThat(clusters.get(1).maxRetryAfter()).isEqualTo(160);
  }

  @Test
  void retryAfterFallsIntoBandsThatTellCausesApart() {
    var d =
        RateAnalysis.retryAfterDistribution(
            List.of(
                hit(0, 1, "b", 3),
                hit(0, 1, "b", 35),
                hit(0, 1, "b", 120),
                hit(0, 1, "b", 3600),
                hit(0, 1, "b", null)));

    assertThat(d)
        .containsEntry("1-10", 1L)
        .containsEntry("11-60", 1L)
        .containsEntry("61-240", 1L)
        .containsEntry(">240", 1L)
        .containsEntry("none", 1L);
  }

  @Test
  void bucketsCountCallsAndTooManyRequestsPerSecondAndThePeakIsTheFullest() {
    List<RateAnalysis.Call> calls =
        List.of(
            new RateAnalysis.Call(T0.plusMillis(100), 1L, false),
            new RateAnalysis.Call(T0.plusMillis(900), 2L, true),
            new RateAnalysis.Call(T0.plusMillis(1500), 1L, false),
            new RateAnalysis.Call(T0.plusMillis(1600), 1L, false),
            new RateAnalysis.Call(T0.plusMillis(1700), 3L, false));

    List<RateAnalysis.Bucket> buckets = RateAnalysis.buckets(calls, Duration.ofSeconds(1));

    assertThat(buckets)
        .containsExactly(
            new RateAnalysis.Bucket(T0, 2, 1), new RateAnalysis.Bucket(T0.plusSeconds(1), 3, 0));
    assertThat(RateAnalysis.peak(buckets).at()).isEqualTo(T0.plusSeconds(1));
    assertThat(RateAnalysis.peak(List.of())).isNull();
  }

  @Test
  void percentilesAreNearestRank() {
    long[] sorted = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
    assertThat(DeliveryFigures.percentile(sorted, 50)).isEqualTo(50);
    assertThat(DeliveryFigures.percentile(sorted, 95)).isEqualTo(100);
    assertThat(DeliveryFigures.percentile(new long[] {7}, 99)).isEqualTo(7);
  }

  static final RateAnalysis.ChatLimits CHAT_LIMITS =
      new RateAnalysis.ChatLimits(Duration.ofSeconds(1), Duration.ofSeconds(1), 20);

  /** A call {@code millis} after T0: delivered (errorCode null) or refused with 429. */
  static RateAnalysis.TokenCall sent(long millis, long chat) {
    return new RateAnalysis.TokenCall(T0.plusMillis(millis), chat, null, null, 0);
  }

  static RateAnalysis.TokenCall refused(long millis, long chat, int retryAfter) {
    return new RateAnalysis.TokenCall(T0.plusMillis(millis), chat, 429, retryAfter, 0);
  }

  /**
   * {@code count} delivered calls to distinct chats from {@code chat}, evenly over {@code span}.
   */
  static List<RateAnalysis.TokenCall> spread(
      long startMillis, long spanMillis, int count, long chat) {
    return IntStream.range(0, count)
        .mapToObj(i -> sent(startMillis + i * spanMillis / count, chat + i))
        .toList();
  }

  static List<RateAnalysis.TokenCall> concat(
      List<RateAnalysis.TokenCall> a, RateAnalysis.TokenCall... b) {
    List<RateAnalysis.TokenCall> out = new java.util.ArrayList<>(a);
    out.addAll(List.of(b));
    out.sort(java.util.Comparator.comparing(RateAnalysis.TokenCall::at));
    return out;
  }

  @Test
  void
      a429InAQuietChatWhileTgDeskStayedWithinTheBudgetBeginsABurstThatHoldsTheRefusalsDuringItsWait() {
    // 15 calls in the second before, then a 429 with retry_after 2, and two more during the wait
    List<RateAnalysis.TokenCall> calls =
        concat(
            spread(10, 990, 15, 100),
            refused(1000, 200, 2),
            refused(1500, 201, 4),
            refused(2900, 202, 2));

    List<RateAnalysis.TokenBurst> bursts = RateAnalysis.tokenBursts(calls, T0, CHAT_LIMITS);

    assertThat(bursts).hasSize(1);
    RateAnalysis.TokenBurst burst = bursts.get(0);
    assertThat(burst.tooManyRequests()).isEqualTo(3);
    assertThat(burst.start()).isEqualTo(T0.plusMillis(1000));
    assertThat(burst.end()).isEqualTo(T0.plusMillis(2900));
    // the 15 calls and the refused one itself; the later ones see fewer
    assertThat(burst.ownPeakPerSecond()).isEqualTo(16);
    assertThat(burst.within(30)).isTrue();
    assertThat(burst.retryAfters()).containsExactly(2, 4, 2);
    assertThat(burst.minRetryAfter()).isEqualTo(2);
    assertThat(burst.maxRetryAfter()).isEqualTo(4);
  }

  @Test
  void a429AfterTheWaitRanOutBeginsANewBurstEvenInTheChatThatWasRefusedBefore() {
    // a refused call does not make its chat busy: Telegram did not take it
    List<RateAnalysis.TokenCall> calls =
        List.of(sent(0, 1), refused(100, 200, 1), refused(1200, 200, 1), sent(2500, 200));

    List<RateAnalysis.TokenBurst> bursts = RateAnalysis.tokenBursts(calls, T0, CHAT_LIMITS);

    assertThat(bursts)
        .extracting(RateAnalysis.TokenBurst::start)
        .containsExactly(T0.plusMillis(100), T0.plusMillis(1200));
    assertThat(bursts).extracting(RateAnalysis.TokenBurst::ownPeakPerSecond).containsExactly(2, 1);
  }

  @Test
  void callsOnTheirWayWhenTelegramRefusedOneCountAsTgDesksOwnEvenIfTheyStartedAfterIt() {
    // 40 calls started within 40 ms, each answered 300 ms later; Telegram refused the 10th one to
    // start, which it read after the others: all 40 count before its 429, not 10
    List<RateAnalysis.TokenCall> calls = new java.util.ArrayList<>();
    for (int i = 0; i < 40; i++) {
      calls.add(
          i == 9
              ? new RateAnalysis.TokenCall(T0.plusMillis(i), 300L + i, 429, 1, 300)
              : new RateAnalysis.TokenCall(T0.plusMillis(i), 100L + i, null, null, 300));
    }

    List<RateAnalysis.TokenBurst> bursts = RateAnalysis.tokenBursts(calls, T0, CHAT_LIMITS);

    assertThat(bursts).hasSize(1);
    assertThat(bursts.get(0).ownPeakPerSecond()).isEqualTo(40);
    assertThat(bursts.get(0).within(30)).isFalse();
  }

  @Test
  void tgDeskOverrunningTheBudgetIsNotWithinIt() {
    // 40 calls in half a second: more than the bot's 30/s before the 429
    List<RateAnalysis.TokenCall> calls = concat(spread(0, 500, 40, 100), refused(500, 300, 1));

    List<RateAnalysis.TokenBurst> bursts = RateAnalysis.tokenBursts(calls, T0, CHAT_LIMITS);

    assertThat(bursts).hasSize(1);
    assertThat(bursts.get(0).ownPeakPerSecond()).isEqualTo(41);
    assertThat(bursts.get(0).within(30)).isFalse();
  }

  @Test
  void a429InABusyChatIsTheChatsOwnLimitAndSoAreTheRefusalsInThatChatDuringItsWait() {
    List<RateAnalysis.TokenCall> calls =
        List.of(
            sent(0, 7),
            refused(500, 7, 3),
            // the same chat during its wait: still the chat's limit
            refused(2000, 7, 3),
            // another, quiet chat: the bot's budget
            refused(2100, 8, 1));

    List<RateAnalysis.TokenBurst> bursts = RateAnalysis.tokenBursts(calls, T0, CHAT_LIMITS);

    assertThat(bursts)
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.start()).isEqualTo(T0.plusMillis(2100));
              assertThat(b.tooManyRequests()).isEqualTo(1);
            });
  }

  @Test
  void aGroupThatHadItsMinuteOfMessagesIsBusyAfterItsSpacing() {
    List<RateAnalysis.TokenCall> calls = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) {
      calls.add(sent(i * 2500L, -100));
    }
    calls.add(refused(20 * 2500L, -100, 5));
    calls.add(refused(20 * 2500L + 10_000, -101, 5));

    List<RateAnalysis.TokenBurst> bursts = RateAnalysis.tokenBursts(calls, T0, CHAT_LIMITS);

    assertThat(bursts)
        .extracting(RateAnalysis.TokenBurst::start)
        .containsExactly(T0.plusMillis(20 * 2500L + 10_000));
  }

  @Test
  void refusalsBeforeTheRangeAreOnlyContext() {
    List<RateAnalysis.TokenCall> calls =
        List.of(refused(0, 1, 5), refused(2000, 2, 3), refused(6000, 3, 1));

    List<RateAnalysis.TokenBurst> bursts =
        RateAnalysis.tokenBursts(calls, T0.plusMillis(1000), CHAT_LIMITS);

    // the burst that began before the range is not counted, nor the refusal during its wait
    assertThat(bursts)
        .extracting(RateAnalysis.TokenBurst::start)
        .containsExactly(T0.plusMillis(6000));
  }

  @Test
  void retryAfterValuesFallIntoTheirBands() {
    assertThat(RateAnalysis.retryAfterBands(java.util.Arrays.asList(2, 30, 120, 300, null)))
        .containsExactly(
            java.util.Map.entry("1-10", 1L),
            java.util.Map.entry("11-60", 1L),
            java.util.Map.entry("61-240", 1L),
            java.util.Map.entry(">240", 1L),
            java.util.Map.entry("none", 1L));
  }
}
