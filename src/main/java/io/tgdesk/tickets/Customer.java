package io.tgdesk.tickets;

import io.tgdesk.schema.Columns;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A Telegram user who talks to one of our bots. One row per (bot, Telegram user). An admin may
 * block them (their updates are then stored as ignored, and nothing is sent to them); a customer
 * who writes faster than their bot's limit floods ({@link FloodWatch}).
 */
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

  @Column(name = "blocked_at")
  private Instant blockedAt;

  @Column(name = "blocked_reason")
  private String blockedReason;

  @Column(name = "blocked_by")
  private String blockedBy;

  @Embedded private FloodWatch flood = new FloodWatch();

  @Column(name = "erased_at")
  private Instant erasedAt;

  @Column(name = "greeted_at")
  private Instant greetedAt;

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

  /** When the customer was last greeted (answered /start), or null. */
  public Instant greetedAt() {
    return greetedAt;
  }

  /** The customer was greeted now. */
  public void greeted(Instant now) {
    this.greetedAt = now;
  }

  /** When the customer's data was erased, or null. */
  public Instant erasedAt() {
    return erasedAt;
  }

  /**
   * Forgets who this was: names and a block's reason gone, the Telegram user id replaced by the
   * negated row id (user ids are positive), so that the user's next message makes a new customer.
   * The row stays for counts.
   */
  void erase(Instant now) {
    this.firstName = null;
    this.lastName = null;
    this.username = null;
    this.languageCode = null;
    this.greetedAt = null;
    this.telegramUserId = -id;
    // An admin's reason for a block may describe the person; the block itself ends with the row's
    // link to the user (their next message makes a new customer).
    this.blockedReason = blockedAt == null ? null : "(erased)";
    this.erasedAt = now;
    this.updatedAt = now;
  }

  public String displayName() {
    String name = (firstName == null ? "" : firstName) + (lastName == null ? "" : " " + lastName);
    name = name.trim();
    return name.isEmpty() && username != null ? "@" + username : name;
  }

  /**
   * Blocks the customer, unless they are blocked already (then the first block stays, with its
   * reason).
   *
   * @return whether this blocked them
   */
  public boolean block(String reason, String by, Instant now) {
    if (blockedAt != null) {
      return false;
    }
    // PostgreSQL keeps microseconds: the answer shows the time as it is stored.
    this.blockedAt = now.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    this.blockedReason = Columns.fit(reason, 500);
    this.blockedBy = Columns.fit(by, 200);
    return true;
  }

  /**
   * Lifts a block.
   *
   * @return whether the customer was blocked
   */
  public boolean unblock() {
    if (blockedAt == null) {
      return false;
    }
    this.blockedAt = null;
    this.blockedReason = null;
    this.blockedBy = null;
    return true;
  }

  public boolean blocked() {
    return blockedAt != null;
  }

  /** When an admin blocked the customer; null when not blocked. */
  public Instant blockedAt() {
    return blockedAt;
  }

  public String blockedReason() {
    return blockedReason;
  }

  /** The admin who blocked the customer. */
  public String blockedBy() {
    return blockedBy;
  }

  /** The customer's flood state (never null). */
  public FloodWatch flood() {
    if (flood == null) {
      flood = new FloodWatch(); // EclipseLink leaves an embeddable of null columns null
    }
    return flood;
  }
}
