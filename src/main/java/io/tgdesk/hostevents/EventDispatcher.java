package io.tgdesk.hostevents;

import io.tgdesk.backoff.Backoff;
import io.tgdesk.schema.RecurringJobs;
import io.tgdesk.schema.SchemaReady;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends host events: the oldest due event of each (endpoint, ticket), in parallel across tickets
 * and endpoints; the next event of a ticket only after the previous one is delivered or dead. Each
 * attempt goes on its own: a finished one wakes the dispatcher for what it held back, so an
 * endpoint that answers slowly or never (up to the 20 s read timeout) delays only its own events.
 * At most {@link #MAX_IN_FLIGHT} attempts are on their way, {@link #PER_ENDPOINT} of them to one
 * endpoint. A non-2xx answer or a network error is retried after exponential back-off with full
 * jitter (1 s doubling, at most 10 minutes), up to the endpoint's {@code maxAttempts}; then the
 * event is DEAD and later events of its ticket go on. Woken after each commit that queued events,
 * and every second.
 */
@ApplicationScoped
public class EventDispatcher {

  private static final Logger LOG = Logger.getLogger(EventDispatcher.class.getName());
  static final Duration CLAIM_LEASE = Duration.ofSeconds(60);
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration READ_TIMEOUT = Duration.ofSeconds(20);
  static final int ROUND = 50;

  /** Attempts on their way at most, over all endpoints. */
  static final int MAX_IN_FLIGHT = 64;

  /** Attempts on their way to one endpoint at most. */
  static final int PER_ENDPOINT = 4;

  private final Backoff backoff =
      Backoff.of(Duration.ofSeconds(1), Duration.ofMinutes(10), Backoff.Jitter.FULL);

  @Inject RecurringJobs jobs;
  @Resource ManagedExecutorService senders;
  @Inject HostEventStore store;
  @Inject Clock clock;

  /** The events being attempted, by id, with their endpoint. */
  private final Map<Long, Long> inFlight = new ConcurrentHashMap<>();

  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicBoolean again = new AtomicBoolean();
  private volatile boolean stopping;
  private volatile Client http;
  private ScheduledFuture<?> tick;

  void start(@Observes SchemaReady ready) {
    http =
        ClientBuilder.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .readTimeout(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .build();
    tick =
        jobs.start("host-event-dispatch", Duration.ofSeconds(1), Duration.ofSeconds(1), this::wake);
  }

  void onQueued(@Observes(during = TransactionPhase.AFTER_SUCCESS) HostEventsQueued queued) {
    wake();
  }

  /** Starts a drain unless one runs; a running one looks again before it stops. Never blocks. */
  public void wake() {
    if (stopping || http == null) {
      return;
    }
    again.set(true);
    if (running.compareAndSet(false, true)) {
      try {
        senders.execute(this::drain);
      } catch (RuntimeException e) {
        running.set(false);
      }
    }
  }

  private void drain() {
    try {
      while (!stopping && again.getAndSet(false)) {
        boolean more;
        do {
          // Heads being attempted are claimed (not due), but may not be claimed yet: ask for
          // enough to see past them.
          int limit = ROUND + inFlight.size();
          List<HostEventStore.Head> heads = store.dueHeads(clock.instant(), limit);
          int started = 0;
          boolean full = false;
          for (HostEventStore.Head head : heads) {
            if (inFlight.size() >= MAX_IN_FLIGHT) {
              full = true; // a finished attempt wakes the dispatcher again
              break;
            }
            if (!inFlight.containsKey(head.id()) && toEndpoint(head.endpointId()) < PER_ENDPOINT) {
              start(head);
              started++;
            }
          }
          more = !full && started > 0 && heads.size() == limit;
        } while (more && !stopping);
      }
    } catch (Exception | Error e) {
      // Caught whole: the next tick starts a new drain.
      LOG.log(Level.WARNING, "Host event dispatch failed; trying again in 1 s", e);
    } finally {
      running.set(false);
    }
  }

  private long toEndpoint(long endpointId) {
    return inFlight.values().stream().filter(e -> e == endpointId).count();
  }

  /** Attempts the event on a thread of its own; when done, wakes the dispatcher. */
  private void start(HostEventStore.Head head) {
    inFlight.put(head.id(), head.endpointId());
    try {
      senders.execute(
          () -> {
            try {
              attempt(head.id());
            } catch (RuntimeException e) {
              LOG.log(Level.WARNING, "Host event " + head.id() + ": attempt failed", e);
            } finally {
              inFlight.remove(head.id());
              wake();
            }
          });
    } catch (RuntimeException e) {
      inFlight.remove(head.id()); // not taken (the server stops): the next tick tries again
    }
  }

  private void attempt(long id) {
    Instant now = clock.instant();
    var claimed = store.claim(id, now, CLAIM_LEASE);
    if (claimed.isEmpty()) {
      return;
    }
    HostEventStore.Attempt a = claimed.get();
    byte[] body = a.payload().getBytes(StandardCharsets.UTF_8);
    Integer status = null;
    String error;
    try (Response r =
        http.target(a.url())
            .request()
            .header("X-TgDesk-Event", a.type())
            .header("X-TgDesk-Event-Id", a.eventId())
            .header("X-TgDesk-Delivery", a.id())
            .header(
                EventSignature.HEADER,
                EventSignature.header(a.secret(), now.getEpochSecond(), body))
            .post(Entity.entity(body, MediaType.APPLICATION_JSON_TYPE))) {
      status = r.getStatus();
      if (status / 100 == 2) {
        store.delivered(a.id(), status, clock.instant());
        return;
      }
      error = "HTTP " + status;
    } catch (ProcessingException e) {
      error = String.valueOf(e.getCause() == null ? e : e.getCause());
    }
    Instant after = clock.instant();
    Instant retryAt =
        a.attempts() >= a.maxAttempts() ? null : after.plus(backoff.delay(a.attempts()));
    if (retryAt == null) {
      LOG.warning(
          "Host event "
              + a.id()
              + " ("
              + a.type()
              + ") is dead after "
              + a.attempts()
              + " attempts: "
              + error);
    }
    store.failed(a.id(), status, error, retryAt, after);
  }

  @PreDestroy
  void stop() {
    stopping = true;
    if (tick != null) {
      tick.cancel(false);
    }
    if (http != null) {
      http.close();
    }
  }
}
