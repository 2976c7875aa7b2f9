package io.tgdesk.telegram.inbound;

import io.tgdesk.cluster.BotOwnership;
import io.tgdesk.cluster.OwnershipChanged;
import io.tgdesk.config.Settings;
import io.tgdesk.telegram.bots.BotId;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
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
  private static final int BATCH = 100;

  @Resource ManagedExecutorService executor;
  @Inject UpdateStore store;
  @Inject UpdateHandler handler;
  @Inject Settings settings;
  @Inject BotOwnership ownership;
  @Inject Clock clock;

  private final ConcurrentHashMap<Long, Drain> drains = new ConcurrentHashMap<>();
  private volatile boolean stopping;

  /**
   * Makes sure the bot's due updates get processed soon, if this server owns the bot (in a cluster,
   * the owner's sweep picks up what other servers stored). Never blocks.
   */
  public void wake(BotId bot) {
    if (stopping || !ownership.owns(bot)) {
      return;
    }
    Drain drain = drains.computeIfAbsent(bot.value(), id -> new Drain(bot));
    drain.again.set(true);
    if (drain.running.compareAndSet(false, true)) {
      try {
        executor.execute(drain);
      } catch (RejectedExecutionException e) {
        drain.running.set(false);
        LOG.warning(
            "Update processing for bot "
                + bot
                + " was not scheduled ("
                + e.getMessage()
                + "); the sweep will pick it up");
      }
    }
  }

  void onOwnershipChanged(@Observes OwnershipChanged change) {
    change.gained().forEach(this::wake);
  }

  @PreDestroy
  void stop() {
    stopping = true;
  }

  private final class Drain implements Runnable {
    private final BotId bot;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();

    Drain(BotId bot) {
      this.bot = bot;
    }

    @Override
    public void run() {
      try {
        while (!stopping && ownership.owns(bot)) {
          again.set(false);
          List<Long> due = store.findDue(bot, clock.instant(), BATCH);
          for (Long id : due) {
            if (stopping) {
              return;
            }
            processOne(id);
          }
          if (due.size() < BATCH && !again.get()) {
            break;
          }
        }
      } catch (RuntimeException e) {
        LOG.log(
            Level.WARNING,
            "Update processing for bot " + bot + " stopped; the sweep will resume it",
            e);
      } finally {
        running.set(false);
      }
      // A wake() that came after the last look but before running was cleared.
      if (again.get() && !stopping && running.compareAndSet(false, true)) {
        try {
          executor.execute(this);
        } catch (RejectedExecutionException e) {
          running.set(false);
        }
      }
    }
  }

  private void processOne(long id) {
    try {
      handler.handle(id);
    } catch (RuntimeException e) {
      String reason = describe(e);
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

  /** The root cause of a failure, as admins see it on a failed item: its type and message. */
  public static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? "" : ": " + root.getMessage();
    return root.getClass().getSimpleName() + message;
  }
}
