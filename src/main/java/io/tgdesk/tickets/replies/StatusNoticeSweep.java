package io.tgdesk.tickets.replies;

import io.tgdesk.schema.RecurringJobs;
import io.tgdesk.schema.SchemaReady;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

/** Every second, hands the status notices whose window ended to the delivery engine. */
@ApplicationScoped
public class StatusNoticeSweep {

  @Inject RecurringJobs jobs;
  @Inject StatusNotices notices;
  @Inject Clock clock;

  private ScheduledFuture<?> task;

  void start(@Observes SchemaReady ready) {
    task =
        jobs.start(
            "status-notice-sweep", Duration.ofSeconds(1), Duration.ofSeconds(1), this::sweep);
  }

  /**
   * Sends the due notices. A lost race (deadlock victim, lock timeout) fails the run and leaves the
   * notice due: the next run sends it (the recurring job logs and counts the failure).
   */
  void sweep() {
    for (Long id : notices.due(clock.instant())) {
      notices.sendIfDue(id);
    }
  }

  @PreDestroy
  void stop() {
    if (task != null) {
      task.cancel(false);
    }
  }
}
