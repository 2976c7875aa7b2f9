package io.tgdesk.tickets;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A text a message had before an edit replaced it. */
@Entity
@Table(name = "message_revision")
public class MessageRevision {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "message_id")
  private long messageId;

  @Column(name = "previous_text")
  private String previousText;

  @Column(name = "replaced_at")
  private Instant replacedAt;

  protected MessageRevision() {}

  public MessageRevision(long messageId, String previousText, Instant replacedAt) {
    this.messageId = messageId;
    this.previousText = previousText;
    this.replacedAt = replacedAt;
  }

  public long messageId() {
    return messageId;
  }

  public String previousText() {
    return previousText;
  }

  public Instant replacedAt() {
    return replacedAt;
  }
}
