package io.tgdesk.tickets.queues;

import io.tgdesk.tickets.Ticket;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Puts new tickets into queues and assigns them by the queue's strategy. Joins the intake
 * transaction that creates the ticket; the queue row is locked while its round-robin turn moves on,
 * so two tickets never get the same turn.
 */
@ApplicationScoped
public class QueueRouting {

  @PersistenceContext EntityManager em;
  @Inject Clock clock;
  @Inject Queues queues;
  @Inject AgentAvailability availability;

  /**
   * Puts a new ticket into the named queue, whatever its routing rules, and assigns it by the
   * queue's strategy. Without such a queue (deleted meanwhile) the ticket is routed as any other.
   * Joins the caller's transaction.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public void place(Ticket ticket, String queueName, String firstText) {
    Optional<TicketQueue> q = queueName == null ? Optional.empty() : queues.byName(queueName);
    if (q.isEmpty()) {
      route(ticket, firstText);
      return;
    }
    Instant now = clock.instant();
    ticket.moveToQueue(q.get().name(), now);
    pickAssignee(q.get()).ifPresent(agent -> ticket.assign(agent, now));
  }

  /**
   * Puts a new ticket into the first queue (by position, then id) whose rules match, and assigns it
   * by the queue's strategy. Joins the caller's transaction.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public void route(Ticket ticket, String firstText) {
    Instant now = clock.instant();
    for (TicketQueue q : queues.all()) {
      if (q.matches(ticket.botId(), ticket.topicGroupId(), firstText)) {
        ticket.moveToQueue(q.name(), now);
        pickAssignee(q).ifPresent(agent -> ticket.assign(agent, now));
        return;
      }
    }
  }

  private Optional<String> pickAssignee(TicketQueue unlocked) {
    if (unlocked.strategy() == AssignmentStrategy.MANUAL) {
      return Optional.empty();
    }
    TicketQueue q = em.find(TicketQueue.class, unlocked.id(), LockModeType.PESSIMISTIC_WRITE);
    List<String> online = availability.online(q.members());
    Optional<String> chosen;
    if (q.strategy() == AssignmentStrategy.ROUND_ROBIN) {
      chosen = RoundRobin.next(q.members(), q.lastAssignee(), online);
    } else {
      Map<String, Long> load = online.isEmpty() ? Map.of() : availability.activeTickets(online);
      chosen =
          online.stream().min(Comparator.comparingLong((String a) -> load.getOrDefault(a, 0L)));
    }
    chosen.ifPresent(agent -> q.assigned(agent, clock.instant()));
    return chosen;
  }
}
