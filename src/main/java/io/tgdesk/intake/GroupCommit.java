package io.tgdesk.intake;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Stores items that arrive concurrently (webhook deliveries) in shared transactions: each caller
 * queues its item and waits until a transaction that holds it has ended, and whichever waiting
 * caller finds a writer's place free writes everything queued so far, up to {@link #MAX_GROUP}
 * items, in one transaction. Under load one commit thus serves many callers; a caller alone writes
 * its item alone and at once, as before. At most {@code writers} transactions run at a time.
 *
 * <p>When a group's write fails (one of its items is stored already, a lock timeout), nothing of it
 * is stored and each of its callers is told so: {@link #store} returns false and the caller stores
 * its item on its own, with its own retries. Thread-safe.
 *
 * @param <T> an item to store
 */
public final class GroupCommit<T> {

  /** The most items one transaction writes. */
  static final int MAX_GROUP = 64;

  private final Consumer<List<T>> writeAll;
  private final int writers;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition groupEnded = lock.newCondition();
  private final ArrayDeque<Waiting<T>> queue = new ArrayDeque<>(); // guarded by lock
  private int writing; // guarded by lock

  /**
   * @param writers how many group transactions may run at a time, at least 1
   * @param writeAll writes the items in one transaction and commits it, or throws having stored
   *     none of them
   */
  public GroupCommit(int writers, Consumer<List<T>> writeAll) {
    if (writers < 1) {
      throw new IllegalArgumentException("at least one writer");
    }
    this.writers = writers;
    this.writeAll = writeAll;
  }

  /** An item and what became of it; guarded by the lock. */
  private static final class Waiting<T> {
    final T item;
    boolean taken;
    boolean settled;
    boolean stored;

    Waiting(T item) {
      this.item = item;
    }
  }

  /**
   * Stores the item in a group; blocks until the group's transaction has ended.
   *
   * @return true when the item is stored (committed), false when its group failed and nothing of it
   *     was stored: the caller stores it alone
   * @throws InterruptedException when interrupted while its item waits to be taken into a group;
   *     the item is then withdrawn and not stored
   */
  public boolean store(T item) throws InterruptedException {
    Waiting<T> mine = new Waiting<>(item);
    boolean interrupted = false;
    lock.lock();
    try {
      queue.add(mine);
      while (!mine.settled) {
        if (!mine.taken && writing < writers) {
          writeQueuedGroup();
        } else if (interrupted) {
          groupEnded.awaitUninterruptibly();
        } else {
          try {
            groupEnded.await();
          } catch (InterruptedException e) {
            if (!mine.taken) {
              queue.remove(mine);
              throw e;
            }
            interrupted = true; // its group is being written: wait for it
          }
        }
      }
      return mine.stored;
    } finally {
      lock.unlock();
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Takes up to {@link #MAX_GROUP} queued items, writes them in one transaction without holding the
   * lock, and settles them. Called and returns with the lock held.
   */
  private void writeQueuedGroup() {
    List<Waiting<T>> group = new ArrayList<>();
    for (Waiting<T> w; group.size() < MAX_GROUP && (w = queue.poll()) != null; ) {
      w.taken = true;
      group.add(w);
    }
    writing++;
    boolean stored = false;
    lock.unlock();
    try {
      writeAll.accept(group.stream().map(w -> w.item).toList());
      stored = true;
    } catch (RuntimeException failed) {
      // Nothing of the group was stored: each caller stores its item alone.
    } finally {
      lock.lock();
      writing--;
      for (Waiting<T> w : group) {
        w.settled = true;
        w.stored = stored;
      }
      groupEnded.signalAll();
    }
  }
}
