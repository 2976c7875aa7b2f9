package io.tgdesk.customers;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * The record of a customer's erasure: who asked, when, how far it got and what it erased. One per
 * customer (an erasure asked for again continues or answers this one). The Telegram user id is held
 * only while the erasure runs.
 */
@Entity
@Table(name = "customer_erasure")
public class Erasure {

  static final String RUNNING = "RUNNING";
  static final String DONE = "DONE";

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "customer_id")
  private long customerId;

  @Column(name = "bot_id")
  private long botId;

  @Column(name = "telegram_user_id")
  private Long telegramUserId;

  @Column(name = "requested_by")
  private String requestedBy;

  @Column(name = "requested_at")
  private Instant requestedAt;

  @Column(name = "finished_at")
  private Instant finishedAt;

  private String state;

  private int tickets;

  private int messages;

  @Column(name = "outbox_entries")
  private int outboxEntries;

  @Column(name = "other_rows")
  private int otherRows;

  private int batches;

  protected Erasure() {}

  Erasure(long customerId, long botId, long telegramUserId, String requestedBy, Instant now) {
    this.customerId = customerId;
    this.botId = botId;
    this.telegramUserId = telegramUserId;
    this.requestedBy = requestedBy;
    this.requestedAt = stored(now);
    this.state = RUNNING;
  }

  long id() {
    return id;
  }

  long customerId() {
    return customerId;
  }

  long botId() {
    return botId;
  }

  /** The user's Telegram id while the erasure runs; null once it is done. */
  Long telegramUserId() {
    return telegramUserId;
  }

  Instant requestedAt() {
    return requestedAt;
  }

  boolean done() {
    return DONE.equals(state);
  }

  void tickets(int n) {
    this.tickets = n;
  }

  /** One more batch (transaction) erased these rows. */
  void batch(int messages, int outboxEntries, int otherRows) {
    this.messages += messages;
    this.outboxEntries += outboxEntries;
    this.otherRows += otherRows;
    this.batches++;
  }

  void finish(Instant now) {
    this.state = DONE;
    this.finishedAt = stored(now);
    this.telegramUserId = null;
  }

  /** As the database keeps it (PostgreSQL: microseconds), so that every answer says the same. */
  private static Instant stored(Instant t) {
    return t.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
  }

  ErasureView view() {
    return new ErasureView(
        customerId,
        botId,
        state.toLowerCase(java.util.Locale.ROOT),
        requestedBy,
        requestedAt,
        finishedAt,
        tickets,
        messages,
        outboxEntries,
        otherRows,
        batches);
  }
}
