package io.tgdesk.telegram.outbound;

import io.tgdesk.config.DeliverySettings;
import io.tgdesk.schema.RecurringJobs;
import io.tgdesk.schema.SchemaReady;
import io.tgdesk.telegram.outbound.outbox.OutboxStore;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Retries the effects of answers that could not be recorded with them (an entry SENT with {@code
 * followUpDue}): every {@link DeliverySettings#followUpRetry()}, each such entry's settled state is
 * raised again to its observers in a transaction of its own. A failure is recorded on the entry
 * ({@code followUpError}, shown to admins) and tried again next time; the call is never made again.
 * Safe on several servers at once: each retry locks its entry.
 */
@ApplicationScoped
public class FollowUps {

  private static final Logger LOG = Logger.getLogger(FollowUps.class.getName());
  static final int BATCH = 100;

  @Inject RecurringJobs jobs;
  @Inject OutboxStore store;
  @Inject DeliverySettings settings;
  @Inject Clock clock;

  private ScheduledFuture<?> task;

  void start(@Observes SchemaReady ready) {
    task =
        jobs.start(
            "follow-ups", settings.followUpRetry(), settings.followUpRetry(), this::retryDue);
  }

  @PreDestroy
  void stop() {
    if (task != null) {
      task.cancel(false);
    }
  }

  /**
   * Retries every due follow-up once; a failed follow-up is recorded on its entry. Throws only when
   * the due entries cannot be read (the job logs it and tries again next time).
   */
  void retryDue() {
    List<Long> due = store.followUpsDue(BATCH);
    for (Long id : due) {
      try {
        store.retryFollowUps(id, clock.instant());
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "A follow-up of outbox entry " + id + " failed again", e);
        try {
          store.followUpFailed(id, describe(e), clock.instant());
        } catch (RuntimeException ignored) {
          // Next round.
        }
      }
    }
  }

  /**
   * A failure in words for admins: the innermost cause's message, cut short. Database messages name
   * constraints and keys, never message texts.
   */
  static String describe(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? "" : root.getMessage().replaceAll("\\s+", " ");
    String text = "follow-up failed: " + root.getClass().getSimpleName() + ": " + message;
    return text.length() <= 900 ? text : text.substring(0, 900);
  }
}
