package io.tgdesk.customers;

import io.tgdesk.diagnostics.CallView;
import io.tgdesk.hostevents.HostEventView;
import io.tgdesk.shopify.privacy.ExportedCustomerData;
import io.tgdesk.telegram.inbound.UpdateStore;
import io.tgdesk.telegram.outbound.OutboxView;
import io.tgdesk.tickets.ConversationMessage;
import io.tgdesk.tickets.Customer;
import io.tgdesk.tickets.MessageRevision;
import io.tgdesk.tickets.Ticket;
import java.time.Instant;
import java.util.List;

/**
 * Everything TgDesk holds about one customer, as the export answers it (JSON-B, null fields left
 * out). Immutable.
 *
 * @param customer the customer's profile
 * @param tickets their private tickets with every message (replies and internal notes included),
 *     and the topics they wrote in with their own messages only
 * @param outbox what was sent or is waiting to be sent to their private chat, with its parameters
 * @param auditedCalls the audited Bot API calls that name their private chat
 * @param storedUpdates the Telegram updates stored from their private chat and, in topic groups,
 *     those naming them, with their raw bodies
 * @param shopify per shop of the bot: links, orders, timeline entries, deliveries
 * @param hostEvents the events queued for the host about their tickets, with their bodies
 * @param erasure the erasure of the customer, when one was asked for
 */
public record CustomerExport(
    Instant generatedAt,
    Profile customer,
    List<TicketRecord> tickets,
    List<OutboxView> outbox,
    List<CallView> auditedCalls,
    List<UpdateStore.StoredUpdate> storedUpdates,
    List<ExportedCustomerData> shopify,
    List<HostEventView> hostEvents,
    ErasureView erasure) {

  /** The customer as stored; an erased one keeps only ids and times. */
  public record Profile(
      long id,
      long botId,
      Long telegramUserId,
      String firstName,
      String lastName,
      String username,
      String languageCode,
      Instant createdAt,
      Instant updatedAt,
      Instant erasedAt) {
    static Profile of(Customer c) {
      boolean erased = c.erasedAt() != null;
      return new Profile(
          c.id(),
          c.botId(),
          erased ? null : c.telegramUserId(),
          c.firstName(),
          c.lastName(),
          c.username(),
          c.languageCode(),
          c.createdAt(),
          c.updatedAt(),
          c.erasedAt());
    }
  }

  /** A ticket with the messages the export holds of it. */
  public record TicketRecord(
      long id,
      String kind,
      String status,
      String subject,
      long chatId,
      Long threadId,
      String queue,
      String assignee,
      Instant createdAt,
      Instant updatedAt,
      Instant lastMessageAt,
      Instant erasedAt,
      List<MessageRecord> messages) {
    static TicketRecord of(Ticket t, List<MessageRecord> messages) {
      return new TicketRecord(
          t.id().value(),
          t.kind().name().toLowerCase(java.util.Locale.ROOT),
          t.status().wireName(),
          t.subject(),
          t.chatId(),
          t.threadId(),
          t.queue(),
          t.assignee(),
          t.createdAt(),
          t.updatedAt(),
          t.lastMessageAt(),
          t.erasedAt(),
          messages);
    }
  }

  /**
   * A conversation message: the customer's, an agent's reply, an internal note ({@code internal}
   * and author {@code agent}), or a system entry; with its media reference and edit history.
   */
  public record MessageRecord(
      long id,
      String author,
      boolean internal,
      String senderName,
      Long senderUserId,
      String text,
      String mediaType,
      String fileId,
      String fileUniqueId,
      String fileName,
      String mimeType,
      Long fileSize,
      Long telegramMessageId,
      Long replyToMessageId,
      Instant telegramDate,
      Instant editedAt,
      Instant createdAt,
      String deliveryState,
      String deliveryError,
      Instant deletedAt,
      Instant erasedAt,
      List<Revision> revisions) {
    static MessageRecord of(ConversationMessage m, List<Revision> revisions) {
      return new MessageRecord(
          m.id(),
          m.author().name().toLowerCase(java.util.Locale.ROOT),
          m.internal(),
          m.senderName(),
          m.senderUserId(),
          m.text(),
          m.mediaType(),
          m.fileId(),
          m.fileUniqueId(),
          m.fileName(),
          m.mimeType(),
          m.fileSize(),
          m.telegramMessageId(),
          m.replyToMessageId(),
          m.telegramDate(),
          m.editedAt(),
          m.createdAt(),
          m.deliveryState(),
          m.deliveryError(),
          m.deletedAt(),
          m.erasedAt(),
          revisions);
    }
  }

  /** A text the message had before an edit. */
  public record Revision(String previousText, Instant replacedAt) {
    static Revision of(MessageRevision r) {
      return new Revision(r.previousText(), r.replacedAt());
    }
  }
}
