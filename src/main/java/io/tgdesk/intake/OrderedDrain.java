package io.tgdesk.intake;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import java.util.function.LongConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Works through the due items of one key (a bot's stored updates, a shop's stored deliveries) on an
 * executor, one at a time and oldest first, in batches until none is due. {@link #wake()} is cheap,
 * thread-safe and never blocks: it starts the drain unless it runs, in which case the running drain
 * looks again before it stops. At most one drain of a key runs at a time, so items are applied in
 * their order.
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
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicBoolean again = new AtomicBoolean();

  /**
   * @param name what drains, for the log (e.g. "update processing for bot 5")
   * @param mayRun whether to go on (the server is not stopping; in a cluster, it owns the key)
   * @param due the ids of the key's items due now, oldest first, at most the given number
   * @param process handles one item and records its failure itself; it should not throw
   */
  public OrderedDrain(
      String name,
      Executor executor,
      BooleanSupplier mayRun,
      IntFunction<List<Long>> due,
      LongConsumer process) {
    this.name = name;
    this.executor = executor;
    this.mayRun = mayRun;
    this.due = due;
    this.process = process;
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
        for (Long id : ids) {
          if (!mayRun.getAsBoolean()) {
            return;
          }
          process.accept(id);
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
