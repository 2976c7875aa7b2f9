package io.tgdesk.shopify.intake;

import io.tgdesk.config.Settings;
import io.tgdesk.intake.FailureReason;
import io.tgdesk.intake.OrderedDrain;
import io.tgdesk.schema.SchemaReady;
import io.tgdesk.shopify.shops.ShopId;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Processes stored deliveries on a managed executor, one shop at a time in the order they were
 * received (so a redaction is applied after everything received before it). The same retry rules as
 * Telegram updates: a failure marks the delivery FAILED with the reason and a retry time (doubling
 * from {@code tgdesk.intake.retry-base-seconds}, capped at 15 minutes, at most {@code
 * tgdesk.intake.max-attempts} attempts) and moves on. A sweep every {@code
 * tgdesk.intake.sweep-interval-seconds} wakes shops with deliveries left over or due for retry.
 *
 * <p>{@link #wake(ShopId)} is cheap, thread-safe and never blocks.
 */
@ApplicationScoped
public class ShopifyWebhookProcessor {

  private static final Logger LOG = Logger.getLogger(ShopifyWebhookProcessor.class.getName());

  @Resource ManagedExecutorService executor;
  @Resource ManagedScheduledExecutorService scheduler;
  @Inject WebhookStore store;
  @Inject WebhookHandler handler;
  @Inject Settings settings;
  @Inject Clock clock;

  private final ConcurrentHashMap<Long, OrderedDrain> drains = new ConcurrentHashMap<>();
  private volatile boolean stopping;
  private ScheduledFuture<?> sweep;

  public void start(@Observes SchemaReady ready) {
    long every = settings.intakeSweepInterval().toMillis();
    sweep = scheduler.scheduleWithFixedDelay(this::sweep, 700, every, TimeUnit.MILLISECONDS);
  }

  public void sweep() {
    try {
      store.shopsWithDue(clock.instant()).forEach(this::wake);
    } catch (RuntimeException | Error e) {
      LOG.log(
          Level.WARNING, "Shopify sweep failed; next one in " + settings.intakeSweepInterval(), e);
    }
  }

  /** Makes sure the shop's due deliveries get processed soon. */
  public void wake(ShopId shop) {
    if (stopping) {
      return;
    }
    drains
        .computeIfAbsent(
            shop.value(),
            id ->
                new OrderedDrain(
                    "Shopify processing for shop " + shop,
                    executor,
                    () -> !stopping,
                    max -> store.findDue(shop, clock.instant(), max),
                    this::processOne))
        .wake();
  }

  @PreDestroy
  public void stop() {
    stopping = true;
    if (sweep != null) {
      sweep.cancel(false);
    }
  }

  private void processOne(long id) {
    try {
      try {
        handler.handle(id);
      } catch (RuntimeException transientConflict) {
        // Most failures here are conflicts that are gone a moment later (the dispatcher claimed
        // the notice being coalesced: optimistic lock; a Derby deadlock with ticket intake). One
        // immediate second try keeps the shop's deliveries in order in that common case.
        handler.handle(id);
      }
    } catch (RuntimeException e) {
      String reason = FailureReason.describe(e);
      Instant now = clock.instant();
      int attempts = store.find(id).map(ShopifyWebhook::attempts).orElse(0) + 1;
      Instant retryAt = settings.intakeRetryAt(attempts, now);
      LOG.log(
          Level.WARNING,
          "Shopify event "
              + id
              + " failed (attempt "
              + attempts
              + "): "
              + reason
              + (retryAt == null ? "; no more attempts" : "; next attempt at " + retryAt));
      store.markFailed(id, reason, retryAt, now);
    }
  }
}
