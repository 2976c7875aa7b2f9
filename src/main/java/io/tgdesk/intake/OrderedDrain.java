package io.tgdesk.intake;

import io.tgdesk.config.Settings;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import java.util.function.LongConsumer;
import java.util.function.LongToIntFunction;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Works through the due items of one key (a bot's stored updates, a shop's stored webhooks) on an
 * executor, oldest first, in batches until none is due. {@link #wake()} is cheap, thread-safe and
 * never blocks: it starts the drain unless it runs, in which case the running drain looks again
 * before it stops. At most one drain of a key runs at a time, so items are applied in their order.
 *
 * <p>Items may carry an order key of their own ({@link Due#order}, e.g. a bot's update its chat):
 * then the items of different order keys in a batch are applied side by side, by up to {@code
 * sideBySide} threads, each order key's items one after another in their order. An item without an
 * order key is applied alone: after every item before it, and before any item after it. An item
 * whose processing throws is handled by the {@link FailurePolicy}, and the drain moves on to the
 * next one.
 */
public final class OrderedDrain implements Runnable {

  private static final Logger LOG = Logger.getLogger(OrderedDrain.class.getName());

  /** How many due items one look reads. */
  static final int BATCH = 100;

  private final String name;
  private final Executor executor;
  private final BooleanSupplier mayRun;
  private final IntFunction<List<Due>> due;
  private final int sideBySide;
  private final LongConsumer process;
  private final FailurePolicy failures;
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicBoolean again = new AtomicBoolean();

  /**
   * @param name what drains, for the log (e.g. "update processing for bot 5")
   * @param mayRun whether to go on (the server is not stopping; in a cluster, it owns the key)
   * @param due the ids of the key's items due now, oldest first, at most the given number
   * @param process applies one item (in a transaction of its own); what it throws goes to {@code
   *     failures}
   * @param failures records a failed attempt and when the next one is due
   */
  public OrderedDrain(
      String name,
      Executor executor,
      BooleanSupplier mayRun,
      IntFunction<List<Long>> due,
      LongConsumer process,
      FailurePolicy failures) {
    this(
        name,
        executor,
        mayRun,
        max -> due.apply(max).stream().map(id -> new Due(id, null)).toList(),
        1,
        process,
        failures);
  }

  /**
   * A drain whose items of different order keys are applied side by side.
   *
   * @param due the key's items due now, oldest first, at most the given number
   * @param sideBySide how many threads may apply items at once (1: one item at a time)
   */
  public OrderedDrain(
      String name,
      Executor executor,
      BooleanSupplier mayRun,
      IntFunction<List<Due>> due,
      int sideBySide,
      LongConsumer process,
      FailurePolicy failures) {
    if (sideBySide < 1) {
      throw new IllegalArgumentException("sideBySide must be at least 1: " + sideBySide);
    }
    this.name = name;
    this.executor = executor;
    this.mayRun = mayRun;
    this.due = due;
    this.sideBySide = sideBySide;
    this.process = process;
    this.failures = failures;
  }

  /**
   * An item due for processing, and the order key whose items keep their order among themselves;
   * null: the item is applied alone, in its place among all the others.
   */
  public record Due(long id, Long order) {}

  /**
   * What happens when processing an item throws, the same for every intake: the failure is
   * described without the values a database quotes ({@link FailureReason}), logged, and recorded on
   * the item with the attempt counted and the time of the next attempt ({@link
   * Settings#intakeRetryAt}: none once the attempts are spent). Immutable and thread-safe when its
   * functions are.
   *
   * @param items what an item is called in the log, e.g. "Update" or "Shopify webhook"
   * @param secondTryAtOnce which failures get one more try at once before a failure is counted:
   *     conflicts that are gone a moment later (a lost lock, a deadlock), so that the key's items
   *     stay in order in that common case
   * @param attemptsSoFar the attempts an item has had (0 when it is gone)
   * @param record stores the failed attempt, in a transaction of its own
   */
  public record FailurePolicy(
      String items,
      Predicate<RuntimeException> secondTryAtOnce,
      LongToIntFunction attemptsSoFar,
      FailedAttempts record,
      Settings settings,
      Clock clock) {

    /** Applies the item, and records its failure if it throws. Never throws. */
    void apply(long id, LongConsumer process) {
      try {
        try {
          process.accept(id);
        } catch (RuntimeException first) {
          if (!secondTryAtOnce.test(first)) {
            throw first;
          }
          LOG.log(Level.FINE, items + " " + id + " is tried again at once", first);
          process.accept(id);
        }
      } catch (RuntimeException e) {
        failed(id, e);
      }
    }

    private void failed(long id, RuntimeException e) {
      String reason = FailureReason.describe(e);
      Instant now = clock.instant();
      int attempts = attemptsSoFar.applyAsInt(id) + 1;
      Instant retryAt = settings.intakeRetryAt(attempts, now);
      LOG.log(
          Level.WARNING,
          items
              + " "
              + id
              + " failed (attempt "
              + attempts
              + "): "
              + reason
              + (retryAt == null ? "; no more attempts" : "; next attempt at " + retryAt));
      record.failed(id, reason, retryAt, now);
    }
  }

  /** Where a failed attempt is recorded. */
  @FunctionalInterface
  public interface FailedAttempts {
    /**
     * Counts a failed attempt of the item, with its reason, in a transaction of its own.
     *
     * @param retryAt when to try again; null: no more attempts
     */
    void failed(long id, String reason, Instant retryAt, Instant now);
  }

  /** Makes sure the key's due items get processed soon. */
  public void wake() {
    again.set(true);
    start();
  }

  @Override
  public void run() {
    try {
      while (mayRun.getAsBoolean()) {
        again.set(false);
        List<Due> items = due.apply(BATCH);
        for (List<List<Long>> side : sideBySide(items)) {
          if (!mayRun.getAsBoolean()) {
            return;
          }
          applyAll(side);
        }
        if (items.size() < BATCH && !again.get()) {
          break;
        }
      }
    } catch (RuntimeException | Error e) {
      LOG.log(Level.WARNING, name + " stopped; the sweep resumes it", e);
    } finally {
      running.set(false);
    }
    // A wake() that came after the last look but before running was cleared.
    if (again.get() && mayRun.getAsBoolean()) {
      start();
    }
  }

  /**
   * The batch cut where an item has no order key, each part as the runs of its order keys (ids in
   * their order): the runs of one part may be applied side by side.
   */
  static List<List<List<Long>>> sideBySide(List<Due> items) {
    List<List<List<Long>>> parts = new ArrayList<>();
    Map<Long, List<Long>> runs = new LinkedHashMap<>();
    for (Due d : items) {
      if (d.order() == null) {
        if (!runs.isEmpty()) {
          parts.add(new ArrayList<>(runs.values()));
          runs.clear();
        }
        parts.add(List.of(List.of(d.id())));
      } else {
        runs.computeIfAbsent(d.order(), k -> new ArrayList<>()).add(d.id());
      }
    }
    if (!runs.isEmpty()) {
      parts.add(new ArrayList<>(runs.values()));
    }
    return parts;
  }

  /**
   * Applies the runs, each run's items in order, on up to {@link #sideBySide} threads: this one and
   * the executor's; returns when all are done. A run the executor refuses is applied here.
   */
  private void applyAll(List<List<Long>> runs) {
    int threads = Math.min(sideBySide, runs.size());
    if (threads <= 1) {
      runs.forEach(this::applyRun);
      return;
    }
    List<List<List<Long>>> shares = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      shares.add(new ArrayList<>());
    }
    for (int i = 0; i < runs.size(); i++) {
      shares.get(i % threads).add(runs.get(i));
    }
    CountDownLatch done = new CountDownLatch(threads - 1);
    for (List<List<Long>> share : shares.subList(1, threads)) {
      Runnable task =
          () -> {
            try {
              share.forEach(this::applyRun);
            } finally {
              done.countDown();
            }
          };
      try {
        executor.execute(task);
      } catch (RejectedExecutionException e) {
        task.run();
      }
    }
    shares.get(0).forEach(this::applyRun);
    boolean interrupted = false;
    while (true) {
      try {
        done.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true; // the other threads' items are under way: wait for them all the same
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void applyRun(List<Long> run) {
    for (Long id : run) {
      if (!mayRun.getAsBoolean()) {
        return;
      }
      failures.apply(id, process);
    }
  }

  private void start() {
    if (running.compareAndSet(false, true)) {
      try {
        executor.execute(this);
      } catch (RejectedExecutionException e) {
        running.set(false);
        LOG.warning(name + " was not scheduled (" + e.getMessage() + "); the sweep picks it up");
      }
    }
  }
}
