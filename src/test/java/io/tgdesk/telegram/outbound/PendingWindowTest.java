package io.tgdesk.telegram.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgdesk.telegram.outbound.outbox.Lane;
import io.tgdesk.telegram.outbound.outbox.OutboxWindows;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PendingWindowTest {

  /** A store whose window holds nothing and cuts the given lanes. */
  private static OutboxWindows cutting(Set<Lane> cut) {
    return new OutboxWindows() {
      @Override
      public Window read(long botId, int perLane, int chains, int perChain) {
        return new Window(List.of(), List.of(), cut);
      }
    };
  }

  @Test
  void beforeItsFirstReadEveryLaneMayHideOlderEntries() {
    PendingWindow window = new PendingWindow(1, cutting(EnumSet.noneOf(Lane.class)));

    for (Lane lane : Lane.values()) {
      assertThat(window.mayHideOlderThan(lane)).as(lane.name()).isTrue();
    }
  }

  @Test
  void withEveryLaneReadWholeNoEntryHasAnOlderOneOutsideTheWindow() {
    PendingWindow window = new PendingWindow(1, cutting(EnumSet.noneOf(Lane.class)));

    window.current(Instant.parse("2026-12-01T10:00:00Z"));

    for (Lane lane : Lane.values()) {
      assertThat(window.mayHideOlderThan(lane)).as(lane.name()).isFalse();
    }
  }

  @Test
  void aCutLaneHidesOlderEntriesFromTheOtherLanesOnly() {
    PendingWindow window = new PendingWindow(1, cutting(EnumSet.of(Lane.BULK)));

    window.current(Instant.parse("2026-12-01T10:00:00Z"));

    assertThat(window.mayHideOlderThan(Lane.BULK)).isFalse();
    assertThat(window.mayHideOlderThan(Lane.AGENT_REPLY)).isTrue();
    assertThat(window.mayHideOlderThan(Lane.NOTICE)).isTrue();
  }
}
