package io.tgdesk.agents;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A Telegram user who answers as a TgDesk agent (their user name in TgDesk and the host). */
@Entity
@Table(name = "telegram_agent")
public class TelegramAgent {

  @Id
  @Column(name = "telegram_user_id")
  private Long telegramUserId;

  @Column(name = "user_name")
  private String userName;

  @Column(name = "created_at")
  private Instant createdAt;

  protected TelegramAgent() {}

  TelegramAgent(long telegramUserId, String userName, Instant now) {
    this.telegramUserId = telegramUserId;
    this.userName = userName;
    this.createdAt = now;
  }

  public long telegramUserId() {
    return telegramUserId;
  }

  public String userName() {
    return userName;
  }

  public Instant createdAt() {
    return createdAt;
  }

  void rename(String userName) {
    this.userName = userName;
  }
}
