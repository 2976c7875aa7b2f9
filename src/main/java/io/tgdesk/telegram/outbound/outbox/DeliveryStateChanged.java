package io.tgdesk.telegram.outbound.outbox;

import java.time.Instant;

/**
 * One state change of one outbox entry, raised inside the transaction that made it (CDI event):
 * audit and metrics listen to these.
 *
 * @param from the state before, null for a new entry
 * @param telegramMessageId the id of the message Telegram made, once the entry is SENT (null
 *     before, and for calls that make no message)
 * @param followUpDue true when the entry's answer could not be recorded together with its effects
 *     (observers that make such effects skip it: they get the event again, with false, when the
 *     effects are retried on their own)
 * @param resentAfterServerFailure true when the entry is a send that was on its way when its server
 *     failed and was sent again (it may have reached the chat twice)
 */
public record DeliveryStateChanged(
    long entryId,
    long botId,
    long chatId,
    Long threadId,
    String method,
    String category,
    Lane lane,
    OutboxState from,
    OutboxState to,
    Long telegramMessageId,
    int attempts,
    Integer errorCode,
    String error,
    Instant at,
    boolean followUpDue,
    boolean resentAfterServerFailure) {

  static DeliveryStateChanged of(OutboxEntry e, OutboxState from, Instant at) {
    return new DeliveryStateChanged(
        e.id(),
        e.botId(),
        e.chatId(),
        e.threadId(),
        e.method(),
        e.category(),
        e.lane(),
        from,
        e.state(),
        e.telegramMessageId(),
        e.attempts(),
        e.lastErrorCode(),
        e.lastError(),
        at,
        e.followUpDue(),
        e.resentAfterServerFailure());
  }
}
