package io.tgdesk.schema;

import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs a {@link RetriedOnConflict} method again when its transaction lost to a concurrent change.
 * Placed before the platform's transaction interceptor, so each attempt is a transaction of its
 * own. An agent's reply that met the delivery engine recording the previous reply's outcome on the
 * same ticket (an optimistic lock) is then saved, instead of answered 409 for the agent to send
 * again.
 */
@RetriedOnConflict
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 100)
public class ConflictRetries {

  private static final Logger LOG = Logger.getLogger(ConflictRetries.class.getName());

  /** Attempts in all, the first included. */
  static final int ATTEMPTS = 5;

  @Resource TransactionSynchronizationRegistry transactions;

  @AroundInvoke
  Object retry(InvocationContext call) throws Exception {
    if (transactions.getTransactionStatus() != Status.STATUS_NO_TRANSACTION) {
      return call.proceed(); // the caller's transaction decides
    }
    for (int attempt = 1; ; attempt++) {
      try {
        return call.proceed();
      } catch (RuntimeException e) {
        if (attempt >= ATTEMPTS || !Conflicts.lostToConcurrentChange(e)) {
          throw e;
        }
        LOG.log(
            Level.FINE,
            "{0} lost to a concurrent change (attempt {1}); running it again",
            new Object[] {call.getMethod().getName(), attempt});
        // Apart, so that writers that met once do not meet again.
        Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L * attempt + 6));
      }
    }
  }
}
