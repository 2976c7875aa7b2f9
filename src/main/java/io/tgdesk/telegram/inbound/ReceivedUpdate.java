package io.tgdesk.telegram.inbound;

import io.tgdesk.schema.Columns;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import java.time.Instant;

/** An update exactly as Telegram sent it, with its processing state. (bot, update_id) is unique. */
@Entity
@Table(name = "telegram_update")
public class ReceivedUpdate {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "bot_id")
  private long botId;

  @Column(name = "update_id")
  private long updateId;

  private String source;

  @Lob private byte[] raw;

  @Enumerated(EnumType.STRING)
  private UpdateState state;

  @Column(name = "update_type")
  private String updateType;

  @Column(name = "chat_id")
  private Long chatId;

  private String outcome;

  private int attempts;

  @Column(name = "next_attempt_at")
  private Instant nextAttemptAt;

  @Column(name = "last_error")
  private String lastError;

  @Column(name = "received_at")
  private Instant receivedAt;

  @Column(name = "processed_at")
  private Instant processedAt;

  protected ReceivedUpdate() {}

  ReceivedUpdate(long botId, long updateId, String source, byte[] raw, Instant now) {
    this.botId = botId;
    this.updateId = updateId;
    this.source = source;
    this.raw = raw;
    this.state = UpdateState.RECEIVED;
    this.receivedAt = now;
    this.nextAttemptAt = now;
  }

  public long id() {
    return id;
  }

  public long botId() {
    return botId;
  }

  public long updateId() {
    return updateId;
  }

  public String source() {
    return source;
  }

  public byte[] raw() {
    return raw;
  }

  public UpdateState state() {
    return state;
  }

  public String updateType() {
    return updateType;
  }

  public Long chatId() {
    return chatId;
  }

  public String outcome() {
    return outcome;
  }

  public int attempts() {
    return attempts;
  }

  public Instant nextAttemptAt() {
    return nextAttemptAt;
  }

  public String lastError() {
    return lastError;
  }

  public Instant receivedAt() {
    return receivedAt;
  }

  public Instant processedAt() {
    return processedAt;
  }

  boolean isDue(Instant now) {
    return (state == UpdateState.RECEIVED || state == UpdateState.FAILED)
        && nextAttemptAt != null
        && !nextAttemptAt.isAfter(now);
  }

  void done(UpdateState state, String updateType, Long chatId, String outcome, Instant now) {
    this.state = state;
    this.updateType = Columns.fit(updateType, 40);
    this.chatId = chatId;
    this.outcome = Columns.fit(outcome, 200);
    this.attempts++;
    this.nextAttemptAt = null;
    this.processedAt = now;
  }

  /** A failed attempt; {@code retryAt} null means no more attempts. */
  void failed(String error, Instant retryAt, Instant now) {
    this.state = UpdateState.FAILED;
    this.attempts++;
    this.lastError = Columns.fit(error, 2000);
    this.nextAttemptAt = retryAt;
    this.processedAt = now;
  }

  /** An admin asked for another try: a full set of attempts again. */
  void retryNow(Instant now) {
    this.state = UpdateState.RECEIVED;
    this.attempts = 0;
    this.nextAttemptAt = now;
  }
}
