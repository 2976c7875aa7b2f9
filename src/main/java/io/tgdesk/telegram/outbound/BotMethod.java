package io.tgdesk.telegram.outbound;

import io.tgdesk.telegram.outbound.throttle.CallKind;
import java.util.Arrays;
import java.util.Optional;

/**
 * The Bot API methods the engine sends, with how each counts against the limits and whether
 * repeating it is harmless (then an unanswered call is retried instead of marked uncertain).
 */
public enum BotMethod {
  SEND_MESSAGE("sendMessage", CallKind.MESSAGE, false),
  COPY_MESSAGE("copyMessage", CallKind.MESSAGE, false),
  SEND_PHOTO("sendPhoto", CallKind.MESSAGE, false),
  SEND_DOCUMENT("sendDocument", CallKind.MESSAGE, false),
  SEND_VIDEO("sendVideo", CallKind.MESSAGE, false),
  SEND_AUDIO("sendAudio", CallKind.MESSAGE, false),
  SEND_VOICE("sendVoice", CallKind.MESSAGE, false),
  /**
   * An album: one call against the bot's budget, one message per item in the chat's and group's
   * windows ({@link #itemsOf}).
   */
  SEND_MEDIA_GROUP("sendMediaGroup", CallKind.MESSAGE, false),
  EDIT_MESSAGE_TEXT("editMessageText", CallKind.EDIT, true),
  /** The caption of a media message. */
  EDIT_MESSAGE_CAPTION("editMessageCaption", CallKind.EDIT, true),
  DELETE_MESSAGE("deleteMessage", CallKind.OTHER, true),
  SEND_CHAT_ACTION("sendChatAction", CallKind.OTHER, true),
  /** Stops the spinner of a pressed button; no message, no chat limit (see Lane.ANSWER). */
  ANSWER_CALLBACK_QUERY("answerCallbackQuery", CallKind.OTHER, true),
  CREATE_FORUM_TOPIC("createForumTopic", CallKind.MESSAGE, false),
  EDIT_FORUM_TOPIC("editForumTopic", CallKind.OTHER, true),
  CLOSE_FORUM_TOPIC("closeForumTopic", CallKind.OTHER, true),
  DELETE_FORUM_TOPIC("deleteForumTopic", CallKind.OTHER, true),
  REOPEN_FORUM_TOPIC("reopenForumTopic", CallKind.OTHER, true);

  private final String wireName;
  private final CallKind kind;
  private final boolean idempotent;

  BotMethod(String wireName, CallKind kind, boolean idempotent) {
    this.wireName = wireName;
    this.kind = kind;
    this.idempotent = idempotent;
  }

  public String wireName() {
    return wireName;
  }

  public CallKind kind() {
    return kind;
  }

  public boolean idempotent() {
    return idempotent;
  }

  /**
   * How many messages the call puts into its chat: the items of an album, else 1. Reads the
   * parameters only for sendMediaGroup.
   */
  public static int itemsOf(String wireName, String params) {
    if (!SEND_MEDIA_GROUP.wireName.equals(wireName) || params == null) {
      return 1;
    }
    try (var reader = jakarta.json.Json.createReader(new java.io.StringReader(params))) {
      var media = reader.readObject().get("media");
      return media instanceof jakarta.json.JsonArray a ? Math.max(1, a.size()) : 1;
    } catch (RuntimeException e) {
      return 1;
    }
  }

  public static Optional<BotMethod> byWireName(String name) {
    return Arrays.stream(values()).filter(m -> m.wireName.equals(name)).findFirst();
  }
}
