package io.tgdesk.tickets;

import java.time.Instant;
import java.util.List;

/** What the ticket API answers. */
public final class TicketViews {
  private TicketViews() {}

  /** A ticket in a list. */
  public record Summary(
      long id,
      long botId,
      String kind,
      String status,
      String subject,
      long chatId,
      Long threadId,
      CustomerView customer,
      Instant createdAt,
      Instant updatedAt,
      Instant lastMessageAt,
      String queue,
      String assignee,
      boolean flooding,
      Flood flood) {}

  /**
   * A ticket with its conversation, oldest message first. {@code businessConnectionId}: the
   * Telegram Business connection whose chat it is (replies go through it), null for the bot's own
   * chats.
   */
  public record Detail(
      long id,
      long botId,
      String kind,
      String status,
      String subject,
      long chatId,
      Long threadId,
      Long topicGroupId,
      String businessConnectionId,
      CustomerView customer,
      Instant createdAt,
      Instant updatedAt,
      Instant lastMessageAt,
      String queue,
      String assignee,
      boolean flooding,
      Flood flood,
      Reachability reachability,
      RatingView rating,
      List<MessageView> messages) {}

  /**
   * The customer's satisfaction rating of the ticket: its score (1-5, null until they rate), their
   * comment, when they rated, and when they were last asked; null when they were never asked.
   */
  public record RatingView(Integer score, String comment, Instant ratedAt, Instant promptedAt) {
    static RatingView of(Ticket t) {
      return t.ratingPromptedAt() == null && t.rating() == null
          ? null
          : new RatingView(t.rating(), t.ratingComment(), t.ratedAt(), t.ratingPromptedAt());
    }
  }

  /** An inline button: its label and the value (callback data) a press sends back. */
  public record ButtonView(String label, String value) {}

  /**
   * The ticket's customer floods: more messages than their bot's limit within its period. Every
   * message is kept; automatic messages go to them at most once per period.
   *
   * @param since when the flood began
   * @param count the messages of the flood, including those that led to it
   * @param lastAt the last message over the limit (the flood ends a period after it)
   */
  public record Flood(Instant since, int count, Instant lastAt) {}

  /**
   * Whether Telegram lets the bot send to the ticket's chat: false after a 403 (blocked, kicked,
   * deleted) with Telegram's reason and when it came, until the chat writes to the bot again.
   */
  public record Reachability(boolean reachable, String reason, Instant since) {}

  /**
   * The customer of a ticket; {@code blocked} with the reason, when and by whom when an admin
   * blocked them (nothing is sent to them then, and their messages are ignored).
   */
  public record CustomerView(
      long id,
      long telegramUserId,
      String name,
      String username,
      String languageCode,
      boolean blocked,
      String blockReason,
      Instant blockedAt,
      String blockedBy) {
    static CustomerView of(Customer c) {
      return c == null
          ? null
          : new CustomerView(
              c.id(),
              c.telegramUserId(),
              c.displayName(),
              c.username(),
              c.languageCode(),
              c.blocked(),
              c.blockedReason(),
              c.blockedAt(),
              c.blockedBy());
    }
  }

  public record MessageView(
      long id,
      String author,
      Long telegramMessageId,
      Long senderUserId,
      String senderName,
      String text,
      MediaView media,
      Long replyToMessageId,
      Instant date,
      Instant editedAt,
      List<RevisionView> revisions,
      boolean internal,
      String parseMode,
      DeliveryView delivery,
      Instant deletedAt,
      List<AttachmentView> attachments,
      List<List<ButtonView>> buttons,
      ButtonView pressed) {}

  /**
   * A file of an agent reply, in its place: {@code fileId} is ours ({@code GET /api/files/{id}}),
   * {@code kind} how it is sent (photo, document, video, audio, voice); {@code sentToTelegram} once
   * Telegram has it, {@code bytesKept} until its bytes were cleaned up after that (Telegram's
   * file_id stays, so it can still be sent again through the same bot).
   */
  public record AttachmentView(
      long fileId,
      String kind,
      String fileName,
      String contentType,
      long size,
      boolean sentToTelegram,
      boolean bytesKept) {}

  /**
   * Where an agent reply stands at Telegram: the last action asked (send, edit, delete) and its
   * state (pending, sent, failed, uncertain, dead, cancelled), with the reason when it did not go.
   * {@code resentAfterServerFailure}: its call was on its way when a server failed and it was sent
   * again, so the customer may have it twice; {@code note} says so in words.
   */
  public record DeliveryView(
      String action, String state, String error, boolean resentAfterServerFailure, String note) {

    static final String RESENT_NOTE = "sent again after a server failure";

    static DeliveryView of(ConversationMessage m) {
      return m.deliveryAction() == null
          ? null
          : new DeliveryView(
              m.deliveryAction().name().toLowerCase(java.util.Locale.ROOT),
              m.deliveryState(),
              m.deliveryError(),
              m.deliveryResent(),
              m.deliveryResent() && "sent".equals(m.deliveryState()) ? RESENT_NOTE : null);
    }
  }

  /**
   * A message's file. {@code url} opens it through TgDesk and {@code thumbnailUrl} its thumbnail
   * (where Telegram gave one), both relative to TgDesk's base URL (e.g. {@code
   * /api/tickets/7/messages/42/media}); null for media without a file (a contact, a location).
   */
  public record MediaView(
      String type,
      String fileId,
      String fileUniqueId,
      String fileName,
      String mimeType,
      Long fileSize,
      String url,
      String thumbnailUrl,
      Long thumbnailFileSize) {

    static MediaView of(ConversationMessage m) {
      if (m.mediaType() == null) {
        return null;
      }
      String url =
          m.fileId() == null
              ? null
              : "/api/tickets/" + m.ticketId() + "/messages/" + m.id() + "/media";
      String thumbnailUrl =
          url == null || m.thumbnailFileId() == null ? null : url + "?thumbnail=true";
      return new MediaView(
          m.mediaType(),
          m.fileId(),
          m.fileUniqueId(),
          m.fileName(),
          m.mimeType(),
          m.fileSize(),
          url,
          thumbnailUrl,
          thumbnailUrl == null ? null : m.thumbnailFileSize());
    }
  }

  public record RevisionView(String text, Instant replacedAt) {}
}
