package io.tgdesk.telegram.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgdesk.telegram.outbound.outbox.Lane;
import io.tgdesk.telegram.outbound.outbox.OutboxWindows;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PendingWindowTest {

  static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

  final OutboxWindows.Chain chain = new OutboxWindows.Chain(Lane.BULK, 42, 0, 9);

  /** What each read was given: null when it was to count the chains. */
  final List<List<OutboxWindows.Chain>> reads = new ArrayList<>();

  /** An outbox whose lanes hold more than a window, with one chain; every read comes back short. */
  final PendingWindow window =
      new PendingWindow(
          1,
          (bot, perLane, chains, perChain, counted) -> {
            reads.add(counted);
            return new OutboxWindows.Window(
                List.of(), counted == null ? List.of(chain) : counted, Map.of(Lane.BULK, 1L));
          });

  @Test
  void aWindowReadAgainBecauseItRanShortKeepsTheChainsCountedWithinTheMaximumAge() {
    window.current(T0);
    window.current(T0.plusMillis(500));
    window.current(T0.plus(PendingWindow.MAX_AGE));

    assertThat(reads).containsExactly(null, List.of(chain), List.of(chain));
    assertThat(window.chains()).containsExactly(Map.entry(new DeliveryPlanner.OrderKey(42, 0), 9));
  }

  @Test
  void theChainsAreCountedAgainWhenEntriesWereAddedOrTheirCountIsOlderThanTheMaximumAge() {
    window.current(T0);
    window.markStale();
    window.current(T0.plusMillis(100));
    window.current(T0.plusMillis(200));
    window.current(T0.plusMillis(100).plus(PendingWindow.MAX_AGE).plusMillis(1));

    assertThat(reads).containsExactly(null, null, List.of(chain), null);
  }
}
