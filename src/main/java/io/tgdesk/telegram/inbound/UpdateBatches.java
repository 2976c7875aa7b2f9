package io.tgdesk.telegram.inbound;

import io.tgdesk.schema.UniqueKeys;
import io.tgdesk.telegram.bots.BotId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Stores the updates of concurrent webhook deliveries several in one transaction (group commit): a
 * request thread that finds a write under way queues its update for the next one, and the thread
 * that writes carries every update queued by then, in one insert batch and one commit. Each caller
 * returns only once its own update is durable, or once the write that carried it has failed, so an
 * acknowledgement still means "stored".
 *
 * <p>Within a write, a key (bot, update_id) that comes twice is inserted once: its first delivery
 * counts as stored, the others as duplicates. A write that loses at the unique key (the update was
 * stored before, or by another server meanwhile) looks up which of its keys are stored, answers
 * those DUPLICATE and inserts the rest once more. A write that fails otherwise rolls back whole,
 * and each caller whose update it carried then stores that one update on its own ({@link
 * Writer#insertOne}, on the caller's thread): a single update the database refuses fails alone, and
 * the others of its batch are stored.
 *
 * <p>Thread-safe. {@link #store} blocks for one or two transactions.
 */
final class UpdateBatches {

  private static final Logger LOG = Logger.getLogger(UpdateBatches.class.getName());

  /** The most updates one transaction carries. */
  static final int MAX_BATCH = 200;

  /** An update to store, as Telegram sent it. */
  record Incoming(BotId bot, long updateId, String source, byte[] raw) {
    Key key() {
      return new Key(bot.value(), updateId);
    }
  }

  /** The unique key of a stored update. */
  record Key(long bot, long updateId) {}

  /** How the write that carried an update came out for it. */
  private enum Outcome {
    /** Inserted and committed by this call's write. */
    STORED,
    /** Stored already, or by an earlier delivery in the same write. */
    DUPLICATE,
    /** The write that carried it failed and nothing of it was stored: store it on its own. */
    ALONE
  }

  /** Where batches go. */
  interface Writer {
    /**
     * Inserts every update in one transaction (keys distinct), or throws and inserts none. A
     * unique-key violation is recognised by {@link UniqueKeys#isViolation}.
     */
    void insertAll(List<Incoming> updates);

    /** Which of the given keys are stored, read in a transaction of its own. */
    Set<Key> stored(List<Key> keys);

    /**
     * Stores one update on its own, racing other writers of the same key: true when this call
     * inserted it, false when it was there already; throws when it could not be stored.
     */
    boolean insertOne(Incoming update);
  }

  private static final class Waiter {
    final Incoming update;
    Outcome outcome;

    Waiter(Incoming update) {
      this.update = update;
    }
  }

  private final Writer writer;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition written = lock.newCondition();
  private List<Waiter> queued = new ArrayList<>();
  private boolean writing;

  UpdateBatches(Writer writer) {
    this.writer = writer;
  }

  /**
   * Stores one update with whatever others are waiting; blocks until the write that carries it has
   * committed, and when that write failed, until the update is stored on its own.
   *
   * @return true when this call stored the update, false when it was stored already (by an earlier
   *     delivery, or a concurrent one)
   * @throws RuntimeException when it could not be stored: nothing was acknowledged
   */
  boolean store(Incoming update) {
    Waiter me = new Waiter(update);
    lock.lock();
    try {
      queued.add(me);
      while (me.outcome == null) {
        if (!writing) {
          writeQueued();
          continue;
        }
        // Not interruptible: a write may already carry this update, and the caller must know
        // whether it did before it answers. The wait is one or two transactions.
        written.awaitUninterruptibly();
      }
    } finally {
      lock.unlock();
    }
    return switch (me.outcome) {
      case STORED -> true;
      case DUPLICATE -> false;
      case ALONE -> writer.insertOne(update); // on this thread, beside the next write
    };
  }

  /** Writes the queued updates, outside the lock; called and returns with the lock held. */
  private void writeQueued() {
    writing = true;
    List<Waiter> batch;
    if (queued.size() <= MAX_BATCH) {
      batch = queued;
      queued = new ArrayList<>();
    } else {
      batch = new ArrayList<>(queued.subList(0, MAX_BATCH));
      queued = new ArrayList<>(queued.subList(MAX_BATCH, queued.size()));
    }
    lock.unlock();
    try {
      write(batch);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Storing " + batch.size() + " updates together failed", e);
    } finally {
      lock.lock();
      for (Waiter w : batch) {
        if (w.outcome == null) {
          w.outcome = Outcome.ALONE;
        }
      }
      writing = false;
      written.signalAll();
    }
  }

  /** Sets the outcome of every waiter of the batch, or leaves them unset when the write failed. */
  private void write(List<Waiter> batch) {
    Map<Key, Waiter> first = new LinkedHashMap<>();
    List<Waiter> repeats = new ArrayList<>();
    for (Waiter w : batch) {
      if (first.putIfAbsent(w.update.key(), w) != null) {
        repeats.add(w);
      }
    }
    List<Incoming> updates = first.values().stream().map(w -> w.update).toList();
    Set<Key> storedBefore = Set.of();
    try {
      writer.insertAll(updates);
    } catch (RuntimeException e) {
      if (!UniqueKeys.isViolation(e)) {
        LOG.log(Level.FINE, "Storing " + updates.size() + " updates together failed", e);
        return; // each is stored on its own
      }
      storedBefore = new HashSet<>(writer.stored(List.copyOf(first.keySet())));
      Set<Key> known = storedBefore;
      List<Incoming> rest = updates.stream().filter(u -> !known.contains(u.key())).toList();
      try {
        if (!rest.isEmpty()) {
          writer.insertAll(rest);
        }
      } catch (RuntimeException again) {
        LOG.log(Level.FINE, "Storing " + rest.size() + " updates together failed again", again);
        for (Waiter w : first.values()) {
          if (known.contains(w.update.key())) {
            w.outcome = Outcome.DUPLICATE;
          }
        }
        return; // the rest are stored on their own
      }
    }
    for (Waiter w : first.values()) {
      w.outcome = storedBefore.contains(w.update.key()) ? Outcome.DUPLICATE : Outcome.STORED;
    }
    for (Waiter w : repeats) {
      w.outcome = Outcome.DUPLICATE;
    }
  }

  /** How many updates wait for the next write (for tests). */
  int queuedForTest() {
    lock.lock();
    try {
      return queued.size();
    } finally {
      lock.unlock();
    }
  }
}
