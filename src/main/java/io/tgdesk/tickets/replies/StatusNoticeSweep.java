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
import java.util.logging.Level;
import java.util.logging.Logger;

/** Every second, hands the status notices whose window ended to the delivery engine. */
@ApplicationScoped
public class StatusNoticeSweep {

  private static final Logger LOG = Logger.getLogger(StatusNoticeSweep.class.getName());

  @Inject RecurringJobs jobs;
  @Inject StatusNotices notices;
  @Inject Clock clock;

  private ScheduledFuture<?> task;

  void start(@Observes SchemaReady ready) {
    task =
        jobs.start(
            "status-notice-sweep", Duration.ofSeconds(1), Duration.ofSeconds(1), this::sweep);
  }

  void sweep() {
    try {
      for (Long id : notices.due(clock.instant())) {
        notices.sendIfDue(id);
      }
    } catch (RuntimeException | Error e) {
      // A lost race (deadlock victim, lock timeout) leaves the notice due: the next sweep sends it.
      LOG.log(Level.WARNING, "Status notice sweep failed; next one in 1 s", e);
    }
  }

  @PreDestroy
  void stop() {
    if (task != null) {
      task.cancel(false);
    }
  }
}
