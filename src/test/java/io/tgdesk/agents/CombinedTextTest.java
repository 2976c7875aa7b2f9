package io.tgdesk.agents;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CombinedTextTest {

  @Test
  void eachTextFollowsItsTimeInOrderAndTheCountComesLast() {
    String text =
        CombinedText.of(
            List.of(
                new CombinedText.Part(Instant.parse("2026-12-04T10:41:02Z"), "Hello?"),
                new CombinedText.Part(Instant.parse("2026-12-04T10:41:05.900Z"), "Anyone there?"),
                new CombinedText.Part(Instant.parse("2026-12-04T10:41:09Z"), "Order #1001")));

    assertThat(text)
        .isEqualTo(
            "[10:41:02] Hello?\n[10:41:05] Anyone there?\n[10:41:09] Order #1001\n(3 messages)");
  }

  @Test
  void timesAreInUtcWhateverTheServersZone() {
    String text =
        CombinedText.of(
            List.of(
                new CombinedText.Part(Instant.parse("2026-12-04T23:59:59Z"), "a"),
                new CombinedText.Part(Instant.parse("2026-12-05T00:00:00Z"), "b")));

    assertThat(text).startsWith("[23:59:59] a\n[00:00:00] b\n");
  }
}
