package io.tgdesk.telegram.outbound.outbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/** What the engine knows about one chat of one bot: unreachable (403), paused (429), migrated. */
@Entity
@Table(name = "delivery_chat")
@IdClass(DeliveryChat.Key.class)
public class DeliveryChat {

  /** The composite key (bot, chat). */
  public record Key(long botId, long chatId) implements Serializable {
    public Key() {
      this(0, 0);
    }
  }

  @Id
  @Column(name = "bot_id")
  private long botId;

  @Id
  @Column(name = "chat_id")
  private long chatId;

  @Column(name = "unreachable_reason")
  private String unreachableReason;

  @Column(name = "unreachable_at")
  private Instant unreachableAt;

  @Column(name = "paused_until")
  private Instant pausedUntil;

  @Column(name = "migrated_to")
  private Long migratedTo;

  protected DeliveryChat() {}

  DeliveryChat(long botId, long chatId) {
    this.botId = botId;
    this.chatId = chatId;
  }

  public long botId() {
    return botId;
  }

  public long chatId() {
    return chatId;
  }

  public String unreachableReason() {
    return unreachableReason;
  }

  public Instant unreachableAt() {
    return unreachableAt;
  }

  public Instant pausedUntil() {
    return pausedUntil;
  }

  public Long migratedTo() {
    return migratedTo;
  }

  void markUnreachable(String reason, Instant now) {
    this.unreachableReason = reason;
    this.unreachableAt = now;
  }

  void pauseUntil(Instant until) {
    this.pausedUntil = until;
  }

  void migrateTo(long newChatId) {
    this.migratedTo = newChatId;
  }
}
