package io.tgdesk.agents;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A message written in an agents group, handled once whichever bot's update came first (the unique
 * chat and message id), and what it became: a reply or note of a ticket, a command, or nothing.
 */
@Entity
@Table(name = "agents_group_message")
public class GroupMessage {

  /** What a group message became. */
  public enum HandledAs {
    REPLY,
    NOTE,
    COMMAND,
    IGNORED
  }

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "chat_id")
  private long chatId;

  @Column(name = "message_id")
  private long messageId;

  @Column(name = "bot_id")
  private long botId;

  @Column(name = "telegram_user_id")
  private Long telegramUserId;

  @Column(name = "ticket_id")
  private Long ticketId;

  @Column(name = "conversation_message_id")
  private Long conversationMessageId;

  @Column(name = "handled_as")
  private String handledAs;

  @Column(name = "handled_at")
  private Instant handledAt;

  protected GroupMessage() {}

  GroupMessage(long chatId, long messageId, long botId, Long telegramUserId, Instant now) {
    this.chatId = chatId;
    this.messageId = messageId;
    this.botId = botId;
    this.telegramUserId = telegramUserId;
    this.handledAs = HandledAs.IGNORED.name();
    this.handledAt = now;
  }

  void handled(HandledAs as, Long ticketId, Long conversationMessageId) {
    this.handledAs = as.name();
    this.ticketId = ticketId;
    this.conversationMessageId = conversationMessageId;
  }

  public long chatId() {
    return chatId;
  }

  public long messageId() {
    return messageId;
  }

  public long botId() {
    return botId;
  }

  public Long telegramUserId() {
    return telegramUserId;
  }

  public Long ticketId() {
    return ticketId;
  }

  public Long conversationMessageId() {
    return conversationMessageId;
  }

  public HandledAs handledAs() {
    return HandledAs.valueOf(handledAs);
  }
}
