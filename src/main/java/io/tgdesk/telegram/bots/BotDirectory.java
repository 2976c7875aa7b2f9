package io.tgdesk.telegram.bots;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What intake needs to know about a bot on every update (the webhook's credentials, the flood limit
 * of its customers), cached for a few seconds so that intake does not read the bot row each time. A
 * change made on this server is seen at once; one made on another server within {@link #TTL}. Only
 * bots that exist are cached (at most one entry per bot row): a request for an unknown bot id reads
 * the database and leaves nothing behind, so anonymous callers cannot grow the cache.
 */
@ApplicationScoped
public class BotDirectory {

  static final Duration TTL = Duration.ofSeconds(5);

  /** The bot's webhook credentials. */
  public record WebhookCredentials(BotId botId, String secret, boolean enabled) {}

  /**
   * The bot's own flood limit, read with every customer message: either part null where the bot
   * takes the default.
   */
  public record FloodLimit(Integer maxMessages, Integer periodSeconds) {}

  /** What is kept of a bot row. */
  private record Known(WebhookCredentials credentials, FloodLimit flood) {}

  private record Entry(Known bot, Instant expires) {}

  @Inject BotStore store;
  @Inject Clock clock;

  private final ConcurrentHashMap<Long, Entry> cache = new ConcurrentHashMap<>();

  public Optional<WebhookCredentials> findWebhookCredentials(BotId id) {
    return find(id).map(Known::credentials);
  }

  public Optional<FloodLimit> findFloodLimit(BotId id) {
    return find(id).map(Known::flood);
  }

  private Optional<Known> find(BotId id) {
    Instant now = clock.instant();
    Entry entry = cache.get(id.value());
    if (entry == null || now.isAfter(entry.expires())) {
      Optional<Known> loaded =
          store
              .find(id)
              .map(
                  b ->
                      new Known(
                          new WebhookCredentials(id, b.webhookSecret(), b.enabled()),
                          new FloodLimit(b.floodMaxMessages(), b.floodPeriodSeconds())));
      if (loaded.isEmpty()) {
        cache.remove(id.value());
        return loaded;
      }
      entry = new Entry(loaded.get(), now.plus(TTL));
      cache.put(id.value(), entry);
    }
    return Optional.of(entry.bot());
  }

  /** How many bots the cache holds (for tests: it never holds an unknown id). */
  int cachedBots() {
    return cache.size();
  }

  /** Once the change is committed, so that no reader caches the row as it was before. */
  void onChange(@Observes(during = TransactionPhase.AFTER_COMPLETION) BotsChanged event) {
    cache.remove(event.botId().value());
  }
}
