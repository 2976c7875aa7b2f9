package io.tgdesk.diagnostics;

import io.tgdesk.config.DiagnosticsSettings;
import io.tgdesk.schema.RecurringJobs;
import io.tgdesk.schema.SchemaReady;
import io.tgdesk.telegram.botapi.BotApiCall;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The call audit: every Bot API call (a {@link BotApiCall} event raised by the client on the
 * calling thread) goes into a bounded in-memory buffer, and a writer on the managed scheduler
 * stores the buffer in batches. Sending never waits for the audit: when the buffer is full, the
 * call is counted as dropped. Old rows are deleted in batches after the retention time.
 *
 * <p>Thread safety: {@link #onCall} may be called from any thread at once; the writer and the
 * retention task run one at a time each.
 */
@ApplicationScoped
public class CallAudit {

  private static final Logger LOG = Logger.getLogger(CallAudit.class.getName());
  static final int WRITE_BATCH = 500;
  static final long WRITE_EVERY_MILLIS = 250;
  static final long RETENTION_EVERY_SECONDS = 60;

  @Inject RecurringJobs jobs;
  @Inject CallLog log;
  @Inject DiagnosticsSettings settings;
  @Inject Clock clock;
  @Inject DiagnosticsMetrics metrics;

  private BlockingQueue<BotApiCall> buffer;
  private final AtomicLong observed = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong deleted = new AtomicLong();
  private final List<ScheduledFuture<?>> tasks = new ArrayList<>();
  private final Object retentionLock = new Object();
  private final Map<Long, Instant> lastDeliveryCall = new ConcurrentHashMap<>();
  private volatile Instant startedAt;

  @PostConstruct
  void init() {
    buffer = new ArrayBlockingQueue<>(settings.auditBufferSize());
  }

  void start(@Observes SchemaReady ready) {
    startedAt = clock.instant();
    synchronized (tasks) {
      Duration writeEvery = Duration.ofMillis(WRITE_EVERY_MILLIS);
      tasks.add(jobs.start("call-audit-writer", writeEvery, writeEvery, this::write));
      tasks.add(
          jobs.start(
              "call-audit-retention",
              Duration.ofSeconds(5),
              Duration.ofSeconds(RETENTION_EVERY_SECONDS),
              this::enforceRetention));
    }
  }

  /** Takes a call into the buffer without blocking; a full buffer drops it (counted). */
  void onCall(@Observes BotApiCall call) {
    observed.incrementAndGet();
    metrics.called(call);
    if (call.lane() != null && call.botId() != null) {
      lastDeliveryCall.put(call.botId(), call.at());
    }
    if (!buffer.offer(call)) {
      dropped.incrementAndGet();
    }
  }

  /** Writes what the buffer holds, in batches; a batch that cannot be written is dropped. */
  void write() {
    List<BotApiCall> batch = new ArrayList<>(WRITE_BATCH);
    while (buffer.drainTo(batch, WRITE_BATCH) > 0) {
      try {
        log.insert(batch);
        written.addAndGet(batch.size());
      } catch (RuntimeException e) {
        dropped.addAndGet(batch.size());
        LOG.log(Level.WARNING, "Could not write " + batch.size() + " audited calls", e);
      }
      batch.clear();
    }
  }

  /** How long the diagnostics history is kept, as configured. */
  public java.time.Duration retention() {
    return settings.auditRetention();
  }

  /** The scheduled retention: deletes what is older than the retention time. */
  void enforceRetention() {
    purgeBefore(clock.instant().minus(settings.auditRetention()));
  }

  /**
   * Deletes audited calls, webhook checks and circuit breaker changes older than {@code cutoff}, in
   * batches of the configured size (each batch its own transaction, so that writers are never held
   * up long). One run at a time: the scheduled retention and an admin's run wait for each other.
   *
   * @return how many rows went, and in how many batches, per kind
   */
  public RetentionRun purgeBefore(Instant cutoff) {
    synchronized (retentionLock) {
      int size = settings.retentionBatchSize();
      Purged calls = purge(n -> log.deleteCallsBefore(cutoff, n), size);
      deleted.addAndGet(calls.rows());
      return new RetentionRun(
          cutoff,
          size,
          calls,
          purge(n -> log.deleteChecksBefore(cutoff, n), size),
          purge(n -> log.deleteBreakerEventsBefore(cutoff, n), size));
    }
  }

  private static Purged purge(java.util.function.IntUnaryOperator deleteBatch, int size) {
    long rows = 0;
    int batches = 0;
    int n;
    do {
      n = deleteBatch.applyAsInt(size);
      if (n > 0) {
        rows += n;
        batches++;
      }
    } while (n == size);
    return new Purged(rows, batches);
  }

  /** What one retention run deleted, per kind of row, with the batch size it used. */
  public record RetentionRun(
      Instant cutoff, int batchSize, Purged calls, Purged webhookChecks, Purged breakerEvents) {}

  /** Rows deleted, and the batches (transactions) they went in. */
  public record Purged(long rows, int batches) {}

  /**
   * When the bot's delivery loop last called Telegram on this server, or when the audit started if
   * it has not since; null before start-up.
   */
  Instant lastDeliveryCall(long botId) {
    Instant last = lastDeliveryCall.get(botId);
    return last != null ? last : startedAt;
  }

  /** Counters since start: observed, written, dropped, buffered, deleted by retention. */
  public AuditCounters counters() {
    return new AuditCounters(
        observed.get(), written.get(), dropped.get(), buffer.size(), deleted.get());
  }

  /** What the audit did since start. */
  public record AuditCounters(
      long observed, long written, long dropped, int buffered, long deletedByRetention) {}

  @PreDestroy
  void stop() {
    synchronized (tasks) {
      tasks.forEach(t -> t.cancel(false));
    }
    write();
  }
}
