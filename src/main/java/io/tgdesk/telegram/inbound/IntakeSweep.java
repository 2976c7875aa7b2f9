package io.tgdesk.telegram.inbound;

import io.tgdesk.config.Settings;
import io.tgdesk.schema.SchemaReady;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every {@code tgdesk.intake.sweep-interval-seconds}, wakes processing for each bot that has stored
 * updates due: those a crash or a restart left unprocessed, and failed ones whose retry time came.
 * The first sweep runs right after start-up.
 */
@ApplicationScoped
public class IntakeSweep {

  private static final Logger LOG = Logger.getLogger(IntakeSweep.class.getName());

  @Resource ManagedScheduledExecutorService scheduler;
  @Inject UpdateStore store;
  @Inject UpdateProcessor processor;
  @Inject Settings settings;
  @Inject Clock clock;

  private ScheduledFuture<?> task;

  void start(@Observes SchemaReady ready) {
    long every = settings.intakeSweepInterval().toMillis();
    task = scheduler.scheduleWithFixedDelay(this::sweep, 500, every, TimeUnit.MILLISECONDS);
  }

  void sweep() {
    try {
      // wake() skips bots that another server owns: their owner sweeps them.
      store.botsWithDue(clock.instant()).forEach(processor::wake);
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING, "Intake sweep failed; next one in " + settings.intakeSweepInterval(), e);
    }
  }

  @PreDestroy
  void stop() {
    if (task != null) {
      task.cancel(false);
    }
  }
}
