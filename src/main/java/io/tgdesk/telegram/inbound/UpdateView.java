package io.tgdesk.telegram.inbound;

import java.time.Instant;

/** A stored update as admins see it (without the raw body). */
public record UpdateView(
    long id,
    long botId,
    long updateId,
    String source,
    String state,
    String updateType,
    Long chatId,
    String outcome,
    int attempts,
    Instant nextAttemptAt,
    String lastError,
    Instant receivedAt,
    Instant processedAt) {

  static UpdateView of(ReceivedUpdate u) {
    return new UpdateView(
        u.id(),
        u.botId(),
        u.updateId(),
        u.source(),
        u.lifecycle().state().name().toLowerCase(),
        u.updateType(),
        u.chatId(),
        u.outcome(),
        u.lifecycle().attempts(),
        u.lifecycle().nextAttemptAt(),
        u.lifecycle().lastError(),
        u.lifecycle().receivedAt(),
        u.lifecycle().processedAt());
  }
}
