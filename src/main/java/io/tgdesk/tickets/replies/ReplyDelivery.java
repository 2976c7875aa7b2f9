package io.tgdesk.tickets.replies;

import io.tgdesk.tickets.ConversationMessage;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * Which outbox entry carries which action (send, edit, delete) of which agent reply. Keyed by the
 * outbox entry's id, so that a delivery event finds its reply by primary key.
 */
@Entity
@Table(name = "reply_delivery")
public class ReplyDelivery {

  @Id
  @Column(name = "outbox_entry_id")
  private Long outboxEntryId;

  @Column(name = "message_id")
  private long messageId;

  @Column(name = "bot_id")
  private long botId;

  @Enumerated(EnumType.STRING)
  @Column(name = "delivery_action")
  private ConversationMessage.DeliveryAction action;

  protected ReplyDelivery() {}

  ReplyDelivery(
      long outboxEntryId, long messageId, long botId, ConversationMessage.DeliveryAction action) {
    this.outboxEntryId = outboxEntryId;
    this.messageId = messageId;
    this.botId = botId;
    this.action = action;
  }

  long messageId() {
    return messageId;
  }

  ConversationMessage.DeliveryAction action() {
    return action;
  }
}
