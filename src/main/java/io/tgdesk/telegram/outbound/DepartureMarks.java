package io.tgdesk.telegram.outbound;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes the departure marks of one bot's calls (see {@code OutboxStore.markDeparted}), several in
 * one transaction: a sender thread that finds a write under way queues its mark for the next one,
 * and the thread that writes carries every mark queued by then (group commit). At 30 calls a second
 * that is one mark per transaction; at the paid rates, one transaction carries many.
 *
 * <p>Thread-safe.
 */
final class DepartureMarks {

  private static final Logger LOG = Logger.getLogger(DepartureMarks.class.getName());

  /** How the mark of one call came out. */
  enum Mark {
    /** Written: the call may leave. */
    MARKED,
    /**
     * The entry is no longer in flight (cancelled or erased meanwhile): the call must not leave.
     */
    GONE,
    /** The mark could not be written: the call must not leave (and goes back to PENDING). */
    FAILED
  }

  private final Function<List<Long>, Set<Long>> writer;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition written = lock.newCondition();
  private List<Long> queued = new ArrayList<>();
  private final Map<Long, Mark> outcomes = new HashMap<>();
  private boolean writing;

  /**
   * @param writer marks the given in-flight entries in one transaction and answers those it marked
   */
  DepartureMarks(Function<List<Long>, Set<Long>> writer) {
    this.writer = writer;
  }

  /**
   * Marks one entry's call as leaving, with whatever other marks are waiting; blocks until done.
   */
  Mark mark(long entryId) {
    lock.lock();
    try {
      queued.add(entryId);
      while (true) {
        Mark done = outcomes.remove(entryId);
        if (done != null) {
          return done;
        }
        if (!writing) {
          writeQueued();
          continue;
        }
        try {
          written.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          queued.remove(entryId);
          // If a write already carries it, its mark is cleared when the entry goes back to PENDING.
          return Mark.FAILED;
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** Writes every queued mark, outside the lock; called and returns with the lock held. */
  private void writeQueued() {
    writing = true;
    List<Long> batch = queued;
    queued = new ArrayList<>();
    Set<Long> marked = null;
    lock.unlock();
    try {
      marked = writer.apply(batch);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Could not write the departure marks of entries " + batch, e);
    } finally {
      lock.lock();
    }
    for (Long id : batch) {
      outcomes.put(
          id, marked == null ? Mark.FAILED : marked.contains(id) ? Mark.MARKED : Mark.GONE);
    }
    writing = false;
    written.signalAll();
  }

  /** How many marks wait for the next write (for tests). */
  int queuedForTest() {
    lock.lock();
    try {
      return queued.size();
    } finally {
      lock.unlock();
    }
  }
}
