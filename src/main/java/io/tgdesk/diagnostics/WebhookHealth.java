package io.tgdesk.diagnostics;

import io.tgdesk.config.DiagnosticsSettings;
import io.tgdesk.schema.RecurringJobs;
import io.tgdesk.schema.SchemaReady;
import io.tgdesk.telegram.botapi.BotApiClient;
import io.tgdesk.telegram.botapi.BotApiException;
import io.tgdesk.telegram.botapi.CallContext;
import io.tgdesk.telegram.botapi.WebhookInfo;
import io.tgdesk.telegram.bots.Bot;
import io.tgdesk.telegram.bots.BotRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

/**
 * Calls getWebhookInfo for every enabled webhook bot every {@code
 * tgdesk.diagnostics.webhook-check-interval-seconds} (category {@code diagnostics}) and keeps each
 * answer with its alerts: {@code url-mismatch} (Telegram posts somewhere else, or nowhere), {@code
 * recent-error} (a delivery error since the previous check, or in the last interval), {@code
 * pending-growing} (more updates waiting than at the previous check), {@code check-failed}
 * (getWebhookInfo itself failed).
 */
@ApplicationScoped
public class WebhookHealth {

  @Inject RecurringJobs jobs;
  @Inject WebhookChecks checks;
  @Inject CallLog log;
  @Inject BotApiClient botApi;
  @Inject BotRegistry registry;
  @Inject DiagnosticsSettings settings;
  @Inject DiagnosticsMetrics metrics;
  @Inject Clock clock;

  private ScheduledFuture<?> task;

  void start(@Observes SchemaReady ready) {
    Duration every = Duration.ofSeconds(settings.webhookCheckInterval().toSeconds());
    task = jobs.start("webhook-checks", every, every, () -> checkAll(null));
  }

  /** Checks every enabled webhook bot (or the one given) now; returns the new checks. */
  public List<WebhookCheckView> checkAll(Long botId) {
    List<WebhookCheckView> out = new ArrayList<>();
    for (Bot bot : checks.webhookBots(botId)) {
      out.add(WebhookCheckView.of(check(bot)));
    }
    return out;
  }

  private WebhookCheck check(Bot bot) {
    long id = bot.id().value();
    Instant now = clock.instant();
    String expected = registry.webhookUrl(bot.id());
    WebhookCheck previous = checks.latest(id).orElse(null);
    WebhookCheck check;
    try {
      WebhookInfo info = botApi.getWebhookInfo(bot.endpoint(), CallContext.of("diagnostics"));
      Instant lastError =
          info.lastErrorDate() == null || info.lastErrorDate() == 0
              ? null
              : Instant.ofEpochSecond(info.lastErrorDate());
      List<String> alerts = new ArrayList<>();
      if (!expected.equals(info.url())) {
        alerts.add("url-mismatch");
      }
      Instant errorSince =
          previous != null
              ? previous.checkedAt()
              : now.minus(settings.webhookCheckInterval()).minus(Duration.ofMinutes(5));
      if (lastError != null
          && lastError.isAfter(errorSince.minusSeconds(1))
          && (previous == null || !lastError.equals(previous.lastErrorDate()))) {
        alerts.add("recent-error");
      }
      int pending = info.pendingUpdateCount() == null ? 0 : info.pendingUpdateCount();
      if (previous != null
          && previous.pendingUpdateCount() != null
          && pending > previous.pendingUpdateCount()) {
        alerts.add("pending-growing");
      }
      check =
          new WebhookCheck(
              id,
              now,
              expected,
              info.url(),
              info.pendingUpdateCount(),
              lastError,
              info.lastErrorMessage(),
              info.maxConnections(),
              null,
              String.join(",", alerts));
    } catch (BotApiException e) {
      check =
          new WebhookCheck(
              id, now, expected, null, null, null, null, null, e.getMessage(), "check-failed");
    }
    log.insert(check);
    if (check.alerts() != null && !check.alerts().isEmpty()) {
      for (String alert : check.alerts().split(",")) {
        metrics.webhookAlert(id, alert);
      }
    }
    return check;
  }

  @PreDestroy
  void stop() {
    if (task != null) {
      task.cancel(false);
    }
  }
}
