package io.tgdesk.diagnostics;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** One getWebhookInfo check as admins see it; {@code alerts} empty when all was well. */
public record WebhookCheckView(
    long id,
    long botId,
    Instant checkedAt,
    String expectedUrl,
    String url,
    Integer pendingUpdateCount,
    Instant lastErrorDate,
    String lastErrorMessage,
    Integer maxConnections,
    String checkError,
    List<String> alerts) {

  public static WebhookCheckView of(WebhookCheck c) {
    return new WebhookCheckView(
        c.id(),
        c.botId(),
        c.checkedAt(),
        c.expectedUrl(),
        c.url(),
        c.pendingUpdateCount(),
        c.lastErrorDate(),
        c.lastErrorMessage(),
        c.maxConnections(),
        c.checkError(),
        c.alerts() == null || c.alerts().isEmpty()
            ? List.of()
            : Arrays.asList(c.alerts().split(",")));
  }
}
