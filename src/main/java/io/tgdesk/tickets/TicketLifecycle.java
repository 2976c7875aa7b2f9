package io.tgdesk.tickets;

import io.tgdesk.schema.RetriedOnConflict;
import io.tgdesk.tickets.replies.Ratings;
import io.tgdesk.tickets.replies.StatusNotices;
import io.tgdesk.web.Problem;
import io.tgdesk.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Ticket status changes by agents: open -> pending -> resolved -> closed, with reopen. An invalid
 * transition answers 409 naming the allowed ones.
 */
@ApplicationScoped
@RetriedOnConflict
public class TicketLifecycle {

  static final Map<TicketStatus, Set<TicketStatus>> ALLOWED =
      Map.of(
          TicketStatus.OPEN,
              EnumSet.of(TicketStatus.PENDING, TicketStatus.RESOLVED, TicketStatus.CLOSED),
          TicketStatus.PENDING,
              EnumSet.of(TicketStatus.OPEN, TicketStatus.RESOLVED, TicketStatus.CLOSED),
          TicketStatus.RESOLVED, EnumSet.of(TicketStatus.OPEN, TicketStatus.CLOSED),
          TicketStatus.CLOSED, EnumSet.of(TicketStatus.OPEN));

  @PersistenceContext EntityManager em;
  @Inject Clock clock;
  @Inject StatusNotices notices;
  @Inject TicketEvents events;
  @Inject Ratings ratings;
  @Inject TicketLocks locks;

  @Transactional
  public TicketStatus changeStatus(TicketId id, String requested, Caller caller) {
    if (requested == null || requested.isBlank()) {
      throw ProblemException.invalid(List.of(new Problem.FieldError("status", "is required")));
    }
    TicketStatus next;
    try {
      next = TicketStatus.parse(requested);
    } catch (IllegalArgumentException e) {
      throw ProblemException.invalid(List.of(new Problem.FieldError("status", e.getMessage())));
    }
    // Locked (after its customer): the status notice sweep writes the same rows.
    Ticket ticket =
        locks
            .lock(id)
            .orElseThrow(() -> ProblemException.notFound("No ticket with id " + id + "."));
    TicketStatus current = ticket.status();
    if (current == next) {
      return current;
    }
    Set<TicketStatus> allowed = ALLOWED.get(current);
    if (!allowed.contains(next)) {
      throw ProblemException.conflict(
          "A "
              + current.wireName()
              + " ticket cannot become "
              + next.wireName()
              + "; allowed: "
              + allowed.stream().map(TicketStatus::wireName).collect(Collectors.joining(", "))
              + ".");
    }
    if (next.isActive() && !current.isActive() && ticket.kind() == TicketKind.PRIVATE) {
      long active =
          em.createQuery("select count(t) from Ticket t where t.openKey = :key", Long.class)
              .setParameter(
                  "key",
                  Ticket.openKey(
                      ticket.botId(), ticket.customerId(), ticket.businessConnectionId()))
              .getSingleResult();
      if (active > 0) {
        throw ProblemException.conflict(
            "The customer already has an active ticket; reopen is not possible.");
      }
    }
    ticket.changeStatus(next, clock.instant());
    // Who did it, in the conversation like assignment and queue moves.
    em.persist(
        ConversationMessage.activity(
            ticket,
            caller.name(),
            "Status changed from " + current.wireName() + " to " + next.wireName(),
            clock.instant()));
    notices.statusChanged(ticket, current, next);
    events.updated(ticket, "status");
    if (next == TicketStatus.RESOLVED) {
      ratings.resolved(ticket); // one rating prompt per resolution, where the queue asks for it
    }
    return next;
  }
}
