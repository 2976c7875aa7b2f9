package io.tgdesk.tickets;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityNotFoundException;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.Optional;

/**
 * Locks a ticket for a change in the one order every writer of a ticket keeps: its customer's row
 * first, then the ticket's. Intake writes the customer (their names, their flood count) and then
 * the ticket; a writer that locked the ticket and then read or wrote the customer (a status notice
 * counting against the customer's flood limit, a host event showing the customer) would meet it in
 * a deadlock, on Derby (whose reads wait for a writer's lock) and on PostgreSQL alike.
 */
@ApplicationScoped
public class TicketLocks {

  @PersistenceContext EntityManager em;

  /**
   * The ticket, read again under a row lock held until the transaction ends, after its customer's
   * (also held until then); empty when there is no such ticket. Call it before changing the ticket
   * in this transaction: the ticket is read again from the database.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public Optional<Ticket> lock(TicketId id) {
    Ticket ticket = em.find(Ticket.class, id.value());
    if (ticket == null) {
      return Optional.empty();
    }
    if (ticket.customerId() != null) {
      em.find(Customer.class, ticket.customerId(), LockModeType.PESSIMISTIC_WRITE);
    }
    try {
      em.refresh(ticket, LockModeType.PESSIMISTIC_WRITE);
    } catch (EntityNotFoundException e) {
      return Optional.empty(); // deleted meanwhile (with its bot)
    }
    return Optional.of(ticket);
  }
}
