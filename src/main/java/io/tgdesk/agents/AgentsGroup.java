package io.tgdesk.agents;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A registered agents group: a forum supergroup and the queue whose tickets it takes (or none). */
@Entity
@Table(name = "agents_group")
public class AgentsGroup {

  @Id
  @Column(name = "chat_id")
  private Long chatId;

  @Column(name = "queue")
  private String queue;

  @Column(name = "title")
  private String title;

  @Column(name = "coalesce_texts")
  private boolean coalesceTexts = true;

  @Column(name = "created_at")
  private Instant createdAt;

  protected AgentsGroup() {}

  AgentsGroup(long chatId, String queue, String title, Instant now) {
    this.chatId = chatId;
    this.queue = queue;
    this.title = title;
    this.createdAt = now;
  }

  public long chatId() {
    return chatId;
  }

  /** The queue whose tickets the group takes; null: the tickets of its bots. */
  public String queue() {
    return queue;
  }

  public String title() {
    return title;
  }

  /** Whether texts not yet sent are combined while the group's budget is short. */
  public boolean coalesceTexts() {
    return coalesceTexts;
  }

  void coalesceTexts(boolean on) {
    this.coalesceTexts = on;
  }

  public Instant createdAt() {
    return createdAt;
  }

  void change(String queue, String title) {
    this.queue = queue;
    if (title != null) {
      this.title = title;
    }
  }
}
