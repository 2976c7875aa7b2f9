package io.tgdesk.telegram.inbound;

import io.tgdesk.config.Settings;
import io.tgdesk.schema.RecurringJobs;
import io.tgdesk.schema.SchemaReady;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;

/**
 * Every {@code tgdesk.intake.sweep-interval-seconds}, wakes processing for each bot that has stored
 * updates due: those a crash or a restart left unprocessed, and failed ones whose retry time came.
 * The first sweep runs right after start-up.
 */
@ApplicationScoped
public class IntakeSweep {

  @Inject RecurringJobs jobs;
  @Inject UpdateStore store;
  @Inject UpdateProcessor processor;
  @Inject Settings settings;
  @Inject Clock clock;

  private ScheduledFuture<?> task;

  void start(@Observes SchemaReady ready) {
    task =
        jobs.start(
            "telegram-intake-sweep",
            Duration.ofMillis(500),
            settings.intakeSweepInterval(),
            this::sweep);
  }

  void sweep() {
    // wake() skips bots that another server owns: their owner sweeps them.
    store.botsWithDue(clock.instant()).forEach(processor::wake);
  }

  @PreDestroy
  void stop() {
    if (task != null) {
      task.cancel(false);
    }
  }
}
