package io.tgdesk.diagnostics;

import io.tgdesk.telegram.outbound.CircuitBreakerChanged;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The circuit breakers' history: every {@link CircuitBreakerChanged} of the delivery engine is
 * counted at once (metric {@code telegram_circuit_breaker_openings_total}) and written to
 * breaker_event off the delivery loop's thread, so that recording never holds up a delivery. Reads
 * for the admin view and the cause report.
 *
 * <p>Thread safety: {@link #onChange} may be called from any thread at once.
 */
@ApplicationScoped
public class BreakerHistory {

  private static final Logger LOG = Logger.getLogger(BreakerHistory.class.getName());

  @Resource ManagedScheduledExecutorService scheduler;
  @PersistenceContext EntityManager em;
  @Inject CallLog log;
  @Inject DiagnosticsMetrics metrics;

  void onChange(@Observes CircuitBreakerChanged change) {
    if (change.state() == CircuitBreakerChanged.State.OPEN) {
      metrics.breakerOpened(change.botId().value());
    }
    BreakerEvent event = new BreakerEvent(change);
    try {
      scheduler.execute(
          () -> {
            try {
              log.insert(event);
            } catch (RuntimeException e) {
              LOG.log(Level.WARNING, "Could not record " + change, e);
            }
          });
    } catch (RejectedExecutionException e) {
      LOG.log(Level.WARNING, "Could not record " + change + " (shutting down)", e);
    }
  }

  /** Changes of one bot (or all) in [from, to), oldest first, at most {@code max}. */
  public List<BreakerEventView> changes(Long botId, Instant from, Instant to, int max) {
    return query(botId, null, from, to, max).stream().map(BreakerEventView::of).toList();
  }

  /** Openings of one bot (or all) in [from, to), oldest first, at most {@code max}. */
  List<BreakerEvent> openings(Long botId, Instant from, Instant to, int max) {
    return query(botId, CircuitBreakerChanged.State.OPEN.name(), from, to, max);
  }

  /** How many times the breakers of one bot (or all) opened in [from, to). */
  long countOpenings(Long botId, Instant from, Instant to) {
    var q =
        em.createQuery(
                "select count(e) from BreakerEvent e where e.state = 'OPEN'"
                    + " and e.changedAt >= :from and e.changedAt < :to"
                    + (botId == null ? "" : " and e.botId = :bot"),
                Long.class)
            .setParameter("from", from)
            .setParameter("to", to);
    if (botId != null) {
      q.setParameter("bot", botId);
    }
    return q.getSingleResult();
  }

  private List<BreakerEvent> query(Long botId, String state, Instant from, Instant to, int max) {
    var q =
        em.createQuery(
                "select e from BreakerEvent e where e.changedAt >= :from and e.changedAt < :to"
                    + (botId == null ? "" : " and e.botId = :bot")
                    + (state == null ? "" : " and e.state = :state")
                    + " order by e.changedAt, e.id",
                BreakerEvent.class)
            .setParameter("from", from)
            .setParameter("to", to)
            .setMaxResults(max);
    if (botId != null) {
      q.setParameter("bot", botId);
    }
    if (state != null) {
      q.setParameter("state", state);
    }
    return q.getResultList();
  }
}
