package io.tgdesk.hostevents;

import java.time.Instant;

/**
 * The JSON body of an event, as the host platform receives it (JSON-B, camelCase, null fields left
 * out). Described in the plugin descriptor under {@code events}.
 *
 * @param id the event's id, the same for every endpoint (also in {@code X-TgDesk-Event-Id})
 * @param type ticket.created, ticket.updated, ticket.rated, message.received, message.sent,
 *     message.failed, customer.blocked, customer.unblocked or customer.erased
 * @param occurredAt when the change happened
 * @param change for ticket.updated, what changed (e.g. {@code status}); for customer.erased, what
 *     was erased ({@code customer}: the whole private ticket; {@code messages}: the customer's
 *     messages in a topic)
 * @param ticket for ticket and message events, the ticket after the change
 * @param message for message events, the message
 * @param customer for customer events, the customer after the change
 * @param rating for ticket.rated, the customer's rating as it now stands
 */
public record EventPayload(
    String id,
    String type,
    Instant occurredAt,
    String change,
    TicketPart ticket,
    MessagePart message,
    CustomerPart customer,
    RatingPart rating) {

  /**
   * A customer's satisfaction rating of a resolved ticket.
   *
   * @param score 1 (worst) to 5 (best)
   * @param comment the customer's comment, or null
   * @param ratedAt when the score was given or last changed
   */
  public record RatingPart(int score, String comment, Instant ratedAt) {}

  /** The ticket as the event reports it. */
  public record TicketPart(
      long id,
      long botId,
      String kind,
      String status,
      String subject,
      long chatId,
      Long threadId,
      String queue,
      String assignee,
      CustomerPart customer,
      Instant createdAt,
      Instant updatedAt) {}

  /**
   * A customer: of a ticket (absent for a topic ticket nobody has written in yet), or the subject
   * of a customer event. {@code botId} only in a customer event. {@code blocked} and the block's
   * {@code blockReason}, {@code blockedAt}, {@code blockedBy}: in a ticket's customer only while
   * blocked, in a customer event always ({@code blocked} true or false). Of an erased customer only
   * the id is left.
   */
  public record CustomerPart(
      long id,
      Long botId,
      Long telegramUserId,
      String name,
      String username,
      String languageCode,
      Boolean blocked,
      String blockReason,
      Instant blockedAt,
      String blockedBy) {}

  /**
   * A conversation message; for an agent's reply, its delivery state (pending, sent, failed,
   * uncertain, dead, cancelled) and, when it did not arrive, why.
   */
  public record MessagePart(
      long id,
      String author,
      String senderName,
      String text,
      Long telegramMessageId,
      String mediaType,
      String fileId,
      Instant date,
      String deliveryState,
      String deliveryError,
      ButtonPart button) {}

  /** The inline button a customer pressed: its label and value (callback data). */
  public record ButtonPart(String label, String value) {}
}
