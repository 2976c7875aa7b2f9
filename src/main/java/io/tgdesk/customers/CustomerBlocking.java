package io.tgdesk.customers;

import io.tgdesk.tickets.Customer;
import io.tgdesk.tickets.CustomerActivity;
import io.tgdesk.tickets.CustomerId;
import io.tgdesk.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;

/**
 * Blocking and unblocking a customer. A blocked customer's updates are stored as ignored (naming
 * the block), open no ticket and trigger no automatic message; no reply goes out to them. Both
 * operations are idempotent: blocking a blocked customer keeps the first block (its reason and
 * time) and announces nothing, and so does unblocking one who is not blocked. Each change is
 * announced, in its transaction, as a {@link CustomerActivity} (a host event).
 */
@ApplicationScoped
public class CustomerBlocking {

  @PersistenceContext EntityManager em;
  @Inject Event<CustomerActivity> activity;
  @Inject Clock clock;

  /**
   * Blocks the customer for the reason given, by the admin named.
   *
   * @throws ProblemException 404 for an unknown customer
   */
  @Transactional
  public CustomerBlockView block(CustomerId id, String reason, String by) {
    Customer c = customer(id);
    Instant now = clock.instant();
    if (c.block(reason.strip(), by, now)) {
      activity.fire(new CustomerActivity(CustomerActivity.Type.CUSTOMER_BLOCKED, id, now));
    }
    return CustomerBlockView.of(c);
  }

  /**
   * Lifts the customer's block: their next messages are tickets again.
   *
   * @throws ProblemException 404 for an unknown customer
   */
  @Transactional
  public CustomerBlockView unblock(CustomerId id) {
    Customer c = customer(id);
    if (c.unblock()) {
      activity.fire(
          new CustomerActivity(CustomerActivity.Type.CUSTOMER_UNBLOCKED, id, clock.instant()));
    }
    return CustomerBlockView.of(c);
  }

  /** The customer, locked: two admins blocking at once announce one block. */
  private Customer customer(CustomerId id) {
    Customer c = em.find(Customer.class, id.value(), LockModeType.PESSIMISTIC_WRITE);
    if (c == null) {
      throw ProblemException.notFound("No customer with id " + id + ".");
    }
    return c;
  }
}
