package io.tgdesk.telegram.botapi;

/** An incoming update; exactly one of the optional parts is set. */
public record Update(
    Long updateId,
    Message message,
    Message editedMessage,
    Message channelPost,
    Message editedChannelPost,
    ChatMemberUpdated myChatMember,
    CallbackQuery callbackQuery) {

  /** The name of the part that is set, as Telegram names it ({@code message}, ...), or "other". */
  public String type() {
    if (message != null) return "message";
    if (editedMessage != null) return "edited_message";
    if (channelPost != null) return "channel_post";
    if (editedChannelPost != null) return "edited_channel_post";
    if (myChatMember != null) return "my_chat_member";
    if (callbackQuery != null) return "callback_query";
    return "other";
  }

  /** A change of a chat member's status, e.g. the bot blocked by a user or removed from a group. */
  public record ChatMemberUpdated(
      Chat chat, User from, Long date, ChatMember oldChatMember, ChatMember newChatMember) {}

  public record ChatMember(String status, User user) {}
}
