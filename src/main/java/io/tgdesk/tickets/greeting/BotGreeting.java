package io.tgdesk.tickets.greeting;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * How a bot greets, as its admin set it: whether {@code /start} opens a ticket, and how long after
 * a greeting a customer's next {@code /start} is answered again. A bot without a row uses {@link
 * #DEFAULT}.
 */
@Entity
@Table(name = "bot_greeting")
public class BotGreeting {

  /** The settings of a bot whose admin set none. */
  public static final Settings DEFAULT = new Settings(false, 3600);

  /** The settings as values. */
  public record Settings(boolean startOpensTicket, int repeatSeconds) {}

  @Id
  @Column(name = "bot_id")
  private long botId;

  @Column(name = "start_opens_ticket")
  private boolean startOpensTicket;

  @Column(name = "repeat_seconds")
  private int repeatSeconds;

  @Column(name = "updated_at")
  private Instant updatedAt;

  @Column(name = "updated_by")
  private String updatedBy;

  protected BotGreeting() {}

  BotGreeting(long botId) {
    this.botId = botId;
  }

  void change(Settings settings, String by, Instant now) {
    this.startOpensTicket = settings.startOpensTicket();
    this.repeatSeconds = settings.repeatSeconds();
    this.updatedBy = by;
    this.updatedAt = now;
  }

  public Settings settings() {
    return new Settings(startOpensTicket, repeatSeconds);
  }

  public Instant updatedAt() {
    return updatedAt;
  }

  public String updatedBy() {
    return updatedBy;
  }
}
