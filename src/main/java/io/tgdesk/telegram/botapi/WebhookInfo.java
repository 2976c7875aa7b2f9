package io.tgdesk.telegram.botapi;

import java.util.List;

/** getWebhookInfo as Telegram reports it. */
public record WebhookInfo(
    String url,
    Boolean hasCustomCertificate,
    Integer pendingUpdateCount,
    String ipAddress,
    Long lastErrorDate,
    String lastErrorMessage,
    Long lastSynchronizationErrorDate,
    Integer maxConnections,
    List<String> allowedUpdates) {}
