package io.tgdesk.agents;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A one-time code that links a Telegram user to a TgDesk user; only its hash is kept. */
@Entity
@Table(name = "telegram_link_code")
public class TelegramLinkCode {

  @Id
  @Column(name = "code_hash")
  private String codeHash;

  @Column(name = "user_name")
  private String userName;

  @Column(name = "created_at")
  private Instant createdAt;

  @Column(name = "expires_at")
  private Instant expiresAt;

  @Column(name = "used_at")
  private Instant usedAt;

  @Column(name = "telegram_user_id")
  private Long telegramUserId;

  protected TelegramLinkCode() {}

  TelegramLinkCode(String codeHash, String userName, Instant now, Instant expiresAt) {
    this.codeHash = codeHash;
    this.userName = userName;
    this.createdAt = now;
    this.expiresAt = expiresAt;
  }

  String userName() {
    return userName;
  }

  Instant expiresAt() {
    return expiresAt;
  }

  boolean used() {
    return usedAt != null;
  }

  void use(long telegramUserId, Instant now) {
    this.telegramUserId = telegramUserId;
    this.usedAt = now;
  }
}
