package io.tgdesk.customers;

import io.tgdesk.hostevents.HostEventErasure;
import io.tgdesk.tickets.TicketErasure;
import io.tgdesk.tickets.TicketId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;

/** One transaction of the retention ({@link ContentRetention}). */
@ApplicationScoped
class RetentionSteps {

  @Inject TicketErasure tickets;
  @Inject HostEventErasure hostEvents;

  /**
   * Erases up to {@code size} messages of the ticket; when none is left, marks the ticket erased
   * and forgets its host events.
   *
   * @return how many messages were erased
   */
  @Transactional
  public int eraseBatch(TicketId ticket, int size) {
    int n = tickets.eraseMessages(ticket, false, size).messages();
    if (n < size) {
      tickets.markErased(ticket);
      hostEvents.forgetTickets(List.of(ticket.value()));
    }
    return n;
  }
}
