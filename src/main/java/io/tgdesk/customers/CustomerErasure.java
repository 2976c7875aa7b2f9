package io.tgdesk.customers;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Erases everything TgDesk holds about one customer, in batches of {@code
 * tgdesk.customers.erasure-batch-size} rows per transaction ({@link ErasureSteps}), and records who
 * asked and when. What stays: the customer's row and their private tickets as erased skeletons
 * (ids, status, queue, assignee, times), their messages' rows without content (author, times,
 * delivery state), the outbox entries' states and times, and the audited calls without their chat:
 * counts and times for statistics. Blocks the calling thread until the erasure is done.
 *
 * <p>Idempotent: asked again for an erased customer, it answers the same erasure; asked again after
 * a run that died half-way, it continues.
 */
@ApplicationScoped
public class CustomerErasure {

  @Inject ErasureSteps steps;

  /**
   * Erases the customer's data.
   *
   * @param requestedBy the user name of whoever asked
   * @throws io.tgdesk.web.ProblemException 404 when there is no such customer
   */
  public ErasureView erase(long customerId, String requestedBy) {
    Erasure erasure = steps.begin(customerId, requestedBy);
    if (erasure.done()) {
      return erasure.view();
    }
    // Each batch commits on its own.
    Optional<ErasureSteps.Cursor> next = Optional.of(new ErasureSteps.Cursor());
    while (next.isPresent()) {
      next = steps.nextBatch(erasure.id(), next.get());
    }
    return steps.finish(erasure.id()).view();
  }
}
