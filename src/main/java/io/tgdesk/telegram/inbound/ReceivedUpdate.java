package io.tgdesk.telegram.inbound;

import io.tgdesk.intake.IntakeLifecycle;
import io.tgdesk.intake.IntakeState;
import io.tgdesk.schema.Columns;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.NamedNativeQuery;
import jakarta.persistence.QueryHint;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * An update exactly as Telegram sent it, with its processing state ({@link IntakeLifecycle}). (bot,
 * update_id) is unique.
 */
@Entity
@Table(name = "telegram_update")
@NamedNativeQuery(
    name = ReceivedUpdate.LOCK_BY_IDS_POSTGRES,
    query =
        "SELECT * FROM telegram_update WHERE id = ANY (CAST(?1 AS BIGINT[]))"
            + " ORDER BY update_id FOR UPDATE",
    resultClass = ReceivedUpdate.class,
    hints = @QueryHint(name = "eclipselink.refresh", value = "true"))
public class ReceivedUpdate {

  /**
   * PostgreSQL: the updates whose ids are in the array literal given (such as {@code {4,7}}), of
   * one bot, locked in update_id order (the order in which they are applied, and in which a retry
   * locks a failed update before those that wait for it), as they are in the database now.
   */
  static final String LOCK_BY_IDS_POSTGRES = "ReceivedUpdate.lockByIdsPostgres";

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "bot_id")
  private long botId;

  @Column(name = "update_id")
  private long updateId;

  private String source;

  @Lob private byte[] raw;

  @Column(name = "update_type")
  private String updateType;

  @Column(name = "chat_id")
  private Long chatId;

  /**
   * The forum topic of a failed or waiting update, recorded with its chat: 0 for none; null when
   * not recorded (an applied update, one that names no chat, or one that failed before topics were
   * recorded).
   */
  @Column(name = "thread_key")
  private Long threadKey;

  private String outcome;

  @Embedded private IntakeLifecycle lifecycle;

  protected ReceivedUpdate() {}

  public long id() {
    return id;
  }

  /** The raw body of an erased update: the row stays, so that a repeat is still recognised. */
  static final byte[] ERASED =
      "{\"erased\":true}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  /** Forgets what the update said; its ids, type, chat, state and times stay. */
  void erase() {
    this.raw = ERASED.clone();
  }

  public long botId() {
    return botId;
  }

  public long updateId() {
    return updateId;
  }

  public String source() {
    return source;
  }

  public byte[] raw() {
    return raw;
  }

  public String updateType() {
    return updateType;
  }

  public Long chatId() {
    return chatId;
  }

  public String outcome() {
    return outcome;
  }

  /** The processing state, attempts and times. */
  public IntakeLifecycle lifecycle() {
    return lifecycle;
  }

  boolean isDue(Instant now) {
    return lifecycle.isDue(now);
  }

  /** A failed attempt, with the place the update names (null: no chat could be read). */
  void failed(UpdateChat.Place place, String error, Instant retryAt, Instant now) {
    lifecycle.failed(error, retryAt, now);
    record(place);
  }

  /**
   * Where the update was recorded to belong when it failed or began to wait; null when that was not
   * recorded.
   */
  UpdateChat.Place recordedPlace() {
    return UpdateChat.Place.recorded(chatId, threadKey);
  }

  private void record(UpdateChat.Place place) {
    this.chatId = place == null ? null : place.chatId();
    this.threadKey = place == null ? null : place.threadKey();
  }

  /**
   * Not attempted: waits for the earlier failed update of its chat (in a forum, of its topic), due
   * again with it.
   */
  void waitFor(HeldChats.Hold hold) {
    lifecycle.waitFor(
        "waits for update "
            + hold.updateId()
            + (hold.place().threadId() == null
                ? " of the same chat"
                : " of the same topic (" + hold.place().threadId() + ")")
            + ", which failed and is tried again at "
            + hold.until(),
        hold.until());
    record(hold.place());
  }

  void done(IntakeState state, String updateType, Long chatId, String outcome, Instant now) {
    lifecycle.done(state, now);
    this.updateType = Columns.fit(updateType, 40);
    this.chatId = chatId;
    this.threadKey = null;
    this.outcome = Columns.fit(outcome, 200);
  }
}
