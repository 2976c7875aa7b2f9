package io.tgdesk.tickets.canned;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Locale;

/**
 * A prepared answer agents send to customers, with placeholders ({@link CannedTemplate}). Names are
 * unique regardless of case ({@code name_key}). It may belong to a queue (by id, so a renamed queue
 * keeps it; the database sets it to none when the queue is deleted).
 */
@Entity
@Table(name = "canned_response")
public class CannedResponse {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  private String name;

  @Column(name = "name_key")
  private String nameKey;

  @Column(name = "body")
  private String text;

  @Column(name = "parse_mode")
  private String parseMode;

  @Column(name = "queue_id")
  private Long queueId;

  @Column(name = "created_at")
  private Instant createdAt;

  @Column(name = "created_by")
  private String createdBy;

  @Column(name = "updated_at")
  private Instant updatedAt;

  @Column(name = "updated_by")
  private String updatedBy;

  @Version private long version;

  protected CannedResponse() {}

  CannedResponse(String name, String text, String parseMode, Long queueId, String by, Instant now) {
    this.createdAt = now;
    this.createdBy = by;
    change(name, text, parseMode, queueId, by, now);
  }

  void change(String name, String text, String parseMode, Long queueId, String by, Instant now) {
    this.name = name;
    this.nameKey = key(name);
    this.text = text;
    this.parseMode = parseMode;
    this.queueId = queueId;
    this.updatedAt = now;
    this.updatedBy = by;
  }

  static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  public long id() {
    return id;
  }

  public String name() {
    return name;
  }

  public String text() {
    return text;
  }

  public String parseMode() {
    return parseMode;
  }

  public Long queueId() {
    return queueId;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public String createdBy() {
    return createdBy;
  }

  public Instant updatedAt() {
    return updatedAt;
  }

  public String updatedBy() {
    return updatedBy;
  }
}
