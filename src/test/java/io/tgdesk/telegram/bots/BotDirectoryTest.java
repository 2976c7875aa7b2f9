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

  @Test
  void theFloodLimitComesFromTheSameCachedRow() {
    Bot bot =
        new Bot(
            "d",
            "3:z",
            BotMode.WEBHOOK,
            "secret-11",
            URI.create("http://localhost"),
            0,
            1,
            clock.instant());
    bot.changeFloodLimit(5, null);
    table.rows.put(11L, bot);

    directory.findWebhookCredentials(BotId.of(11));
    BotDirectory.FloodLimit limit = directory.findFloodLimit(BotId.of(11)).orElseThrow();

    assertThat(limit.maxMessages()).isEqualTo(5);
    assertThat(limit.periodSeconds()).isNull();
    assertThat(table.reads).hasValue(1);
  }

  @Test
  void aChangedBotIsReadAgainAtOnce() {
    Bot bot =
        new Bot(
            "e",
            "4:w",
            BotMode.WEBHOOK,
            "secret-12",
            URI.create("http://localhost"),
            0,
            1,
            clock.instant());
    table.rows.put(12L, bot);
    assertThat(directory.findFloodLimit(BotId.of(12)).orElseThrow().maxMessages()).isNull();

    bot.changeFloodLimit(3, 60);
    directory.onChange(new BotsChanged(BotId.of(12)));

    assertThat(directory.findFloodLimit(BotId.of(12)).orElseThrow().maxMessages()).isEqualTo(3);
    assertThat(table.reads).hasValue(2);
  }
}
