package io.tgdesk.schema;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The recurring background jobs (sweeps, heartbeats, writers, retention): each runs on Liberty's
 * managed scheduler with a fixed delay between the end of one run and the start of the next, so
 * runs of one job never overlap. Features start their jobs when they observe {@link SchemaReady}.
 *
 * <p>A run that throws is logged at WARNING with the job's name and the job runs again after the
 * delay (a task that throws on a scheduler would otherwise never run again). Metrics per job, tag
 * {@code job}: {@code job.runs} and {@code job.failures} (counters) and {@code
 * job.last.duration.milliseconds} (gauge, read from the injected clock). Thread-safe.
 */
@ApplicationScoped
public class RecurringJobs {

  private static final Logger LOG = Logger.getLogger(RecurringJobs.class.getName());

  @Resource ManagedScheduledExecutorService scheduler;
  @Inject MetricRegistry registry;
  @Inject Clock clock;

  private final Map<String, Figures> figures = new ConcurrentHashMap<>();

  /** What one job did so far: the metrics it is reported under. */
  private record Figures(Counter runs, Counter failures, AtomicLong lastMillis) {}

  /**
   * Runs {@code work} first after {@code firstRun}, then {@code every} after each run ends, until
   * the returned future is cancelled.
   *
   * @param name the job's name in logs and metrics, e.g. {@code intake-sweep}; jobs of one name
   *     share their metrics
   * @return the schedule; cancel it (without interrupting) to stop the job
   */
  public ScheduledFuture<?> start(String name, Duration firstRun, Duration every, Runnable work) {
    return start(scheduler, name, firstRun, every, work);
  }

  /** As {@link #start(String, Duration, Duration, Runnable)}, on the given executor. */
  ScheduledFuture<?> start(
      ScheduledExecutorService on, String name, Duration firstRun, Duration every, Runnable work) {
    Figures f = figures.computeIfAbsent(name, this::register);
    return on.scheduleWithFixedDelay(
        () -> run(name, every, work, f),
        firstRun.toMillis(),
        every.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private void run(String name, Duration every, Runnable work, Figures f) {
    Instant started = clock.instant();
    try {
      work.run();
    } catch (Throwable t) {
      // Caught whole: a periodic task that throws is never run again.
      f.failures().inc();
      LOG.log(Level.WARNING, "Job " + name + " failed; next run in " + every, t);
    } finally {
      f.runs().inc();
      f.lastMillis().set(Duration.between(started, clock.instant()).toMillis());
    }
  }

  private Figures register(String name) {
    Tag job = new Tag("job", name);
    AtomicLong lastMillis = new AtomicLong();
    registry.gauge("job.last.duration.milliseconds", lastMillis::get, job);
    return new Figures(
        registry.counter("job.runs", job), registry.counter("job.failures", job), lastMillis);
  }
}
