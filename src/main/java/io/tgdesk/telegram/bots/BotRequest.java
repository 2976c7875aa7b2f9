package io.tgdesk.telegram.bots;

/**
 * The body of {@code POST /api/admin/bots} and {@code PATCH /api/admin/bots/{id}}. In a PATCH,
 * every field left out (null) keeps its value. {@code paidBroadcastPerSecond} (0-1000, default 0 =
 * off) lets the bulk lane use allow_paid_broadcast up to that rate.
 */
public record BotRequest(
    String name,
    String token,
    String mode,
    String webhookSecret,
    String apiBaseUrl,
    Integer pollIntervalSeconds,
    Integer pollTimeoutSeconds,
    Boolean enabled,
    Integer paidBroadcastPerSecond) {}
