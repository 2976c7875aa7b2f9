package io.tgdesk.tickets;

import io.tgdesk.schema.Columns;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A forum supergroup registered with a bot: each of its topics is a ticket. */
@Entity
@Table(name = "topic_group")
public class TopicGroup {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "bot_id")
  private long botId;

  @Column(name = "chat_id")
  private long chatId;

  private String title;

  @Column(name = "created_at")
  private Instant createdAt;

  protected TopicGroup() {}

  public TopicGroup(long botId, long chatId, String title, Instant now) {
    this.botId = botId;
    this.chatId = chatId;
    this.title = Columns.fit(title, 256);
    this.createdAt = now;
  }

  public long id() {
    return id;
  }

  public long botId() {
    return botId;
  }

  public long chatId() {
    return chatId;
  }

  public String title() {
    return title;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public void migrateTo(long newChatId) {
    this.chatId = newChatId;
  }
}
