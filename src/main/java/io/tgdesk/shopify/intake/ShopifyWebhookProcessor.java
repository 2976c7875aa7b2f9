package io.tgdesk.shopify.intake;

import io.tgdesk.config.Settings;
import io.tgdesk.intake.OrderedDrain;
import io.tgdesk.schema.RecurringJobs;
import io.tgdesk.schema.SchemaReady;
import io.tgdesk.shopify.shops.ShopId;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;

/**
 * Processes stored webhooks on a managed executor, one shop at a time in the order they were
 * received (so a redaction is applied after everything received before it). The same failure policy
 * as Telegram updates ({@link OrderedDrain.FailurePolicy}): a failure marks the webhook FAILED with
 * the reason and a retry time (doubling from {@code tgdesk.intake.retry-base-seconds}, capped at 15
 * minutes, at most {@code tgdesk.intake.max-attempts} attempts) and the drain moves on. A sweep
 * every {@code tgdesk.intake.sweep-interval-seconds} wakes shops with webhooks left over or due for
 * retry.
 *
 * <p>{@link #wake(ShopId)} is cheap, thread-safe and never blocks.
 */
@ApplicationScoped
public class ShopifyWebhookProcessor {

  @Resource ManagedExecutorService executor;
  @Inject RecurringJobs jobs;
  @Inject WebhookStore store;
  @Inject WebhookHandler handler;
  @Inject Settings settings;
  @Inject Clock clock;

  private final ConcurrentHashMap<Long, OrderedDrain> drains = new ConcurrentHashMap<>();
  private volatile boolean stopping;
  private ScheduledFuture<?> sweep;
  private OrderedDrain.FailurePolicy failures;

  @PostConstruct
  void init() {
    // Most failures here are conflicts that are gone a moment later (the dispatcher claimed the
    // notice being coalesced: optimistic lock; a Derby deadlock with ticket intake). One immediate
    // second try keeps the shop's webhooks in order in that common case.
    failures =
        new OrderedDrain.FailurePolicy(
            "Shopify webhook", e -> true, store::attemptsOf, store::markFailed, settings, clock);
  }

  public void start(@Observes SchemaReady ready) {
    sweep =
        jobs.start(
            "shopify-intake-sweep",
            Duration.ofMillis(700),
            settings.intakeSweepInterval(),
            this::sweep);
  }

  /** Wakes the drain of every shop with due webhooks (a recurring job: failures are its own). */
  public void sweep() {
    store.shopsWithDue(clock.instant()).forEach(this::wake);
  }

  /** Makes sure the shop's due webhooks get processed soon. */
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
                    handler::handle,
                    failures))
        .wake();
  }

  @PreDestroy
  public void stop() {
    stopping = true;
    if (sweep != null) {
      sweep.cancel(false);
    }
  }
}
