package io.tgdesk.agents;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One bot that serves an agents group (an admin that may manage topics). */
@Entity
@Table(name = "agents_group_bot")
public class AgentsGroupBot {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "chat_id")
  private long chatId;

  @Column(name = "bot_id")
  private long botId;

  @Column(name = "created_at")
  private Instant createdAt;

  protected AgentsGroupBot() {}

  AgentsGroupBot(long chatId, long botId, Instant now) {
    this.chatId = chatId;
    this.botId = botId;
    this.createdAt = now;
  }

  public long chatId() {
    return chatId;
  }

  public long botId() {
    return botId;
  }
}
