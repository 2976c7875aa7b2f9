package io.tgdesk.telegram.bots;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the webhook needs to know about a bot on every request, cached for a few seconds so that
 * intake does not read the bot row each time. A change made on this server is seen at once; one
 * made on another server within {@link #TTL}. Only bots that exist are cached (at most one entry
 * per bot row): a request for an unknown bot id reads the database and leaves nothing behind, so
 * anonymous callers cannot grow the cache.
 */
@ApplicationScoped
public class BotDirectory {

  static final Duration TTL = Duration.ofSeconds(5);

  /** The bot's webhook credentials. */
  public record WebhookCredentials(BotId botId, String secret, boolean enabled) {}

  private record Entry(Optional<WebhookCredentials> credentials, Instant expires) {}

  @Inject BotStore store;
  @Inject Clock clock;

  private final ConcurrentHashMap<Long, Entry> cache = new ConcurrentHashMap<>();

  public Optional<WebhookCredentials> findWebhookCredentials(BotId id) {
    Instant now = clock.instant();
    Entry entry = cache.get(id.value());
    if (entry == null || now.isAfter(entry.expires())) {
      Optional<WebhookCredentials> loaded =
          store.find(id).map(b -> new WebhookCredentials(id, b.webhookSecret(), b.enabled()));
      if (loaded.isEmpty()) {
        cache.remove(id.value());
        return loaded;
      }
      entry = new Entry(loaded, now.plus(TTL));
      cache.put(id.value(), entry);
    }
    return entry.credentials();
  }

  /** How many bots the cache holds (for tests: it never holds an unknown id). */
  int cachedBots() {
    return cache.size();
  }

  void onChange(@Observes BotsChanged event) {
    cache.remove(event.botId().value());
  }
}
