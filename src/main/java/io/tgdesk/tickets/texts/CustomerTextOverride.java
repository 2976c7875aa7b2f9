package io.tgdesk.tickets.texts;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A bot's own text for one key and one language, set by an admin; one per (bot, key, language). It
 * was checked against the key's placeholders when saved.
 */
@Entity
@Table(name = "customer_text")
public class CustomerTextOverride {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "bot_id")
  private long botId;

  @Enumerated(EnumType.STRING)
  @Column(name = "text_key")
  private CustomerText key;

  private String language;

  @Column(name = "body")
  private String text;

  @Column(name = "updated_at")
  private Instant updatedAt;

  @Column(name = "updated_by")
  private String updatedBy;

  protected CustomerTextOverride() {}

  CustomerTextOverride(long botId, CustomerText key, String language) {
    this.botId = botId;
    this.key = key;
    this.language = language;
  }

  void change(String text, String by, Instant now) {
    this.text = text;
    this.updatedBy = by;
    this.updatedAt = now;
  }

  public CustomerText key() {
    return key;
  }

  public String language() {
    return language;
  }

  public String text() {
    return text;
  }

  public Instant updatedAt() {
    return updatedAt;
  }

  public String updatedBy() {
    return updatedBy;
  }
}
