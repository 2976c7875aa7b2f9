package io.tgdesk.diagnostics;

import io.tgdesk.schema.RecurringJobs;
import io.tgdesk.schema.SchemaReady;
import io.tgdesk.telegram.botapi.BotApiCall;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * TgDesk's MicroProfile metrics (application scope, Prometheus at {@code
 * /metrics?scope=application}): Bot API calls by bot, method and status; 429 answers by bot; queue
 * depth and oldest pending age per bot and lane; enqueue → sent latency; stored updates by state;
 * webhook check alerts; circuit breaker openings by bot. Call counters are updated on the calling
 * thread (in memory only); database figures every {@link #REFRESH_EVERY_SECONDS} s.
 */
@ApplicationScoped
public class DiagnosticsMetrics {

  static final long REFRESH_EVERY_SECONDS = 5;

  @Inject MetricRegistry registry;
  @Inject DeliveryFigures figures;
  @Inject Clock clock;
  @Inject RecurringJobs jobs;

  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Map<String, Long> gaugeValues = new ConcurrentHashMap<>();
  private final Set<String> gauges = ConcurrentHashMap.newKeySet();
  private volatile Instant lastLatencyRead;
  private ScheduledFuture<?> task;

  void start(@Observes SchemaReady ready, DiagnosticsMetrics self) {
    lastLatencyRead = clock.instant();
    // Through the proxy, so that the refresh runs in a transaction.
    task =
        jobs.start(
            "metrics-refresh",
            Duration.ofSeconds(1),
            Duration.ofSeconds(REFRESH_EVERY_SECONDS),
            self::refresh);
  }

  /** Counts one call; quick and in memory only. */
  void called(BotApiCall call) {
    String bot = call.botId() == null ? "none" : String.valueOf(call.botId());
    String status = call.httpStatus() == 0 ? "none" : String.valueOf(call.httpStatus());
    counter(
            "telegram.calls",
            new Tag("bot", bot),
            new Tag("method", call.method()),
            new Tag("status", status))
        .inc();
    if (call.errorCode() != null && call.errorCode() == 429) {
      counter("telegram.rate.limited", new Tag("bot", bot)).inc();
    }
  }

  /** Counts one opening of a bot's circuit breaker. */
  void breakerOpened(long botId) {
    counter("telegram.circuit.breaker.openings", new Tag("bot", String.valueOf(botId))).inc();
  }

  /** Counts one alert of a webhook check. */
  void webhookAlert(long botId, String alert) {
    counter(
            "telegram.webhook.alerts",
            new Tag("bot", String.valueOf(botId)),
            new Tag("alert", alert))
        .inc();
  }

  private Counter counter(String name, Tag... tags) {
    StringBuilder key = new StringBuilder(name);
    for (Tag t : tags) {
      key.append('|').append(t.getTagName()).append('=').append(t.getTagValue());
    }
    return counters.computeIfAbsent(key.toString(), k -> registry.counter(name, tags));
  }

  /** Reads the database figures into the gauges and the latency histogram. */
  @Transactional
  public void refresh() {
    Instant now = clock.instant();
    Set<String> seen = new java.util.HashSet<>();
    for (DeliveryFigures.Queue q : figures.queues(null, now)) {
      Tag bot = new Tag("bot", String.valueOf(q.botId()));
      Tag lane = new Tag("lane", q.lane());
      seen.add(gauge("outbox.pending", q.pending(), bot, lane));
      seen.add(gauge("outbox.oldest.pending.age.seconds", q.oldestPendingAgeSeconds(), bot, lane));
    }
    for (var e : figures.intakeStates(null, Instant.EPOCH, now.plusSeconds(1)).entrySet()) {
      seen.add(gauge("intake.updates", e.getValue(), new Tag("state", e.getKey())));
    }
    // Queues that emptied read 0 rather than their last value.
    gaugeValues.replaceAll((k, v) -> seen.contains(k) ? v : 0L);
    Instant from = lastLatencyRead;
    var histogram = registry.histogram("delivery.latency.milliseconds");
    for (long millis : figures.latencySamples(null, from, now)) {
      histogram.update(millis);
    }
    lastLatencyRead = now;
  }

  private String gauge(String name, long value, Tag... tags) {
    StringBuilder key = new StringBuilder(name);
    for (Tag t : tags) {
      key.append('|').append(t.getTagName()).append('=').append(t.getTagValue());
    }
    String k = key.toString();
    gaugeValues.put(k, value);
    if (gauges.add(k)) {
      registry.gauge(name, () -> gaugeValues.getOrDefault(k, 0L), tags);
    }
    return k;
  }

  @PreDestroy
  void stop() {
    if (task != null) {
      task.cancel(false);
    }
  }
}
