package io.tgdesk.schema;

import java.sql.SQLException;

/**
 * Failures of a transaction that met a concurrent one and lost, and that may simply be tried again:
 * an optimistic lock, a lock the database gave up waiting for (a timeout or a deadlock, SQLState
 * class 40 on Derby and PostgreSQL), a unique key that a concurrent insert of the same thing took
 * first (23505), or a foreign key (23503) broken by a concurrent transaction: a row it refers to
 * was deleted after it was read (an event endpoint deleted while a ticket's change queued an event
 * for it), or a row it deletes came to be referred to. TgDesk reads what it refers to before it
 * writes, so a foreign key is broken only by such a race. Nothing of the losing transaction was
 * written.
 */
public final class Conflicts {

  private Conflicts() {}

  /** Whether this throwable itself (not its causes) says a concurrent change won. */
  public static boolean isConcurrentChange(Throwable t) {
    String name = t.getClass().getSimpleName();
    return name.equals("OptimisticLockException")
        || name.equals("PessimisticLockException")
        || name.equals("LockTimeoutException")
        || (t instanceof SQLException sql
            && sql.getSQLState() != null
            && (sql.getSQLState().startsWith("40")
                || sql.getSQLState().equals("23505")
                || isBrokenForeignKey(sql)));
  }

  /**
   * Whether this throwable itself is a broken foreign key (23503): a race while TgDesk reads what
   * it refers to first, a defect if it happens every time, so worth showing where it is answered.
   */
  public static boolean isBrokenForeignKey(Throwable t) {
    return t instanceof SQLException sql && "23503".equals(sql.getSQLState());
  }

  /** Whether {@code e} or one of its causes says a concurrent change won. */
  public static boolean lostToConcurrentChange(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (isConcurrentChange(t)) {
        return true;
      }
    }
    return false;
  }
}
