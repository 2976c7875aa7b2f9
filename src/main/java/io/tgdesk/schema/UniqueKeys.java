package io.tgdesk.schema;

import java.sql.SQLException;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/**
 * What the schema's unique keys tell a writer: whether a failed write lost at a unique key, and how
 * to store a row once when several writers race to insert the same key. Works the same on Derby and
 * PostgreSQL.
 */
public final class UniqueKeys {

  private UniqueKeys() {}

  /**
   * Whether {@code e}, one of its causes or anything suppressed along the way is a unique-key
   * violation (SQLState 23505 on both Derby and PostgreSQL).
   */
  public static boolean isViolation(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
        return true;
      }
      for (Throwable s : t.getSuppressed()) {
        if (isViolation(s)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Inserts a row unless it is stored already, when concurrent writers may insert the same key. The
   * first attempt inserts at once: an insert that loses at the unique key means the row is there,
   * and a repeat is rare enough that looking first would cost every other write a query (a third of
   * a webhook's acknowledgement). Any other failure (on Derby the loser of the race may see a lock
   * timeout or a deadlock, in the insert or in the look that waits for the winner's row) is tried
   * again after {@code pause}, up to {@code attempts} times, each time looking first; a last look
   * then decides. Blocks for as long as the pauses and the database take; thread-safe if the given
   * functions are.
   *
   * @param attempts how many times to insert, at least 1
   * @param stored whether the row is there (each call in a transaction of its own)
   * @param insert inserts the row (in a transaction of its own), throwing when it cannot
   * @param pause called with the number of the failed attempt (from 0) before the next one
   * @return true when this call inserted the row, false when it was there already
   * @throws RuntimeException the last failure, when every attempt failed and the row is not there
   */
  public static boolean insertOnce(
      int attempts, BooleanSupplier stored, Runnable insert, IntConsumer pause) {
    RuntimeException last = null;
    for (int attempt = 0; attempt < attempts; attempt++) {
      try {
        if (attempt > 0 && stored.getAsBoolean()) {
          return false;
        }
        insert.run();
        return true;
      } catch (RuntimeException e) {
        if (isViolation(e)) {
          return false;
        }
        last = e;
        if (attempt + 1 < attempts) {
          pause.accept(attempt);
        }
      }
    }
    try {
      if (stored.getAsBoolean()) {
        return false;
      }
    } catch (RuntimeException e) {
      if (last != null) {
        last.addSuppressed(e);
      } else {
        throw e;
      }
    }
    throw last == null ? new IllegalArgumentException("attempts must be at least 1") : last;
  }
}
