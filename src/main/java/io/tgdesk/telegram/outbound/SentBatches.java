package io.tgdesk.telegram.outbound;

import jakarta.json.JsonValue;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes the SENT outcomes of one bot's calls, several in one transaction (group commit, like
 * {@link DepartureMarks}): a sender thread that finds a write under way queues its answer for the
 * next one, and the thread that writes carries every answer queued by then. At 30 calls a second
 * that is one answer per transaction; at the paid rates, one transaction carries many.
 *
 * <p>What a crash leaves is unchanged: each sender returns only once its own answer is written (or
 * has failed), so an entry is IN_FLIGHT with its departure mark until its SENT commits, exactly as
 * with one transaction per answer. A batch that fails rolls back whole; each of its senders then
 * writes its answer on its own (see {@code CallSender}).
 *
 * <p>Thread-safe.
 */
final class SentBatches {

  private static final Logger LOG = Logger.getLogger(SentBatches.class.getName());

  private final Consumer<Map<Long, JsonValue>> writer;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition written = lock.newCondition();
  private Map<Long, JsonValue> queued = new TreeMap<>();
  private final Map<Long, Boolean> outcomes = new HashMap<>();
  private boolean writing;

  /**
   * @param writer writes SENT for every entry of the map (by id, in id order) in one transaction,
   *     or throws and writes none
   */
  SentBatches(Consumer<Map<Long, JsonValue>> writer) {
    this.writer = writer;
  }

  /**
   * Writes one entry's SENT with whatever other answers are waiting; blocks until done.
   *
   * @return false when the transaction that carried it failed: nothing of it was written
   */
  boolean write(long entryId, JsonValue result) {
    lock.lock();
    try {
      queued.put(entryId, result);
      while (true) {
        Boolean done = outcomes.remove(entryId);
        if (done != null) {
          return done;
        }
        if (!writing) {
          writeQueued();
          continue;
        }
        // Not interruptible: a write may already carry this answer, and the sender must know
        // whether it did before it writes the answer again on its own. The wait is one
        // transaction.
        written.awaitUninterruptibly();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Writes every queued answer, outside the lock; called and returns with the lock held. */
  private void writeQueued() {
    writing = true;
    Map<Long, JsonValue> batch = queued;
    queued = new TreeMap<>();
    boolean ok = false;
    lock.unlock();
    try {
      writer.accept(batch);
      ok = true;
    } catch (RuntimeException e) {
      LOG.log(
          Level.FINE,
          "Could not write the SENT outcomes of entries " + batch.keySet() + " together",
          e);
    } finally {
      lock.lock();
    }
    for (Long id : batch.keySet()) {
      outcomes.put(id, ok);
    }
    writing = false;
    written.signalAll();
  }

  /** How many answers wait for the next write (for tests). */
  int queuedForTest() {
    lock.lock();
    try {
      return queued.size();
    } finally {
      lock.unlock();
    }
  }
}
