package io.tgdesk.telegram.botapi;

import java.util.List;

/**
 * A message, including service messages. Only what TgDesk reads is mapped. {@code
 * businessConnectionId} is set on messages of a business account's chats; {@code senderBusinessBot}
 * on those a bot sent on the business's behalf.
 */
public record Message(
    Long messageId,
    Long messageThreadId,
    User from,
    Long date,
    Chat chat,
    Long editDate,
    Boolean isTopicMessage,
    Message replyToMessage,
    String text,
    String caption,
    List<Media.PhotoSize> photo,
    Media.File document,
    Media.File video,
    Media.File audio,
    Media.File voice,
    Media.File animation,
    Media.File videoNote,
    Media.Sticker sticker,
    Media.Contact contact,
    Media.Location location,
    ForumTopicEvent forumTopicCreated,
    ForumTopicEvent forumTopicEdited,
    ForumTopicEvent forumTopicClosed,
    ForumTopicEvent forumTopicReopened,
    Long migrateToChatId,
    Long migrateFromChatId,
    String businessConnectionId,
    User senderBusinessBot,
    CallbackQuery.InlineKeyboardMarkup replyMarkup) {}
