package io.tgdesk.telegram.botapi;

/**
 * A business account's connection to the bot ({@code business_connection} update). Whether the bot
 * may reply is {@code rights.can_reply} since Bot API 9.0 and {@code can_reply} before; {@link
 * #botMayReply()} reads either.
 *
 * @param userChatId the private chat with the business account's user
 * @param date unix seconds: when the connection was made
 */
public record BusinessConnection(
    String id,
    User user,
    Long userChatId,
    Long date,
    Boolean canReply,
    Rights rights,
    Boolean isEnabled) {

  /** What the business allowed the bot (only what TgDesk reads). */
  public record Rights(Boolean canReply) {}

  public boolean botMayReply() {
    if (rights != null && rights.canReply() != null) {
      return rights.canReply();
    }
    return Boolean.TRUE.equals(canReply);
  }

  public boolean enabled() {
    return Boolean.TRUE.equals(isEnabled);
  }
}
