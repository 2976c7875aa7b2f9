package io.tgdesk.events;

import io.tgdesk.schema.SchemaReady;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Every second, posts the due events: one at a time per ticket and endpoint, in order. A 2xx answer
 * is a delivery; anything else (or no answer within 10 s) is retried with back-off.
 *
 * <p>Each request carries {@code X-TgDesk-Event} (type), {@code X-TgDesk-Timestamp} (Unix seconds)
 * and {@code X-TgDesk-Signature: sha256=<hex>}, the HMAC-SHA256 with the endpoint's secret over
 * {@code <timestamp>.<body>}.
 */
@ApplicationScoped
public class EventDispatcher {

  private static final Logger LOG = Logger.getLogger(EventDispatcher.class.getName());

  @Resource ManagedScheduledExecutorService scheduler;
  @Inject HostEvents events;
  @Inject Clock clock;

  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .version(HttpClient.Version.HTTP_1_1)
          .build();
  private ScheduledFuture<?> task;

  void start(@Observes SchemaReady ready) {
    task = scheduler.scheduleWithFixedDelay(this::sweep, 1000, 1000, TimeUnit.MILLISECONDS);
  }

  void sweep() {
    try {
      for (HostEvents.Delivery d : events.due(200)) {
        deliver(d);
      }
    } catch (RuntimeException | Error e) {
      LOG.log(Level.WARNING, "Event delivery sweep failed; next one in 1 s", e);
    }
  }

  private void deliver(HostEvents.Delivery d) {
    String timestamp = String.valueOf(clock.instant().getEpochSecond());
    String error;
    try {
      HttpRequest request =
          HttpRequest.newBuilder(d.url())
              .timeout(Duration.ofSeconds(10))
              .header("Content-Type", "application/json")
              .header("X-TgDesk-Event", d.type())
              .header("X-TgDesk-Delivery", String.valueOf(d.id()))
              .header("X-TgDesk-Timestamp", timestamp)
              .header("X-TgDesk-Signature", "sha256=" + sign(d.secret(), timestamp, d.payload()))
              .POST(HttpRequest.BodyPublishers.ofString(d.payload(), StandardCharsets.UTF_8))
              .build();
      HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() / 100 == 2) {
        events.delivered(d.id());
        return;
      }
      error = "HTTP " + response.statusCode();
    } catch (java.io.IOException e) {
      error = e.getClass().getSimpleName() + ": " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    events.failed(d.id(), error);
  }

  /** Hex HMAC-SHA256 over {@code timestamp + "." + body}. */
  static String sign(String secret, String timestamp, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of()
          .formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @PreDestroy
  void stop() {
    if (task != null) {
      task.cancel(false);
    }
  }
}
