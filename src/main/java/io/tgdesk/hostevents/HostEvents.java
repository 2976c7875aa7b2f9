package io.tgdesk.hostevents;

import io.tgdesk.egress.EgressGuard;
import io.tgdesk.schema.RetriedOnConflict;
import io.tgdesk.tickets.CustomerActivity;
import io.tgdesk.tickets.TicketActivity;
import io.tgdesk.web.Page;
import io.tgdesk.web.Problem.FieldError;
import io.tgdesk.web.ProblemException;
import io.tgdesk.web.WebhookSecrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** The admin's use cases: endpoints (register, change, rotate the secret, delete), event replay. */
@ApplicationScoped
public class HostEvents {

  /** Every event type, by wire name: the ticket events, then the customer events. */
  public static final List<String> TYPES =
      java.util.stream.Stream.concat(
              Arrays.stream(TicketActivity.Type.values()).map(TicketActivity.Type::wireName),
              Arrays.stream(CustomerActivity.Type.values()).map(CustomerActivity.Type::wireName))
          .toList();

  static final int DEFAULT_MAX_ATTEMPTS = 10;
  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

  @PersistenceContext EntityManager em;
  @Inject HostEventStore store;
  @Inject Event<HostEventsQueued> queued;
  @Inject Clock clock;
  @Inject EgressGuard egress;

  @Transactional
  public EndpointView register(EndpointRequest request) {
    if (request == null) {
      throw ProblemException.badRequest("A JSON body with at least a url is required.");
    }
    checkUrl(request);
    EventEndpoint e =
        new EventEndpoint(
            request.url().strip(),
            WebhookSecrets.generate(),
            request.eventTypes() == null || request.eventTypes().isEmpty()
                ? null
                : request.eventTypes(),
            request.maxAttempts() == null ? DEFAULT_MAX_ATTEMPTS : request.maxAttempts(),
            request.enabled() == null || request.enabled(),
            clock.instant());
    em.persist(e);
    em.flush();
    return EndpointView.of(e, true);
  }

  @Transactional
  public List<EndpointView> list() {
    return em
        .createQuery("select e from EventEndpoint e order by e.id", EventEndpoint.class)
        .getResultList()
        .stream()
        .map(e -> EndpointView.of(e, false))
        .toList();
  }

  @Transactional
  public EndpointView get(long id) {
    return EndpointView.of(endpoint(id), false);
  }

  @Transactional
  public EndpointView change(long id, EndpointRequest request) {
    if (request == null) {
      throw ProblemException.badRequest("A JSON body is required.");
    }
    EventEndpoint e = endpoint(id);
    checkUrl(request);
    e.change(
        request.url() == null ? null : request.url().strip(),
        request.eventTypes(),
        request.maxAttempts(),
        request.enabled(),
        clock.instant());
    return EndpointView.of(e, false);
  }

  /** A new secret, shown once; the old one stops being used at once. */
  @Transactional
  public EndpointView rotateSecret(long id) {
    EventEndpoint e = endpoint(id);
    e.rotateSecret(WebhookSecrets.generate(), clock.instant());
    return EndpointView.of(e, true);
  }

  /**
   * Removes the endpoint and every event queued for it. The endpoint is locked first: a change of a
   * ticket that read it (with a key-share lock on PostgreSQL, see {@code HostEventPublisher}) ends
   * before, and one that comes after no longer sees it. Run again when a change of a ticket queued
   * an event for it meanwhile all the same (the endpoint's row is then still referred to).
   */
  @Transactional
  @RetriedOnConflict
  public void delete(long id) {
    EventEndpoint e = endpoint(id, LockModeType.PESSIMISTIC_WRITE);
    em.createQuery("delete from HostEvent h where h.endpointId = :id")
        .setParameter("id", id)
        .executeUpdate();
    em.remove(e);
  }

  public Page<HostEventView> events(
      HostEventState state, Long endpointId, Long ticketId, int page, int size) {
    return new Page<>(
        store.list(state, endpointId, ticketId, page, size).stream()
            .map(HostEventView::of)
            .toList(),
        page,
        size,
        store.count(state, endpointId, ticketId));
  }

  @Transactional
  public HostEventView event(long id) {
    HostEvent e = em.find(HostEvent.class, id);
    if (e == null) {
      throw ProblemException.notFound("No host event with id " + id + ".");
    }
    return HostEventView.of(e);
  }

  /**
   * Sends a dead (or delivered) event again, with a fresh set of attempts. It goes out when it is
   * the oldest pending event of its ticket for its endpoint.
   */
  @Transactional
  public HostEventView replay(long id) {
    HostEvent e = em.find(HostEvent.class, id, LockModeType.PESSIMISTIC_WRITE);
    if (e == null) {
      throw ProblemException.notFound("No host event with id " + id + ".");
    }
    if (e.state() == HostEventState.PENDING) {
      throw ProblemException.conflict(
          "Host event "
              + id
              + " is still pending (attempt "
              + e.attempts()
              + "); nothing to replay.");
    }
    e.replay(clock.instant());
    queued.fire(new HostEventsQueued()); // wakes the dispatcher after the commit
    return HostEventView.of(e);
  }

  private EventEndpoint endpoint(long id) {
    return endpoint(id, LockModeType.NONE);
  }

  private EventEndpoint endpoint(long id, LockModeType lock) {
    EventEndpoint e = em.find(EventEndpoint.class, id, lock);
    if (e == null) {
      throw ProblemException.notFound("No event endpoint with id " + id + ".");
    }
    return e;
  }

  /**
   * A given url must be one this server calls (HTTPS, or http to a loopback host) and may call (see
   * EgressGuard); 400 naming the field otherwise. The request's constraints checked the rest.
   */
  private void checkUrl(EndpointRequest request) {
    if (request.url() == null || request.url().isBlank()) {
      return;
    }
    String problem = urlProblem(request.url().strip());
    if (problem == null) {
      problem =
          egress
              .refusal(URI.create(request.url().strip()))
              .map(why -> "is refused: " + why)
              .orElse(null);
    }
    if (problem != null) {
      throw ProblemException.invalid(List.of(new FieldError("url", problem)));
    }
  }

  /** HTTPS with a host; plain http only for a loopback host (a receiver on the same machine). */
  static String urlProblem(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return "is not a valid URL: " + e.getReason();
    }
    if (uri.getHost() == null || uri.getScheme() == null) {
      return "must be an absolute URL with a host";
    }
    if (url.length() > 2000) {
      return "must be at most 2000 characters";
    }
    String scheme = uri.getScheme().toLowerCase();
    if (scheme.equals("https")) {
      return null;
    }
    if (scheme.equals("http") && LOOPBACK.contains(uri.getHost().toLowerCase())) {
      return null;
    }
    return "must use https (http is accepted only for localhost)";
  }
}
