package io.tgdesk.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tgdesk.testing.Bots;
import io.tgdesk.testing.Bots.RegisteredBot;
import io.tgdesk.testing.DependsOnDatabase;
import io.tgdesk.testing.FakeTelegram;
import io.tgdesk.testing.Outboxes;
import io.tgdesk.testing.Outboxes.Msg;
import io.tgdesk.testing.TelegramUpdates;
import io.tgdesk.testing.TgDeskApi;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Prometheus metrics, readiness, and the queue and latency figures of the delivery engine. */
class DiagnosticsMetricsIT {

  @RegisterExtension static final FakeTelegram telegram = FakeTelegram.start();
  static final TgDeskApi admin = TgDeskApi.asAdmin();

  static String metrics() {
    var reply = TgDeskApi.getFromServer("/metrics?scope=application", Map.of());
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    return reply.body();
  }

  static boolean hasLine(String metrics, String name, String... labels) {
    return metrics
        .lines()
        .anyMatch(
            l -> {
              if (!l.startsWith(name + "{")) {
                return false;
              }
              for (String label : labels) {
                if (!l.contains(label)) {
                  return false;
                }
              }
              return true;
            });
  }

  @Test
  void callsAreCountedByBotMethodAndStatusAndLatencyIsMeasured() {
    telegram.setLimits(FakeTelegram.Limits.telegramDefaults());
    RegisteredBot bot = Bots.webhookBot(telegram);
    telegram.blockChat(bot.token(), 6602, "Forbidden: bot was blocked by the user");
    Outboxes.awaitSettled(
        Outboxes.send(bot.id(), "notice", List.of(new Msg(6601, "a"), new Msg(6602, "b"))),
        Duration.ofSeconds(30));
    assertThat(Bots.deliver(bot, TelegramUpdates.privateText(6601, 6601, "Ann", 1, "hi")))
        .isEqualTo(200);
    String bid = "bot=\"" + bot.id() + "\"";

    String metrics =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                DiagnosticsMetricsIT::metrics,
                m ->
                    hasLine(m, "telegram_calls_total", bid, "method=\"sendMessage\"", "\"403\"")
                        && hasLine(m, "delivery_latency_milliseconds_count")
                        && !m.contains(
                            "delivery_latency_milliseconds_count{mp_scope=\"application\",} 0.0")
                        && hasLine(m, "intake_updates"));

    assertThat(hasLine(metrics, "telegram_calls_total", bid, "method=\"sendMessage\"", "\"200\""))
        .as(metrics)
        .isTrue();
  }

  @Test
  @DependsOnDatabase
  void aWaitingQueueShowsItsDepthAndOldestAgeInMetricsAndTheDeliveryView() {
    RegisteredBot bot = Bots.webhookBot(telegram);
    // While Telegram is down, the entry waits (pending, backing off).
    telegram.outage(bot.token(), Duration.ofSeconds(40));
    Outboxes.send(bot.id(), "notice", List.of(new Msg(6701, "waits")));
    String bid = "bot=\"" + bot.id() + "\"";

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                hasLine(metrics(), "outbox_pending", bid, "lane=\"notice\"")
                    && hasLine(metrics(), "outbox_oldest_pending_age_seconds", bid));

    // The entry is pending between its attempts and in flight during one (a moment each time).
    JsonObject queue =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    admin
                        .get("/api/admin/diagnostics/delivery?botId=" + bot.id())
                        .json()
                        .getJsonArray("queues"),
                queues -> !queues.isEmpty())
            .getJsonObject(0);
    assertThat(queue.getString("lane")).isEqualTo("notice");
    assertThat(queue.getInt("pending")).isEqualTo(1);
    assertThat(queue.getJsonNumber("oldestPendingAgeSeconds").longValue()).isNotNegative();
    telegram.outage(bot.token(), Duration.ZERO);
  }

  @Test
  void eachRecurringJobCountsItsRunsAndFailuresAndTimesItsLastRun() {
    String metrics =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                DiagnosticsMetricsIT::metrics,
                m ->
                    hasLine(m, "job_runs_total", "job=\"call-audit-writer\"")
                        && hasLine(m, "job_runs_total", "job=\"metrics-refresh\"")
                        && hasLine(m, "job_runs_total", "job=\"telegram-intake-sweep\""));

    for (String job :
        List.of(
            "telegram-intake-sweep",
            "shopify-intake-sweep",
            "status-notice-sweep",
            "follow-ups",
            "host-event-dispatch",
            "cluster-heartbeat",
            "call-audit-writer",
            "call-audit-retention",
            "metrics-refresh",
            "webhook-checks")) {
      String tag = "job=\"" + job + "\"";
      assertThat(hasLine(metrics, "job_failures_total", tag)).as(job + "\n" + metrics).isTrue();
      assertThat(hasLine(metrics, "job_last_duration_milliseconds", tag)).as(job).isTrue();
    }
  }

  @Test
  void readinessReportsTheDispatcherUp() {
    var reply = TgDeskApi.getFromServer("/health/ready", Map.of());
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    assertThat(reply.body()).contains("\"dispatcher\"", "\"database\"");
  }

  @Test
  void inventedMethodsAndHostNamesAddNoSeriesToTheOpenMetrics() throws Exception {
    String probe = "probe" + Long.toString(System.nanoTime(), 36);
    for (int i = 1; i <= 5; i++) {
      for (String path : List.of("/tgdesk/api/tickets", "/tgdesk/admin/", "/nowhere")) {
        rawRequest("SEC" + i + probe.toUpperCase(java.util.Locale.ROOT), path, "localhost");
        rawRequest("GET", path, probe + "-" + i + ".example");
      }
    }

    var all = TgDeskApi.getFromServer("/metrics", Map.of());
    assertThat(all.status()).isEqualTo(200);
    assertThat(all.body().toLowerCase(java.util.Locale.ROOT).lines().filter(l -> l.contains(probe)))
        .as("series named after what anonymous callers sent")
        .isEmpty();
  }

  /** One HTTP/1.1 request over a plain socket: any method, any Host header; answers the status. */
  private static int rawRequest(String method, String path, String host) throws Exception {
    var base = java.net.URI.create(TgDeskApi.baseUrl());
    try (var socket = new java.net.Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              (method
                      + " "
                      + path
                      + " HTTP/1.1\r\nHost: "
                      + host
                      + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                  .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String status =
          new java.io.BufferedReader(
                  new java.io.InputStreamReader(
                      socket.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII))
              .readLine();
      return Integer.parseInt(status.split(" ")[1]);
    }
  }
}
