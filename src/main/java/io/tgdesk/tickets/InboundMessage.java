package io.tgdesk.tickets;

import io.tgdesk.telegram.bots.BotId;
import java.time.Instant;

/**
 * A customer's message as the ticket side needs it, already routed: the inbound side has decided
 * which chat and topic it belongs to and whether it replies to another message.
 *
 * @param threadId the forum topic, or null in a private chat
 * @param text the text, or the caption of a media message
 * @param replyToMessageId the message it really replies to (not a topic's implicit reply), or null
 * @param date when Telegram says it was sent
 */
public record InboundMessage(
    BotId botId,
    ChatId chatId,
    Long threadId,
    long messageId,
    Sender sender,
    String text,
    MediaRef media,
    Long replyToMessageId,
    Instant date) {

  /** The Telegram user who sent it. */
  public record Sender(
      long userId, String firstName, String lastName, String username, String languageCode) {
    public String displayName() {
      String name =
          ((firstName == null ? "" : firstName) + " " + (lastName == null ? "" : lastName)).trim();
      return name.isEmpty() && username != null ? "@" + username : name;
    }
  }

  /**
   * A file attached to the message, by Telegram file_id (not downloaded), with the thumbnail
   * Telegram gave (a photo's smallest size; a video's, document's or sticker's thumbnail), or null.
   */
  public record MediaRef(
      String type,
      String fileId,
      String fileUniqueId,
      String fileName,
      String mimeType,
      Long fileSize,
      String thumbnailFileId,
      Long thumbnailFileSize) {

    /** A reference without a thumbnail. */
    public MediaRef(
        String type,
        String fileId,
        String fileUniqueId,
        String fileName,
        String mimeType,
        Long fileSize) {
      this(type, fileId, fileUniqueId, fileName, mimeType, fileSize, null, null);
    }
  }
}
