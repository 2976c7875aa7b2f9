package io.tgdesk.shopify.intake;

import io.tgdesk.schema.UniqueKeys;
import io.tgdesk.shopify.shops.ShopId;
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
    boolean inserted =
        UniqueKeys.insertOnce(
            3,
            () -> store.exists(shop, headers.eventKey()),
            () -> store.insert(shop, headers, raw, clock.instant()),
            attempt -> {});
    return inserted ? Result.STORED : Result.DUPLICATE;
  }
}
