package io.tgdesk.hostevents;

import io.tgdesk.schema.PageRows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The queue of host events: which are due, claiming one, recording an attempt. */
@ApplicationScoped
public class HostEventStore {

  /** What the dispatcher needs for one attempt, read in the claim's transaction. */
  record Attempt(
      long id,
      String eventId,
      String type,
      String url,
      String secret,
      String payload,
      int attempts,
      int maxAttempts) {}

  @PersistenceContext EntityManager em;

  /**
   * Pending events whose time has come and that are the oldest pending event of their ticket (or,
   * for a customer event, of their customer) for their endpoint: a later event never overtakes an
   * earlier one of the same ticket or customer. (A null ticket or customer id equals nothing.)
   */
  @Transactional
  public List<Head> dueHeads(Instant now, int limit) {
    return em.createQuery(
            "select e.id, e.endpointId from HostEvent e"
                + " where e.state = io.tgdesk.hostevents.HostEventState.PENDING"
                + " and e.nextAttemptAt <= :now and not exists (select o.id from HostEvent o"
                + " where o.endpointId = e.endpointId and o.ticketId = e.ticketId"
                + " and o.state = io.tgdesk.hostevents.HostEventState.PENDING and o.id < e.id)"
                + " and not exists (select c.id from HostEvent c"
                + " where c.endpointId = e.endpointId and c.customerId = e.customerId"
                + " and c.state = io.tgdesk.hostevents.HostEventState.PENDING and c.id < e.id)"
                + " order by e.id",
            Object[].class)
        .setParameter("now", now)
        .setMaxResults(limit)
        .getResultStream()
        .map(r -> new Head(((Number) r[0]).longValue(), ((Number) r[1]).longValue()))
        .toList();
  }

  /** A due event and the endpoint it goes to. */
  public record Head(long id, long endpointId) {}

  /**
   * Takes an event for one attempt, under a row lock: it counts the attempt and moves the next
   * attempt {@code lease} ahead, so that no other server (or a later round) sends it meanwhile.
   * Empty when it is no longer due or its endpoint is gone or disabled.
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public Optional<Attempt> claim(long id, Instant now, Duration lease) {
    HostEvent e = em.find(HostEvent.class, id, LockModeType.PESSIMISTIC_WRITE);
    if (e == null || e.state() != HostEventState.PENDING || e.nextAttemptAt().isAfter(now)) {
      return Optional.empty();
    }
    EventEndpoint endpoint = em.find(EventEndpoint.class, e.endpointId());
    if (endpoint == null || !endpoint.enabled()) {
      return Optional.empty();
    }
    e.claim(now, lease);
    return Optional.of(
        new Attempt(
            e.id(),
            e.eventId(),
            e.type(),
            endpoint.url(),
            endpoint.secret(),
            e.payload(),
            e.attempts(),
            endpoint.maxAttempts()));
  }

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void delivered(long id, int status, Instant now) {
    HostEvent e = em.find(HostEvent.class, id, LockModeType.PESSIMISTIC_WRITE);
    if (e != null) {
      e.delivered(status, now);
    }
  }

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void failed(long id, Integer status, String error, Instant retryAt, Instant now) {
    HostEvent e = em.find(HostEvent.class, id, LockModeType.PESSIMISTIC_WRITE);
    if (e != null) {
      e.failed(status, error, retryAt, now);
    }
  }

  @Transactional
  public List<HostEvent> list(
      HostEventState state, Long endpointId, Long ticketId, int page, int size) {
    var q =
        em.createQuery(
            "select e from HostEvent e where 1 = 1"
                + (state == null ? "" : " and e.state = :state")
                + (endpointId == null ? "" : " and e.endpointId = :endpoint")
                + (ticketId == null ? "" : " and e.ticketId = :ticket")
                + " order by e.id desc",
            HostEvent.class);
    if (state != null) q.setParameter("state", state);
    if (endpointId != null) q.setParameter("endpoint", endpointId);
    if (ticketId != null) q.setParameter("ticket", ticketId);
    return PageRows.of(q, page, size, HostEvent::id);
  }

  @Transactional
  public long count(HostEventState state, Long endpointId, Long ticketId) {
    var q =
        em.createQuery(
            "select count(e) from HostEvent e where 1 = 1"
                + (state == null ? "" : " and e.state = :state")
                + (endpointId == null ? "" : " and e.endpointId = :endpoint")
                + (ticketId == null ? "" : " and e.ticketId = :ticket"),
            Long.class);
    if (state != null) q.setParameter("state", state);
    if (endpointId != null) q.setParameter("endpoint", endpointId);
    if (ticketId != null) q.setParameter("ticket", ticketId);
    return q.getSingleResult();
  }
}
