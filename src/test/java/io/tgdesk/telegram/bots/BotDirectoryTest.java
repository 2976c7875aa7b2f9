package io.tgdesk.telegram.bots;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgdesk.testing.MutableClock;
import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The webhook's bot cache: found bots for a few seconds, unknown ids never. */
class BotDirectoryTest {

  /**
   * The bot table as a map: the one part of BotStore the directory reads (JPA does not run here).
   */
  static final class BotTable extends BotStore {
    final Map<Long, Bot> rows = new HashMap<>();
    final AtomicInteger reads = new AtomicInteger();

    @Override
    public Optional<Bot> find(BotId id) {
      reads.incrementAndGet();
      return Optional.ofNullable(rows.get(id.value()));
    }
  }

  private final BotTable table = new BotTable();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
  private final BotDirectory directory = new BotDirectory();

  {
    directory.store = table;
    directory.clock = clock;
  }

  @Test
  void aThousandUnknownIdsLeaveNothingBehind() {
    for (long id = 1; id <= 1000; id++) {
      assertThat(directory.findWebhookCredentials(BotId.of(id))).isEmpty();
    }

    assertThat(directory.cachedBots()).isZero();
  }

  @Test
  void aKnownBotIsReadOnceWithinTheTtlAndAgainAfterIt() {
    table.rows.put(
        7L,
        new Bot(
            "b",
            "1:x",
            BotMode.WEBHOOK,
            "secret-7",
            URI.create("http://localhost"),
            0,
            1,
            clock.instant()));

    directory.findWebhookCredentials(BotId.of(7));
    directory.findWebhookCredentials(BotId.of(7));
    assertThat(table.reads).hasValue(1);
    assertThat(directory.cachedBots()).isEqualTo(1);

    clock.advance(BotDirectory.TTL.plusSeconds(1));
    assertThat(directory.findWebhookCredentials(BotId.of(7)).orElseThrow().secret())
        .isEqualTo("secret-7");
    assertThat(table.reads).hasValue(2);
  }

  @Test
  void aBotCreatedAfterAMissIsFoundAtOnce() {
    assertThat(directory.findWebhookCredentials(BotId.of(9))).isEmpty();
    table.rows.put(
        9L,
        new Bot(
            "c",
            "2:y",
            BotMode.WEBHOOK,
            "secret-9",
            URI.create("http://localhost"),
            0,
            1,
            clock.instant()));

    assertThat(directory.findWebhookCredentials(BotId.of(9))).isPresent();
  }
}
