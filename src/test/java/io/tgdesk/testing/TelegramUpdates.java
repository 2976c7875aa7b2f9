package io.tgdesk.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;

/**
 * Builds Update objects as Telegram sends them (Bot API field names), for {@link
 * FakeTelegram#enqueueUpdate} or for posting to our webhook. Every message has {@code date} (unix
 * seconds, read from the system clock when built), {@code chat} and {@code from}.
 *
 * <p>Forum builders put the message in a supergroup {@code chatId} (negative) titled {@link
 * #GROUP_TITLE} with {@code is_forum: true}. Where Telegram would name a sender the method does not
 * take, the builders use stand-ins: the bot user {@link #BOT_USER_ID} (author of the messages
 * replied to and of topic creation messages quoted by topic messages) and, for migrations, an admin
 * {@link #ADMIN_USER_ID}.
 *
 * <p>Stateless and thread-safe; every call returns a new immutable object.
 */
public final class TelegramUpdates {

  /** The user id of the stand-in bot that sent the messages replied to. */
  public static final long BOT_USER_ID = 7_000_000_001L;

  /** The user id of the stand-in admin who upgrades a group to a supergroup. */
  public static final long ADMIN_USER_ID = 1_000L;

  /** The title of every group and supergroup chat built here. */
  public static final String GROUP_TITLE = "TgDesk Support";

  /** The icon colour of created topics: 0x6FB9F0, the first of Telegram's topic colours. */
  public static final int TOPIC_ICON_COLOR = 7322096;

  /** How long before the update its quoted or edited message was sent, in seconds. */
  private static final long EARLIER_SECONDS = 60;

  private TelegramUpdates() {}

  /** A text message from a user in their private chat with the bot. */
  public static JsonObject privateText(
      long updateId, long userId, String firstName, long messageId, String text) {
    return update(
        updateId, "message", privateMessage(messageId, userId, firstName, now()).add("text", text));
  }

  /**
   * A message from a user in their private chat that names its chat but cannot be applied: its text
   * is an object. Processing it fails, and it is tried again.
   */
  public static JsonObject unapplicablePrivateText(
      long updateId, long userId, String firstName, long messageId) {
    return update(
        updateId,
        "message",
        privateMessage(messageId, userId, firstName, now())
            .add("text", Json.createObjectBuilder().add("bold", true)));
  }

  /**
   * A text message from a user whose Telegram app is set to that language (its {@code
   * language_code}; null leaves it out, as Telegram does for some users).
   */
  public static JsonObject privateText(
      long updateId,
      long userId,
      String firstName,
      long messageId,
      String text,
      String languageCode) {
    JsonObjectBuilder from =
        Json.createObjectBuilder()
            .add("id", userId)
            .add("is_bot", false)
            .add("first_name", firstName);
    if (languageCode != null) {
      from.add("language_code", languageCode);
    }
    return update(
        updateId,
        "message",
        message(messageId, from.build(), privateChat(userId, firstName), now()).add("text", text));
  }

  /**
   * A photo from a user in a private chat, in two sizes with the largest last, as Telegram sends
   * them. The given file ids and size describe the largest; the smaller one derives its own.
   *
   * @param caption null for none
   * @param fileSize bytes of the largest size
   */
  public static JsonObject privatePhoto(
      long updateId,
      long userId,
      String firstName,
      long messageId,
      String caption,
      String fileId,
      String fileUniqueId,
      long fileSize) {
    JsonObjectBuilder message =
        privateMessage(messageId, userId, firstName, now())
            .add(
                "photo",
                Json.createArrayBuilder()
                    .add(
                        photoSize(
                            fileId + "-320",
                            fileUniqueId + "-320",
                            320,
                            240,
                            Math.max(1, fileSize / 10)))
                    .add(photoSize(fileId, fileUniqueId, 1280, 960, fileSize)));
    return update(updateId, "message", withCaption(message, caption));
  }

  /**
   * A PDF document named {@code document.pdf} from a user in a private chat.
   *
   * @param caption null for none
   * @param fileSize bytes
   */
  public static JsonObject privateDocument(
      long updateId,
      long userId,
      String firstName,
      long messageId,
      String caption,
      String fileId,
      String fileUniqueId,
      long fileSize) {
    return privateDocument(
        updateId,
        userId,
        firstName,
        messageId,
        caption,
        fileId,
        fileUniqueId,
        "document.pdf",
        "application/pdf",
        fileSize);
  }

  /**
   * A document (any file) from a user in a private chat.
   *
   * @param caption null for none
   * @param fileSize bytes
   */
  public static JsonObject privateDocument(
      long updateId,
      long userId,
      String firstName,
      long messageId,
      String caption,
      String fileId,
      String fileUniqueId,
      String fileName,
      String mimeType,
      long fileSize) {
    JsonObjectBuilder message =
        privateMessage(messageId, userId, firstName, now())
            .add(
                "document",
                Json.createObjectBuilder()
                    .add("file_name", fileName)
                    .add("mime_type", mimeType)
                    .add("file_id", fileId)
                    .add("file_unique_id", fileUniqueId)
                    .add("file_size", fileSize));
    return update(updateId, "message", withCaption(message, caption));
  }

  /**
   * An {@code edited_message}: the user changed the text of their earlier private message. Its
   * {@code date} is a minute before {@code editDate}.
   *
   * @param editDate unix seconds
   */
  public static JsonObject editedPrivateText(
      long updateId, long userId, String firstName, long messageId, String newText, long editDate) {
    return update(
        updateId,
        "edited_message",
        privateMessage(messageId, userId, firstName, editDate - EARLIER_SECONDS)
            .add("edit_date", editDate)
            .add("text", newText));
  }

  /** A private text message that replies to an earlier message of the bot's. */
  public static JsonObject privateReply(
      long updateId,
      long userId,
      String firstName,
      long messageId,
      String text,
      long replyToMessageId) {
    long date = now();
    JsonObject chat = privateChat(userId, firstName);
    JsonObjectBuilder replied =
        message(replyToMessageId, botUser(), chat, date - EARLIER_SECONDS)
            .add("text", "Earlier message");
    return update(
        updateId,
        "message",
        message(messageId, user(userId, firstName), chat, date)
            .add("reply_to_message", replied)
            .add("text", text));
  }

  /**
   * The service message that creates a forum topic; its {@code message_id} is the topic's {@code
   * message_thread_id}.
   */
  public static JsonObject topicCreated(
      long updateId, long chatId, long userId, String firstName, long threadId, String name) {
    return update(
        updateId,
        "message",
        topicCreation(forumChat(chatId), user(userId, firstName), threadId, name, now()));
  }

  /**
   * A text message in a forum topic that replies to nothing. Like Telegram, it still carries {@code
   * reply_to_message}: the topic's creation message (named "Topic {threadId}", sent by the stand-in
   * bot).
   */
  public static JsonObject topicText(
      long updateId,
      long chatId,
      long userId,
      String firstName,
      long threadId,
      long messageId,
      String text) {
    long date = now();
    JsonObject chat = forumChat(chatId);
    JsonObjectBuilder creation =
        topicCreation(chat, botUser(), threadId, "Topic " + threadId, date - EARLIER_SECONDS);
    return update(
        updateId,
        "message",
        topicMessage(messageId, threadId, user(userId, firstName), chat, date)
            .add("reply_to_message", creation)
            .add("text", text));
  }

  /**
   * A message in a forum topic that names its chat and topic but cannot be applied: its text is an
   * object. Processing it fails, and it is tried again.
   */
  public static JsonObject unapplicableTopicText(
      long updateId, long chatId, long userId, String firstName, long threadId, long messageId) {
    return update(
        updateId,
        "message",
        topicMessage(messageId, threadId, user(userId, firstName), forumChat(chatId), now())
            .add("text", Json.createObjectBuilder().add("bold", true)));
  }

  /** A text message in a forum topic that replies to an earlier message of the bot's there. */
  public static JsonObject topicReply(
      long updateId,
      long chatId,
      long userId,
      String firstName,
      long threadId,
      long messageId,
      String text,
      long replyToMessageId) {
    long date = now();
    JsonObject chat = forumChat(chatId);
    JsonObjectBuilder replied =
        topicMessage(replyToMessageId, threadId, botUser(), chat, date - EARLIER_SECONDS)
            .add("text", "Earlier message");
    return update(
        updateId,
        "message",
        topicMessage(messageId, threadId, user(userId, firstName), chat, date)
            .add("reply_to_message", replied)
            .add("text", text));
  }

  /** The service message of a closed forum topic, sent by user {@code userId} ("Admin"). */
  public static JsonObject topicClosed(
      long updateId, long chatId, long userId, long threadId, long messageId) {
    return topicService(
        updateId,
        chatId,
        userId,
        threadId,
        messageId,
        "forum_topic_closed",
        JsonObject.EMPTY_JSON_OBJECT);
  }

  /** The service message of a reopened forum topic, sent by user {@code userId} ("Admin"). */
  public static JsonObject topicReopened(
      long updateId, long chatId, long userId, long threadId, long messageId) {
    return topicService(
        updateId,
        chatId,
        userId,
        threadId,
        messageId,
        "forum_topic_reopened",
        JsonObject.EMPTY_JSON_OBJECT);
  }

  /** The service message of a renamed forum topic, sent by user {@code userId} ("Admin"). */
  public static JsonObject topicEdited(
      long updateId, long chatId, long userId, long threadId, long messageId, String newName) {
    return topicService(
        updateId,
        chatId,
        userId,
        threadId,
        messageId,
        "forum_topic_edited",
        Json.createObjectBuilder().add("name", newName).build());
  }

  /**
   * A text message in the General topic of a forum: no {@code message_thread_id}, no {@code
   * is_topic_message}.
   */
  public static JsonObject generalTopicText(
      long updateId, long chatId, long userId, String firstName, long messageId, String text) {
    return update(
        updateId,
        "message",
        message(messageId, user(userId, firstName), forumChat(chatId), now()).add("text", text));
  }

  /**
   * The service message in a basic group (type "group") that was upgraded to supergroup {@code
   * newChatId}: {@code migrate_to_chat_id}.
   */
  public static JsonObject groupMigratedTo(
      long updateId, long oldChatId, long newChatId, long messageId) {
    JsonObject chat =
        Json.createObjectBuilder()
            .add("id", oldChatId)
            .add("title", GROUP_TITLE)
            .add("type", "group")
            .build();
    return update(
        updateId,
        "message",
        message(messageId, admin(), chat, now()).add("migrate_to_chat_id", newChatId));
  }

  /**
   * The first service message in the supergroup a basic group was upgraded to: {@code
   * migrate_from_chat_id}.
   */
  public static JsonObject supergroupMigratedFrom(
      long updateId, long newChatId, long oldChatId, long messageId) {
    JsonObject chat =
        Json.createObjectBuilder()
            .add("id", newChatId)
            .add("title", GROUP_TITLE)
            .add("type", "supergroup")
            .build();
    return update(
        updateId,
        "message",
        message(messageId, admin(), chat, now()).add("migrate_from_chat_id", oldChatId));
  }

  private static JsonObject update(long updateId, String type, JsonObjectBuilder message) {
    return Json.createObjectBuilder().add("update_id", updateId).add(type, message).build();
  }

  private static JsonObjectBuilder message(
      long messageId, JsonObject from, JsonObject chat, long date) {
    return Json.createObjectBuilder()
        .add("message_id", messageId)
        .add("from", from)
        .add("chat", chat)
        .add("date", date);
  }

  private static JsonObjectBuilder privateMessage(
      long messageId, long userId, String firstName, long date) {
    return message(messageId, user(userId, firstName), privateChat(userId, firstName), date);
  }

  private static JsonObjectBuilder topicMessage(
      long messageId, long threadId, JsonObject from, JsonObject chat, long date) {
    return message(messageId, from, chat, date)
        .add("message_thread_id", threadId)
        .add("is_topic_message", true);
  }

  private static JsonObjectBuilder topicCreation(
      JsonObject chat, JsonObject from, long threadId, String name, long date) {
    return topicMessage(threadId, threadId, from, chat, date)
        .add(
            "forum_topic_created",
            Json.createObjectBuilder().add("name", name).add("icon_color", TOPIC_ICON_COLOR));
  }

  private static JsonObject topicService(
      long updateId,
      long chatId,
      long userId,
      long threadId,
      long messageId,
      String event,
      JsonObject eventBody) {
    return update(
        updateId,
        "message",
        topicMessage(messageId, threadId, user(userId, "Admin"), forumChat(chatId), now())
            .add(event, eventBody));
  }

  private static JsonObjectBuilder withCaption(JsonObjectBuilder message, String caption) {
    return caption == null ? message : message.add("caption", caption);
  }

  private static JsonObject photoSize(
      String fileId, String fileUniqueId, int width, int height, long fileSize) {
    return Json.createObjectBuilder()
        .add("file_id", fileId)
        .add("file_unique_id", fileUniqueId)
        .add("file_size", fileSize)
        .add("width", width)
        .add("height", height)
        .build();
  }

  private static JsonObject user(long id, String firstName) {
    return Json.createObjectBuilder()
        .add("id", id)
        .add("is_bot", false)
        .add("first_name", firstName)
        .add("language_code", "en")
        .build();
  }

  private static JsonObject botUser() {
    return Json.createObjectBuilder()
        .add("id", BOT_USER_ID)
        .add("is_bot", true)
        .add("first_name", "TgDesk")
        .add("username", "tgdesk_test_bot")
        .build();
  }

  private static JsonObject admin() {
    return user(ADMIN_USER_ID, "Admin");
  }

  private static JsonObject privateChat(long userId, String firstName) {
    return Json.createObjectBuilder()
        .add("id", userId)
        .add("first_name", firstName)
        .add("type", "private")
        .build();
  }

  private static JsonObject forumChat(long chatId) {
    return Json.createObjectBuilder()
        .add("id", chatId)
        .add("title", GROUP_TITLE)
        .add("is_forum", true)
        .add("type", "supergroup")
        .build();
  }

  private static long now() {
    return Instant.now().getEpochSecond();
  }
}
