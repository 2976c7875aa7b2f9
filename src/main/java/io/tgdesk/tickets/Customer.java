package io.tgdesk.tickets;

import io.tgdesk.schema.Columns;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A Telegram user who talks to one of our bots. One row per (bot, Telegram user). */
@Entity
@Table(name = "customer")
public class Customer {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "bot_id")
  private long botId;

  @Column(name = "telegram_user_id")
  private long telegramUserId;

  @Column(name = "first_name")
  private String firstName;

  @Column(name = "last_name")
  private String lastName;

  private String username;

  @Column(name = "language_code")
  private String languageCode;

  @Column(name = "created_at")
  private Instant createdAt;

  @Column(name = "updated_at")
  private Instant updatedAt;

  @Column(name = "erased_at")
  private Instant erasedAt;

  protected Customer() {}

  Customer(long botId, InboundMessage.Sender sender, Instant now) {
    this.botId = botId;
    this.telegramUserId = sender.userId();
    this.createdAt = now;
    refresh(sender, now);
  }

  void refresh(InboundMessage.Sender sender, Instant now) {
    // Names are cut to their columns (marked with "…"): a long name never costs the message.
    this.firstName = Columns.fit(sender.firstName(), 256);
    this.lastName = Columns.fit(sender.lastName(), 256);
    this.username = Columns.fit(sender.username(), 64);
    this.languageCode = Columns.fit(sender.languageCode(), 16);
    this.updatedAt = now;
  }

  public long id() {
    return id;
  }

  public long botId() {
    return botId;
  }

  public long telegramUserId() {
    return telegramUserId;
  }

  public String firstName() {
    return firstName;
  }

  public String lastName() {
    return lastName;
  }

  public String username() {
    return username;
  }

  public String languageCode() {
    return languageCode;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant updatedAt() {
    return updatedAt;
  }

  /** When the customer's data was erased, or null. */
  public Instant erasedAt() {
    return erasedAt;
  }

  /**
   * Forgets who this was: names gone, the Telegram user id replaced by the negated row id (user ids
   * are positive), so that the user's next message makes a new customer. The row stays for counts.
   */
  void erase(Instant now) {
    this.firstName = null;
    this.lastName = null;
    this.username = null;
    this.languageCode = null;
    this.telegramUserId = -id;
    this.erasedAt = now;
    this.updatedAt = now;
  }

  public String displayName() {
    String name = (firstName == null ? "" : firstName) + (lastName == null ? "" : " " + lastName);
    name = name.trim();
    return name.isEmpty() && username != null ? "@" + username : name;
  }
}
