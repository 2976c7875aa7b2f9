package io.tgdesk.tickets;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A prepared answer with placeholders, filled in when an agent sends it. */
@Entity
@Table(name = "canned_response")
public class CannedResponse {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  private String name;

  private String text;

  @Column(name = "parse_mode")
  private String parseMode;

  @Column(name = "created_at")
  private Instant createdAt;

  @Column(name = "updated_at")
  private Instant updatedAt;

  protected CannedResponse() {}

  CannedResponse(String name, String text, String parseMode, Instant now) {
    this.createdAt = now;
    change(name, text, parseMode, now);
  }

  void change(String name, String text, String parseMode, Instant now) {
    this.name = name;
    this.text = text;
    this.parseMode = parseMode;
    this.updatedAt = now;
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

  public Instant createdAt() {
    return createdAt;
  }

  public Instant updatedAt() {
    return updatedAt;
  }
}
