package io.tgdesk.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgdesk.diagnostics.CascadeAnalysis.Burst;
import io.tgdesk.diagnostics.CascadeAnalysis.Life;
import io.tgdesk.diagnostics.CascadeAnalysis.QueueGrowth;
import io.tgdesk.diagnostics.CascadeAnalysis.Webhook;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CascadeAnalysisTest {

  static final Instant T0 = Instant.parse("2026-11-27T09:00:00Z");

  static Instant at(double seconds) {
    return T0.plusMillis(Math.round(seconds * 1000));
  }

  static List<Webhook> every(double fromSeconds, double stepSeconds, int n, String topic) {
    List<Webhook> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new Webhook(at(fromSeconds + i * stepSeconds), topic));
    }
    return out;
  }

  @Test
  void fiveWebhooksWithinASecondMakeABurstWithItsSizePeakAndTopics() {
    List<Webhook> webhooks = new ArrayList<>(every(0, 0.1, 4, "orders/create"));
    webhooks.addAll(every(0.4, 0.3, 4, "orders/paid"));

    List<Burst> bursts = CascadeAnalysis.bursts(webhooks, 5);

    assertThat(bursts).hasSize(1);
    Burst b = bursts.get(0);
    assertThat(b.webhooks()).isEqualTo(8);
    assertThat(b.peakPerSecond()).isEqualTo(7);
    assertThat(b.start()).isEqualTo(T0);
    assertThat(b.end()).isEqualTo(at(1.3));
    assertThat(b.topics()).containsEntry("orders/create", 4L).containsEntry("orders/paid", 4L);
  }

  @Test
  void aQuietShopHasNoBurstHoweverManyWebhooksItGetsOverTime() {
    assertThat(CascadeAnalysis.bursts(every(0, 2, 50, "orders/updated"), 5)).isEmpty();
    assertThat(CascadeAnalysis.bursts(every(0, 0.3, 4, "orders/updated"), 5)).isEmpty();
  }

  @Test
  void runsSeparatedByMoreThanASecondAreSeparateBursts() {
    List<Webhook> webhooks = new ArrayList<>(every(0, 0.1, 5, "orders/create"));
    webhooks.addAll(every(10, 0.1, 6, "orders/updated"));

    assertThat(CascadeAnalysis.bursts(webhooks, 5))
        .extracting(Burst::webhooks)
        .containsExactly(5, 6);
  }

  @Test
  void theQueueGrowsWithEntriesWaitingAtOnceAndNotWithEntriesSentOneByOne() {
    List<Life> piled =
        List.of(
            new Life(at(-5), at(1)), // waiting at the start
            new Life(at(1), null),
            new Life(at(2), null),
            new Life(at(3), at(10)));
    List<Life> flowing =
        List.of(new Life(at(1), at(1.5)), new Life(at(2), at(2.5)), new Life(at(3), at(3.5)));

    QueueGrowth grew = CascadeAnalysis.queue(piled, T0, at(60));
    QueueGrowth flat = CascadeAnalysis.queue(flowing, T0, at(60));

    assertThat(grew.atStart()).isEqualTo(1);
    assertThat(grew.peak()).isEqualTo(3);
    assertThat(grew.peakAt()).isEqualTo(at(3));
    assertThat(grew.growth()).isEqualTo(2);
    assertThat(flat.growth()).isEqualTo(1);
    assertThat(CascadeAnalysis.affectedDelivery(0, grew, 2)).isTrue();
    assertThat(CascadeAnalysis.affectedDelivery(0, flat, 2)).isFalse();
    assertThat(CascadeAnalysis.affectedDelivery(1, flat, 2)).isTrue();
  }
}
