package io.tgdesk.events;

import io.tgdesk.config.Settings;
import io.tgdesk.web.Page;
import io.tgdesk.web.Problem;
import io.tgdesk.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Publishes events for the host platform and keeps their deliveries. {@link #publish} joins the
 * caller's transaction: an event exists exactly when the change it reports was committed.
 */
@ApplicationScoped
public class HostEvents {

  public static final Set<String> TYPES =
      Set.of(
          "ticket.created", "ticket.updated", "message.received", "message.sent", "message.failed");

  private static final Duration MAX_DELAY = Duration.ofMinutes(10);

  @PersistenceContext EntityManager em;
  @Inject Clock clock;
  @Inject Settings settings;

  /** An endpoint as the API shows it; the secret is never shown. */
  public record EndpointView(long id, String url, Instant createdAt) {}

  /** An endpoint to register. */
  public record EndpointRequest(String url, String secret) {}

  /** A delivery as the API shows it. */
  public record EventView(
      long id,
      long endpointId,
      long ticketId,
      String type,
      String state,
      int attempts,
      Instant nextAttemptAt,
      String lastError,
      Instant createdAt,
      Instant sentAt,
      String payload) {
    static EventView of(HostEvent e) {
      return new EventView(
          e.id(),
          e.endpointId(),
          e.ticketId(),
          e.type(),
          e.state().toLowerCase(java.util.Locale.ROOT),
          e.attempts(),
          e.nextAttemptAt(),
          e.lastError(),
          e.createdAt(),
          e.sentAt(),
          e.payload());
    }
  }

  /**
   * Records an event for every registered endpoint, in the caller's transaction.
   *
   * @param data the event's details (ticket, message), without envelope
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public void publish(String type, long ticketId, JsonObject data) {
    List<Long> endpoints =
        em.createQuery("select e.id from EventEndpoint e", Long.class).getResultList();
    if (endpoints.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    String payload =
        Json.createObjectBuilder()
            .add("id", UUID.randomUUID().toString())
            .add("type", type)
            .add("occurredAt", now.toString())
            .add("ticketId", ticketId)
            .add("data", data)
            .build()
            .toString();
    for (Long endpoint : endpoints) {
      em.persist(new HostEvent(endpoint, ticketId, type, payload, now));
    }
  }

  @Transactional
  public EndpointView register(EndpointRequest r) {
    List<Problem.FieldError> errors = new ArrayList<>();
    URI uri = null;
    try {
      uri = r == null || r.url() == null ? null : URI.create(r.url().trim());
    } catch (IllegalArgumentException e) {
      uri = null;
    }
    boolean local =
        uri != null && ("localhost".equals(uri.getHost()) || "127.0.0.1".equals(uri.getHost()));
    if (uri == null
        || uri.getHost() == null
        || !("https".equals(uri.getScheme()) || local && "http".equals(uri.getScheme()))) {
      errors.add(
          new Problem.FieldError(
              "url", "must be an https URL (http only for localhost, for development)"));
    }
    if (r == null || r.secret() == null || r.secret().length() < 16 || r.secret().length() > 256) {
      errors.add(new Problem.FieldError("secret", "must be 16-256 characters"));
    }
    if (!errors.isEmpty()) {
      throw ProblemException.invalid(errors);
    }
    EventEndpoint e = new EventEndpoint(uri.toString(), r.secret(), clock.instant());
    em.persist(e);
    em.flush();
    return new EndpointView(e.id(), e.url(), e.createdAt());
  }

  public List<EndpointView> endpoints() {
    return em
        .createQuery("select e from EventEndpoint e order by e.id", EventEndpoint.class)
        .getResultList()
        .stream()
        .map(e -> new EndpointView(e.id(), e.url(), e.createdAt()))
        .toList();
  }

  /** Removes an endpoint and every delivery still kept for it. */
  @Transactional
  public void unregister(long id) {
    EventEndpoint e = em.find(EventEndpoint.class, id);
    if (e == null) {
      throw ProblemException.notFound("No event endpoint with id " + id + ".");
    }
    em.createQuery("delete from HostEvent h where h.endpointId = :id")
        .setParameter("id", id)
        .executeUpdate();
    em.remove(e);
  }

  public Page<EventView> list(String state, Long endpointId, Long ticketId, int page, int size) {
    StringBuilder where = new StringBuilder(" where 1 = 1");
    if (state != null) where.append(" and h.state = :state");
    if (endpointId != null) where.append(" and h.endpointId = :endpoint");
    if (ticketId != null) where.append(" and h.ticketId = :ticket");
    TypedQuery<HostEvent> q =
        em.createQuery(
            "select h from HostEvent h" + where + " order by h.id desc", HostEvent.class);
    TypedQuery<Long> count = em.createQuery("select count(h) from HostEvent h" + where, Long.class);
    if (state != null) {
      q.setParameter("state", state);
      count.setParameter("state", state);
    }
    if (endpointId != null) {
      q.setParameter("endpoint", endpointId);
      count.setParameter("endpoint", endpointId);
    }
    if (ticketId != null) {
      q.setParameter("ticket", ticketId);
      count.setParameter("ticket", ticketId);
    }
    List<EventView> items =
        q.setFirstResult(page * size).setMaxResults(size).getResultList().stream()
            .map(EventView::of)
            .toList();
    return new Page<>(items, page, size, count.getSingleResult());
  }

  /** Sends a dead or sent event again (it goes after nothing: it is due at once). */
  @Transactional
  public EventView replay(long id) {
    HostEvent e = em.find(HostEvent.class, id, LockModeType.PESSIMISTIC_WRITE);
    if (e == null) {
      throw ProblemException.notFound("No event with id " + id + ".");
    }
    if ("PENDING".equals(e.state())) {
      throw ProblemException.conflict("The event is still pending.");
    }
    e.replay(clock.instant());
    return EventView.of(e);
  }

  /**
   * The events to deliver now: per (endpoint, ticket), only the oldest pending one, and only when
   * it is due, so that a ticket's events arrive in order.
   */
  @Transactional
  public List<Delivery> due(int limit) {
    Instant now = clock.instant();
    // Due ones only, so that endpoints waiting out a back-off do not fill the window; a due one
    // still waits while an older one of its ticket and endpoint is pending.
    List<HostEvent> due =
        em.createQuery(
                "select h from HostEvent h where h.state = 'PENDING' and h.nextAttemptAt <= :now"
                    + " order by h.id",
                HostEvent.class)
            .setParameter("now", now)
            .setMaxResults(limit)
            .getResultList();
    Set<String> seen = new HashSet<>();
    List<Delivery> out = new ArrayList<>();
    for (HostEvent h : due) {
      if (!seen.add(h.endpointId() + ":" + h.ticketId()) || olderPending(h)) {
        continue;
      }
      EventEndpoint endpoint = em.find(EventEndpoint.class, h.endpointId());
      if (endpoint != null) {
        out.add(
            new Delivery(
                h.id(), h.type(), h.payload(), URI.create(endpoint.url()), endpoint.secret()));
      }
    }
    return out;
  }

  private boolean olderPending(HostEvent h) {
    return em.createQuery(
                "select count(o) from HostEvent o where o.endpointId = :e and o.ticketId = :t"
                    + " and o.id < :id and o.state = 'PENDING'",
                Long.class)
            .setParameter("e", h.endpointId())
            .setParameter("t", h.ticketId())
            .setParameter("id", h.id())
            .getSingleResult()
        > 0;
  }

  /** What the dispatcher needs to make one delivery. */
  public record Delivery(long id, String type, String payload, URI url, String secret) {}

  @Transactional
  public void delivered(long id) {
    HostEvent e = em.find(HostEvent.class, id, LockModeType.PESSIMISTIC_WRITE);
    if (e != null && "PENDING".equals(e.state())) {
      e.sent(clock.instant());
    }
  }

  @Transactional
  public void failed(long id, String error) {
    HostEvent e = em.find(HostEvent.class, id, LockModeType.PESSIMISTIC_WRITE);
    if (e == null || !"PENDING".equals(e.state())) {
      return;
    }
    Duration delay = settings.eventsRetryBase().multipliedBy(1L << Math.min(e.attempts(), 20));
    if (delay.compareTo(MAX_DELAY) > 0) {
      delay = MAX_DELAY;
    }
    e.failed(error, clock.instant().plus(delay), settings.eventsMaxAttempts());
  }
}
