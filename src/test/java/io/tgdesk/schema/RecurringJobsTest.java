package io.tgdesk.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgdesk.testing.MutableClock;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The recurring jobs on a scheduler that runs them only when the test says so. */
class RecurringJobsTest {

  private final MutableClock clock = MutableClock.at("2026-01-05T10:00:00Z");
  private final ManualScheduler scheduler = new ManualScheduler();
  private final Metrics metrics = new Metrics();
  private final List<LogRecord> logged = new ArrayList<>();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          logged.add(r);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  private RecurringJobs jobs;

  @BeforeEach
  void setUp() {
    jobs = new RecurringJobs();
    jobs.clock = clock;
    jobs.registry = metrics.registry();
    Logger log = Logger.getLogger(RecurringJobs.class.getName());
    log.addHandler(capture);
    log.setUseParentHandlers(false); // the failures below are expected: keep them off the console
  }

  @AfterEach
  void tearDown() {
    Logger log = Logger.getLogger(RecurringJobs.class.getName());
    log.removeHandler(capture);
    log.setUseParentHandlers(true);
  }

  @Test
  void aJobIsScheduledWithItsFirstDelayAndThenAFixedDelayBetweenRuns() {
    jobs.start(scheduler, "intake-sweep", Duration.ofMillis(500), Duration.ofSeconds(5), () -> {});

    assertThat(scheduler.tasks).hasSize(1);
    assertThat(scheduler.tasks.get(0).initialDelayMillis).isEqualTo(500);
    assertThat(scheduler.tasks.get(0).delayMillis).isEqualTo(5000);
  }

  @Test
  void aRunThatThrowsIsLoggedWithTheJobsNameCountedAndTheJobRunsAgain() {
    AtomicInteger runs = new AtomicInteger();
    jobs.start(
        scheduler,
        "status-notice-sweep",
        Duration.ofSeconds(1),
        Duration.ofSeconds(1),
        () -> {
          if (runs.incrementAndGet() == 1) {
            throw new IllegalStateException("deadlock victim");
          }
        });

    scheduler.runDue(); // would kill a plain scheduled task
    scheduler.runDue();

    assertThat(runs).hasValue(2);
    assertThat(metrics.count("job.runs", "status-notice-sweep")).isEqualTo(2);
    assertThat(metrics.count("job.failures", "status-notice-sweep")).isEqualTo(1);
    assertThat(logged).hasSize(1);
    assertThat(logged.get(0).getLevel()).isEqualTo(Level.WARNING);
    assertThat(logged.get(0).getMessage()).contains("status-notice-sweep");
    assertThat(logged.get(0).getThrown()).hasMessage("deadlock victim");
  }

  @Test
  void anErrorIsCaughtToo() {
    jobs.start(
        scheduler,
        "cluster-heartbeat",
        Duration.ZERO,
        Duration.ofMillis(200),
        () -> {
          throw new StackOverflowError();
        });

    scheduler.runDue();
    scheduler.runDue();

    assertThat(metrics.count("job.failures", "cluster-heartbeat")).isEqualTo(2);
  }

  @Test
  void theLastRunsDurationIsReadFromTheClock() {
    jobs.start(
        scheduler,
        "call-audit-retention",
        Duration.ofSeconds(5),
        Duration.ofSeconds(60),
        () -> clock.advance(Duration.ofMillis(1234)));

    assertThat(metrics.gauge("job.last.duration.milliseconds", "call-audit-retention"))
        .isEqualTo(0L);
    scheduler.runDue();

    assertThat(metrics.gauge("job.last.duration.milliseconds", "call-audit-retention"))
        .isEqualTo(1234L);
    assertThat(metrics.count("job.failures", "call-audit-retention")).isZero();
  }

  @Test
  void eachJobHasItsOwnMetricsAndJobsOfOneNameShareThem() {
    jobs.start(scheduler, "call-audit-writer", Duration.ZERO, Duration.ofMillis(250), () -> {});
    jobs.start(scheduler, "webhook-checks", Duration.ZERO, Duration.ofSeconds(60), () -> {});
    jobs.start(scheduler, "webhook-checks", Duration.ZERO, Duration.ofSeconds(60), () -> {});

    scheduler.runDue();

    assertThat(metrics.count("job.runs", "call-audit-writer")).isEqualTo(1);
    assertThat(metrics.count("job.runs", "webhook-checks")).isEqualTo(2);
  }

  @Test
  void aCancelledJobRunsNoMore() {
    AtomicInteger runs = new AtomicInteger();
    ScheduledFuture<?> job =
        jobs.start(
            scheduler,
            "follow-ups",
            Duration.ofSeconds(5),
            Duration.ofSeconds(5),
            runs::incrementAndGet);
    scheduler.runDue();

    job.cancel(false);
    scheduler.runDue();

    assertThat(runs).hasValue(1);
    assertThat(job.isCancelled()).isTrue();
  }

  /** A scheduler that runs its fixed-delay tasks only when the test says so, on the test thread. */
  private static final class ManualScheduler extends AbstractExecutorService
      implements ScheduledExecutorService {

    final List<Task> tasks = new ArrayList<>();

    /** Runs every task that is not cancelled once (as if each one's delay had passed). */
    void runDue() {
      for (Task t : List.copyOf(tasks)) {
        if (!t.isCancelled()) {
          t.command.run();
        }
      }
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(
        Runnable command, long initialDelay, long delay, TimeUnit unit) {
      Task t = new Task(command, unit.toMillis(initialDelay), unit.toMillis(delay));
      tasks.add(t);
      return t;
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
      throw new UnsupportedOperationException();
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(
        Runnable command, long initialDelay, long period, TimeUnit unit) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void execute(Runnable command) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void shutdown() {}

    @Override
    public List<Runnable> shutdownNow() {
      return List.of();
    }

    @Override
    public boolean isShutdown() {
      return false;
    }

    @Override
    public boolean isTerminated() {
      return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return true;
    }
  }

  private static final class Task implements ScheduledFuture<Object> {
    final Runnable command;
    final long initialDelayMillis;
    final long delayMillis;
    private volatile boolean cancelled;

    Task(Runnable command, long initialDelayMillis, long delayMillis) {
      this.command = command;
      this.initialDelayMillis = initialDelayMillis;
      this.delayMillis = delayMillis;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      cancelled = true;
      return true;
    }

    @Override
    public boolean isCancelled() {
      return cancelled;
    }

    @Override
    public boolean isDone() {
      return cancelled;
    }

    @Override
    public Object get() {
      throw new UnsupportedOperationException();
    }

    @Override
    public Object get(long timeout, TimeUnit unit) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(delayMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public int compareTo(Delayed o) {
      return Long.compare(getDelay(TimeUnit.MILLISECONDS), o.getDelay(TimeUnit.MILLISECONDS));
    }
  }

  /** The metric registry's counters and gauges, by name and job; only what the jobs register. */
  private static final class Metrics {
    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
    private final Map<String, Supplier<?>> gauges = new ConcurrentHashMap<>();

    long count(String name, String job) {
      return counters.get(name + "|" + job).get();
    }

    Object gauge(String name, String job) {
      return gauges.get(name + "|" + job).get();
    }

    private static String key(String name, Object tags) {
      Tag job = ((Tag[]) tags)[0];
      assertThat(job.getTagName()).isEqualTo("job");
      return name + "|" + job.getTagValue();
    }

    MetricRegistry registry() {
      return (MetricRegistry)
          Proxy.newProxyInstance(
              MetricRegistry.class.getClassLoader(),
              new Class<?>[] {MetricRegistry.class},
              (proxy, method, args) ->
                  switch (method.getName()) {
                    case "counter" ->
                        counter(
                            counters.computeIfAbsent(
                                key((String) args[0], args[1]), k -> new AtomicLong()));
                    case "gauge" -> {
                      gauges.putIfAbsent(key((String) args[0], args[2]), (Supplier<?>) args[1]);
                      yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.toString());
                  });
    }

    private static Counter counter(AtomicLong value) {
      return new Counter() {
        @Override
        public void inc() {
          value.incrementAndGet();
        }

        @Override
        public void inc(long n) {
          value.addAndGet(n);
        }

        @Override
        public long getCount() {
          return value.get();
        }
      };
    }
  }
}
