package io.tgdesk.telegram.inbound;

import io.tgdesk.cluster.BotOwnership;
import io.tgdesk.cluster.OwnershipChanged;
import io.tgdesk.config.Settings;
import io.tgdesk.intake.FailureReason;
import io.tgdesk.intake.OrderedDrain;
import io.tgdesk.telegram.bots.BotId;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Processes stored updates on a managed executor, one bot at a time in update_id order, so that the
 * updates of one chat are applied in the order Telegram sent them. A failure marks that update
 * FAILED with the reason and a retry time (doubling from {@code tgdesk.intake.retry-base-seconds},
 * capped at 15 minutes, at most {@code tgdesk.intake.max-attempts} attempts) and moves on.
 *
 * <p>{@link #wake(BotId)} is cheap and thread-safe: it starts a drain for the bot unless one is
 * running, in which case the running drain looks again before it stops.
 */
@ApplicationScoped
public class UpdateProcessor {

  private static final Logger LOG = Logger.getLogger(UpdateProcessor.class.getName());

  @Resource ManagedExecutorService executor;
  @Inject UpdateStore store;
  @Inject UpdateHandler handler;
  @Inject Settings settings;
  @Inject BotOwnership ownership;
  @Inject Clock clock;

  private final ConcurrentHashMap<Long, OrderedDrain> drains = new ConcurrentHashMap<>();
  private volatile boolean stopping;

  /**
   * Makes sure the bot's due updates get processed soon, if this server owns the bot (in a cluster,
   * the owner's sweep picks up what other servers stored). Never blocks.
   */
  public void wake(BotId bot) {
    if (stopping || !ownership.owns(bot)) {
      return;
    }
    drains
        .computeIfAbsent(
            bot.value(),
            id ->
                new OrderedDrain(
                    "Update processing for bot " + bot,
                    executor,
                    () -> !stopping && ownership.owns(bot),
                    max -> store.findDue(bot, clock.instant(), max),
                    this::processOne))
        .wake();
  }

  void onOwnershipChanged(@Observes OwnershipChanged change) {
    change.gained().forEach(this::wake);
  }

  @PreDestroy
  void stop() {
    stopping = true;
  }

  private void processOne(long id) {
    try {
      handler.handle(id);
    } catch (RuntimeException e) {
      String reason = FailureReason.describe(e);
      Instant now = clock.instant();
      int attempts = store.find(id).map(ReceivedUpdate::attempts).orElse(0) + 1;
      Instant retryAt = settings.intakeRetryAt(attempts, now);
      LOG.log(
          Level.WARNING,
          "Update "
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
