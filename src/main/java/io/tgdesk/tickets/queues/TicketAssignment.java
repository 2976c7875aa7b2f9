package io.tgdesk.tickets.queues;

import io.tgdesk.schema.RetriedOnConflict;
import io.tgdesk.tickets.Caller;
import io.tgdesk.tickets.ConversationMessage;
import io.tgdesk.tickets.Ticket;
import io.tgdesk.tickets.TicketEvents;
import io.tgdesk.tickets.TicketId;
import io.tgdesk.tickets.TicketLocks;
import io.tgdesk.web.Problem;
import io.tgdesk.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Who works on a ticket and in which queue it is. Every change is recorded in the ticket's
 * conversation as an internal activity entry naming who made it.
 */
@ApplicationScoped
@RetriedOnConflict
public class TicketAssignment {

  @PersistenceContext EntityManager em;
  @Inject Clock clock;
  @Inject TicketLocks locks;
  @Inject Queues queues;
  @Inject TicketEvents events;

  /** Assigns the ticket to {@code assignee} (a user name), or unassigns it when null. */
  @Transactional
  public void assign(TicketId id, String assignee, Caller caller) {
    if (assignee != null && (assignee.isBlank() || assignee.length() > 200)) {
      throw ProblemException.invalid(
          List.of(new Problem.FieldError("assignee", "must be a user name of 1-200 characters")));
    }
    Ticket ticket = lock(id);
    if (Objects.equals(ticket.assignee(), assignee)) {
      return;
    }
    Instant now = clock.instant();
    String what =
        assignee == null
            ? "Unassigned (was " + ticket.assignee() + ")"
            : ticket.assignee() == null
                ? "Assigned to " + assignee
                : "Reassigned from " + ticket.assignee() + " to " + assignee;
    ticket.assign(assignee, now);
    em.persist(ConversationMessage.activity(ticket, caller.name(), what, now));
    events.updated(ticket, "assignee");
  }

  /** Moves the ticket into queue {@code queue} (a name), or out of any queue when null. */
  @Transactional
  public void moveToQueue(TicketId id, String queue, Caller caller) {
    if (queue != null && !QueueName.isValid(queue)) {
      throw ProblemException.invalid(List.of(QueueName.invalid("queue")));
    }
    if (queue != null && !queues.exists(queue)) {
      throw ProblemException.unprocessable("No queue named " + queue + ".");
    }
    Ticket ticket = lock(id);
    if (Objects.equals(ticket.queue(), queue)) {
      return;
    }
    Instant now = clock.instant();
    ticket.moveToQueue(queue, now);
    events.updated(ticket, "queue");
    em.persist(
        ConversationMessage.activity(
            ticket,
            caller.name(),
            queue == null ? "Removed from its queue" : "Moved to queue " + queue,
            now));
  }

  private Ticket lock(TicketId id) {
    return locks
        .lock(id)
        .orElseThrow(() -> ProblemException.notFound("No ticket with id " + id + "."));
  }
}
