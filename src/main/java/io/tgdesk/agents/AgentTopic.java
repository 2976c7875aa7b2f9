package io.tgdesk.agents;

import io.tgdesk.tickets.TicketStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * The topic of one ticket in its agents group. There is at most one per ticket (a unique key), so
 * that two first messages on two servers still make one topic. Its thread id is null until Telegram
 * answered the createForumTopic; mirrored messages wait for it.
 */
@Entity
@Table(name = "agent_topic")
public class AgentTopic {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "ticket_id")
  private long ticketId;

  @Column(name = "chat_id")
  private long chatId;

  /** The bot that created the topic and sends everything into it (one bot keeps the order). */
  @Column(name = "bot_id")
  private long botId;

  @Column(name = "message_thread_id")
  private Long threadId;

  /** The ticket status the topic's name and open/closed state show (or are queued to show). */
  @Enumerated(EnumType.STRING)
  @Column(name = "status")
  private TicketStatus status;

  @Column(name = "create_entry_id")
  private Long createEntryId;

  @Column(name = "text_run")
  private int textRun;

  @Column(name = "created_at")
  private Instant createdAt;

  @Column(name = "updated_at")
  private Instant updatedAt;

  protected AgentTopic() {}

  AgentTopic(long ticketId, long chatId, long botId, TicketStatus status, Instant now) {
    this.ticketId = ticketId;
    this.chatId = chatId;
    this.botId = botId;
    this.status = status;
    this.createdAt = now;
    this.updatedAt = now;
  }

  public long id() {
    return id;
  }

  public long ticketId() {
    return ticketId;
  }

  public long chatId() {
    return chatId;
  }

  public long botId() {
    return botId;
  }

  /** The topic's message_thread_id; null while it is being created. */
  public Long threadId() {
    return threadId;
  }

  public TicketStatus status() {
    return status;
  }

  public Long createEntryId() {
    return createEntryId;
  }

  int textRun() {
    return textRun;
  }

  /** Ends the current run of texts that may be combined (a media message or a sent one). */
  void nextTextRun(Instant now) {
    textRun++;
    updatedAt = now;
  }

  void creating(long entryId, Instant now) {
    this.createEntryId = entryId;
    this.updatedAt = now;
  }

  void created(long threadId, Instant now) {
    this.threadId = threadId;
    this.updatedAt = now;
  }

  void showStatus(TicketStatus status, Instant now) {
    this.status = status;
    this.updatedAt = now;
  }
}
