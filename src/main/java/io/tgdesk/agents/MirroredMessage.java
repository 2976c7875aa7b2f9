package io.tgdesk.agents;

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
 * A customer's message as mirrored into its ticket's topic: both directions of the mirror (the
 * conversation message and its copy in the group), and where the copy stands.
 */
@Entity
@Table(name = "mirrored_message")
public class MirroredMessage {

  /** Where a mirrored copy stands. */
  public enum State {
    /** The topic is being created: the copy is queued once its thread id is known. */
    WAITING,
    /** In the outbox. */
    QUEUED,
    /** In the group: {@link #groupMessageId()} is set. */
    SENT,
    /** The outbox gave up (failed, dead, uncertain or cancelled): see the error. */
    FAILED
  }

  /** What the copy is: a text (which may be combined with neighbours) or a copied message. */
  public enum Kind {
    TEXT,
    COPY
  }

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "message_id")
  private long messageId;

  @Column(name = "ticket_id")
  private long ticketId;

  @Column(name = "topic_id")
  private long topicId;

  @Column(name = "chat_id")
  private long chatId;

  @Column(name = "bot_id")
  private long botId;

  @Enumerated(EnumType.STRING)
  @Column(name = "kind")
  private Kind kind;

  @Enumerated(EnumType.STRING)
  @Column(name = "state")
  private State state;

  @Column(name = "outbox_entry_id")
  private Long outboxEntryId;

  @Column(name = "group_message_id")
  private Long groupMessageId;

  /** How many customer messages the copy carries (more than 1 when texts were combined). */
  @Column(name = "combined")
  private int combined;

  /** The customer edited the message while its copy was on its way: edit the copy once sent. */
  @Column(name = "edit_due")
  private boolean editDue;

  @Column(name = "error")
  private String error;

  @Column(name = "created_at")
  private Instant createdAt;

  @Column(name = "updated_at")
  private Instant updatedAt;

  protected MirroredMessage() {}

  MirroredMessage(AgentTopic topic, long messageId, Kind kind, Instant now) {
    this.messageId = messageId;
    this.ticketId = topic.ticketId();
    this.topicId = topic.id();
    this.chatId = topic.chatId();
    this.botId = topic.botId();
    this.kind = kind;
    this.state = State.WAITING;
    this.combined = 1;
    this.createdAt = now;
    this.updatedAt = now;
  }

  public long id() {
    return id;
  }

  /** The conversation message (the customer's original). */
  public long messageId() {
    return messageId;
  }

  public long ticketId() {
    return ticketId;
  }

  public long topicId() {
    return topicId;
  }

  public long chatId() {
    return chatId;
  }

  public long botId() {
    return botId;
  }

  public Kind kind() {
    return kind;
  }

  public State state() {
    return state;
  }

  public Long outboxEntryId() {
    return outboxEntryId;
  }

  /** The copy's message id in the group; null until it is sent. */
  public Long groupMessageId() {
    return groupMessageId;
  }

  public int combined() {
    return combined;
  }

  public String error() {
    return error;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public boolean editDue() {
    return editDue;
  }

  void editDue(boolean due, Instant now) {
    this.editDue = due;
    this.updatedAt = now;
  }

  void combined(int combined, Instant now) {
    this.combined = combined;
    this.updatedAt = now;
  }

  void settled(boolean sent, Long groupMessageId, String error, Instant now) {
    this.state = sent ? State.SENT : State.FAILED;
    this.groupMessageId = groupMessageId;
    this.error = error;
    this.updatedAt = now;
  }

  void queued(long entryId, int combined, Instant now) {
    this.state = State.QUEUED;
    this.outboxEntryId = entryId;
    this.combined = combined;
    this.updatedAt = now;
  }
}
