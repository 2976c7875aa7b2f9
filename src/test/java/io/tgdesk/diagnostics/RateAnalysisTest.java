package io.tgdesk.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
}
