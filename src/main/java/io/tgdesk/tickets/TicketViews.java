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
      String assignee) {}

  /** A ticket with its conversation, oldest message first. */
  public record Detail(
      long id,
      long botId,
      String kind,
      String status,
      String subject,
      long chatId,
      Long threadId,
      Long topicGroupId,
      CustomerView customer,
      Instant createdAt,
      Instant updatedAt,
      Instant lastMessageAt,
      String queue,
      String assignee,
      Reachability reachability,
      List<MessageView> messages) {}

  /**
   * Whether Telegram lets the bot send to the ticket's chat: false after a 403 (blocked, kicked,
   * deleted) with Telegram's reason and when it came, until the chat writes to the bot again.
   */
  public record Reachability(boolean reachable, String reason, Instant since) {}

  public record CustomerView(
      long id, long telegramUserId, String name, String username, String languageCode) {
    static CustomerView of(Customer c) {
      return c == null
          ? null
          : new CustomerView(
              c.id(), c.telegramUserId(), c.displayName(), c.username(), c.languageCode());
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
      Instant deletedAt) {}

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

  public record MediaView(
      String type,
      String fileId,
      String fileUniqueId,
      String fileName,
      String mimeType,
      Long fileSize) {}

  public record RevisionView(String text, Instant replacedAt) {}
}
