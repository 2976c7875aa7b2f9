package io.tgdesk.shopify.intake;

import io.tgdesk.shopify.shops.ShopId;
import io.tgdesk.telegram.inbound.UpdateIntake;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;

/**
 * Stores a verified webhook durably under (shop, event key), then wakes the processor. Never
 * processes on the caller's thread. Concurrent webhooks of one event store it once: a failed insert
 * looks again before it counts as a failure (on Derby the loser of the race may see a lock timeout
 * or a deadlock instead of a unique violation).
 */
@ApplicationScoped
public class ShopifyIntake {

  /** What happened to an accepted delivery. */
  public enum Result {
    STORED,
    DUPLICATE
  }

  @Inject WebhookStore store;
  @Inject ShopifyWebhookProcessor processor;
  @Inject Clock clock;

  public Result accept(ShopId shop, WebhookHeaders headers, byte[] raw) {
    Result result = store(shop, headers, raw);
    if (result == Result.STORED) {
      processor.wake(shop);
    }
    return result;
  }

  private Result store(ShopId shop, WebhookHeaders headers, byte[] raw) {
    RuntimeException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      if (store.exists(shop, headers.eventKey())) {
        return Result.DUPLICATE;
      }
      try {
        store.insert(shop, headers, raw, clock.instant());
        return Result.STORED;
      } catch (RuntimeException e) {
        if (UpdateIntake.isUniqueViolation(e)) {
          return Result.DUPLICATE;
        }
        last = e;
      }
    }
    if (store.exists(shop, headers.eventKey())) {
      return Result.DUPLICATE;
    }
    throw last;
  }
}
