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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends host events: rounds of the oldest due event of each (endpoint, ticket), in parallel across
 * tickets; the next event of a ticket only after the previous one is delivered or dead. A non-2xx
 * answer or a network error is retried after exponential back-off with full jitter (1 s doubling,
 * at most 10 minutes), up to the endpoint's {@code maxAttempts}; then the event is DEAD and later
 * events of its ticket go on. Woken after each commit that queued events, and every second.
 */
@ApplicationScoped
public class EventDispatcher {

  private static final Logger LOG = Logger.getLogger(EventDispatcher.class.getName());
  static final Duration CLAIM_LEASE = Duration.ofSeconds(60);
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration READ_TIMEOUT = Duration.ofSeconds(20);
  static final int ROUND = 50;

  private final Backoff backoff =
      Backoff.of(Duration.ofSeconds(1), Duration.ofMinutes(10), Backoff.Jitter.FULL);

  @Inject RecurringJobs jobs;
  @Resource ManagedExecutorService senders;
  @Inject HostEventStore store;
  @Inject Clock clock;

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
        List<Long> heads;
        do {
          heads = store.dueHeads(clock.instant(), ROUND);
          List<Future<?>> round = new ArrayList<>();
          for (Long id : heads) {
            round.add(senders.submit(() -> attempt(id)));
          }
          for (Future<?> f : round) {
            f.get();
          }
        } while (heads.size() == ROUND && !stopping);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception | Error e) {
      // Caught whole: the next tick starts a new drain.
      LOG.log(Level.WARNING, "Host event dispatch failed; trying again in 1 s", e);
    } finally {
      running.set(false);
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
