package io.tgdesk.telegram.outbound.outbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/**
 * A forum topic that was deleted and that the engine created again: calls that still name the old
 * thread are sent to the new one.
 */
@Entity
@Table(name = "delivery_topic")
@IdClass(DeliveryTopic.Key.class)
public class DeliveryTopic {

  /** The composite key (bot, chat, old thread). */
  public record Key(long botId, long chatId, long threadId) implements Serializable {
    public Key() {
      this(0, 0, 0);
    }
  }

  @Id
  @Column(name = "bot_id")
  private long botId;

  @Id
  @Column(name = "chat_id")
  private long chatId;

  @Id
  @Column(name = "thread_id")
  private long threadId;

  @Column(name = "moved_to")
  private long movedTo;

  @Column(name = "moved_at")
  private Instant movedAt;

  protected DeliveryTopic() {}

  DeliveryTopic(long botId, long chatId, long threadId, long movedTo, Instant movedAt) {
    this.botId = botId;
    this.chatId = chatId;
    this.threadId = threadId;
    this.movedTo = movedTo;
    this.movedAt = movedAt;
  }

  public long movedTo() {
    return movedTo;
  }

  public Instant movedAt() {
    return movedAt;
  }

  void moveTo(long newThreadId, Instant now) {
    this.movedTo = newThreadId;
    this.movedAt = now;
  }
}
