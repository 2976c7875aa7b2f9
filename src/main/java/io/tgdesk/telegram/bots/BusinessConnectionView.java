package io.tgdesk.telegram.bots;

import java.time.Instant;

/**
 * A business connection as admins see it: who connected (the business account's Telegram user),
 * whether the bot may reply in its chats, whether it is enabled and when it was disabled.
 *
 * @param connectedAt when Telegram says the connection was made
 * @param disabledAt when TgDesk learnt that it was disabled; null while enabled
 * @param updatedAt when the last business_connection update about it was applied
 */
public record BusinessConnectionView(
    String id,
    long botId,
    long userId,
    String userName,
    String username,
    long userChatId,
    boolean canReply,
    boolean enabled,
    Instant connectedAt,
    Instant disabledAt,
    Instant updatedAt) {

  static BusinessConnectionView of(BusinessConnection c) {
    return new BusinessConnectionView(
        c.connectionId(),
        c.botId(),
        c.userId(),
        c.userName(),
        c.username(),
        c.userChatId(),
        c.canReply(),
        c.enabled(),
        c.connectedAt(),
        c.disabledAt(),
        c.updatedAt());
  }
}
