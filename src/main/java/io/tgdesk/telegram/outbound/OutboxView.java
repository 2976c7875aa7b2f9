package io.tgdesk.telegram.outbound;

import io.tgdesk.telegram.outbound.outbox.OutboxEntry;
import java.time.Instant;

/** An outbox entry as admins see it. */
public record OutboxView(
    long id,
    long botId,
    String method,
    String params,
    long chatId,
    Long threadId,
    String lane,
    String category,
    String coalesceKey,
    boolean paid,
    String state,
    int attempts,
    Instant nextAttemptAt,
    Integer lastErrorCode,
    String lastError,
    Integer retryAfter,
    Instant sentAt,
    Instant departedAt,
    Long telegramMessageId,
    boolean followUpDue,
    String followUpError,
    String serverFailureOutcome,
    Instant createdAt,
    Instant updatedAt) {

  static OutboxView of(OutboxEntry e) {
    return new OutboxView(
        e.id(),
        e.botId(),
        e.method(),
        e.params(),
        e.chatId(),
        e.threadId(),
        e.lane().wireName(),
        e.category(),
        e.coalesceKey(),
        e.paid(),
        e.state().name().toLowerCase(),
        e.attempts(),
        e.nextAttemptAt(),
        e.lastErrorCode(),
        e.lastError(),
        e.retryAfter(),
        e.sentAt(),
        e.departedAt(),
        e.telegramMessageId(),
        e.followUpDue(),
        e.followUpError(),
        e.serverFailureOutcome() == null
            ? null
            : e.serverFailureOutcome().toLowerCase(java.util.Locale.ROOT),
        e.createdAt(),
        e.updatedAt());
  }
}
