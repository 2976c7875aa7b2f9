package io.tgdesk.intake;

import io.tgdesk.config.Settings;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import java.util.function.LongConsumer;
import java.util.function.LongToIntFunction;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Works through the due items of one key (a bot's stored updates, a shop's stored webhooks) on an
 * executor, one at a time (or a few at once, {@link #inGroupsOf}) and oldest first, in batches
 * until none is due. {@link #wake()} is cheap, thread-safe and never blocks: it starts the drain
 * unless it runs, in which case the running drain looks again before it stops. At most one drain of
 * a key runs at a time, so items are applied in their order. An item whose processing throws is
 * handled by the {@link FailurePolicy}, and the drain moves on to the next one.
 */
public final class OrderedDrain implements Runnable {

  private static final Logger LOG = Logger.getLogger(OrderedDrain.class.getName());

  /** How many due items one look reads. */
  static final int BATCH = 100;

  private final String name;
  private final Executor executor;
  private final BooleanSupplier mayRun;
  private final IntFunction<List<Long>> due;
  private final LongConsumer process;
  private final FailurePolicy failures;
  private final int groupSize;
  private final ToIntFunction<List<Long>> processGroup;
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
    this(name, executor, mayRun, due, process, failures, 1, null);
  }

  private OrderedDrain(
      String name,
      Executor executor,
      BooleanSupplier mayRun,
      IntFunction<List<Long>> due,
      LongConsumer process,
      FailurePolicy failures,
      int groupSize,
      ToIntFunction<List<Long>> processGroup) {
    this.name = name;
    this.executor = executor;
    this.mayRun = mayRun;
    this.due = due;
    this.process = process;
    this.failures = failures;
    this.groupSize = groupSize;
    this.processGroup = processGroup;
  }

  /**
   * This drain, applying up to {@code size} consecutive items at once: {@code group} applies the
   * first of them and as many of the following as it can, in their order in one transaction, and
   * answers how many (at least one); or it throws having applied none. The items after those it
   * applied come in the next group. A group that throws is applied again one item at a time, so
   * that only the item that fails is recorded as failed and the others are applied. A commit is
   * then shared by several items, which is much of what an item costs when it is small.
   */
  public OrderedDrain inGroupsOf(int size, ToIntFunction<List<Long>> group) {
    if (size < 2) {
      throw new IllegalArgumentException("a group is at least 2 items: " + size);
    }
    return new OrderedDrain(name, executor, mayRun, due, process, failures, size, group);
  }

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
        List<Long> ids = due.apply(BATCH);
        for (int from = 0; from < ids.size(); ) {
          if (!mayRun.getAsBoolean()) {
            return;
          }
          int to = Math.min(ids.size(), from + groupSize);
          int applied = to - from < 2 ? 0 : appliedTogether(ids.subList(from, to));
          if (applied > 0) {
            from += applied;
            continue;
          }
          for (Long id : ids.subList(from, to)) {
            if (!mayRun.getAsBoolean()) {
              return;
            }
            failures.apply(id, process);
          }
          from = to;
        }
        if (ids.size() < BATCH && !again.get()) {
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

  /** How many of the group were applied in one go, from the first; 0 (none) when it threw. */
  private int appliedTogether(List<Long> group) {
    try {
      int applied = processGroup.applyAsInt(group);
      if (applied < 1 || applied > group.size()) {
        throw new IllegalStateException(applied + " of " + group.size() + " applied");
      }
      return applied;
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, name + ": " + group + " are applied one at a time", e);
      return 0;
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
