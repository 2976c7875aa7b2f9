package io.tgdesk.telegram.botapi;

import java.util.List;

/** An incoming update; exactly one of the optional parts is set. */
public record Update(
    Long updateId,
    Message message,
    Message editedMessage,
    Message channelPost,
    Message editedChannelPost,
    ChatMemberUpdated myChatMember,
    BusinessConnection businessConnection,
    Message businessMessage,
    Message editedBusinessMessage,
    BusinessMessagesDeleted deletedBusinessMessages,
    CallbackQuery callbackQuery) {

  /** The name of the part that is set, as Telegram names it ({@code message}, ...), or "other". */
  public String type() {
    if (message != null) return "message";
    if (editedMessage != null) return "edited_message";
    if (channelPost != null) return "channel_post";
    if (editedChannelPost != null) return "edited_channel_post";
    if (myChatMember != null) return "my_chat_member";
    if (businessConnection != null) return "business_connection";
    if (businessMessage != null) return "business_message";
    if (editedBusinessMessage != null) return "edited_business_message";
    if (deletedBusinessMessages != null) return "deleted_business_messages";
    if (callbackQuery != null) return "callback_query";
    return "other";
  }

  /** A change of a chat member's status, e.g. the bot blocked by a user or removed from a group. */
  public record ChatMemberUpdated(
      Chat chat, User from, Long date, ChatMember oldChatMember, ChatMember newChatMember) {}

  public record ChatMember(String status, User user) {}

  /** Messages deleted in a chat of a business account. */
  public record BusinessMessagesDeleted(
      String businessConnectionId, Chat chat, List<Long> messageIds) {}
}
