package io.tgdesk.telegram.outbound.outbox;

import static io.tgdesk.schema.JdbcParams.setInstant;
import static io.tgdesk.schema.JdbcParams.setInteger;
import static io.tgdesk.schema.JdbcParams.setLong;
import static io.tgdesk.schema.JdbcParams.setString;

import io.tgdesk.schema.Columns;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedNativeQuery;
import jakarta.persistence.QueryHint;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/** One Telegram call to make, and where its delivery stands. Ordering key: (bot, chat, thread). */
@Entity
@Table(name = "outbox_entry")
@NamedNativeQuery(
    name = OutboxEntry.LOCK_BY_IDS_POSTGRES,
    query =
        "SELECT * FROM outbox_entry WHERE id = ANY (CAST(?1 AS BIGINT[])) ORDER BY id FOR UPDATE",
    resultClass = OutboxEntry.class,
    hints = @QueryHint(name = "eclipselink.refresh", value = "true"))
public class OutboxEntry {

  /**
   * PostgreSQL: the entries whose ids are in the array literal given (such as {@code {4,7}}),
   * locked, in id order. Its SQL is the same for any number of ids, so it is prepared once; a query
   * over an id list is prepared anew for each call.
   */
  static final String LOCK_BY_IDS_POSTGRES = "OutboxEntry.lockByIdsPostgres";

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "bot_id")
  private long botId;

  @Column(name = "bot_method")
  private String method;

  /** The call's JSON parameters, only the fields it needs. */
  private String params;

  @Column(name = "chat_id")
  private long chatId;

  @Column(name = "thread_key")
  private long threadKey;

  @Column(name = "lane")
  private int lane;

  private String category;

  @Column(name = "coalesce_key")
  private String coalesceKey;

  private boolean paid;

  @Enumerated(EnumType.STRING)
  private OutboxState state;

  private int attempts;

  @Column(name = "next_attempt_at")
  private Instant nextAttemptAt;

  @Column(name = "last_error_code")
  private Integer lastErrorCode;

  @Column(name = "last_error")
  private String lastError;

  @Column(name = "retry_after")
  private Integer retryAfter;

  @Column(name = "sent_at")
  private Instant sentAt;

  @Column(name = "telegram_message_id")
  private Long telegramMessageId;

  private String result;

  @Column(name = "claimed_by")
  private String claimedBy;

  @Column(name = "claimed_at")
  private Instant claimedAt;

  /** When the call of this claim left for Telegram; null while it waits for its slot. */
  @Column(name = "departed_at")
  private Instant departedAt;

  /** An effect of the answer (see {@link #sentWithFollowUpDue}) is still to be made. */
  @Column(name = "follow_up_due")
  private boolean followUpDue;

  /** Why the effect of the answer failed last; kept after it worked, for admins. */
  @Column(name = "follow_up_error")
  private String followUpError;

  /** RESENT or HELD: what its lane's policy did with it after its server failed; else null. */
  @Column(name = "server_failure_outcome")
  private String serverFailureOutcome;

  @Column(name = "created_at")
  private Instant createdAt;

  @Column(name = "updated_at")
  private Instant updatedAt;

  @Version private long version;

  protected OutboxEntry() {}

  OutboxEntry(
      long botId,
      String method,
      String params,
      long chatId,
      long threadKey,
      Lane lane,
      String category,
      String coalesceKey,
      boolean paid,
      Instant notBefore,
      Instant now) {
    this.botId = botId;
    this.method = method;
    this.params = params;
    this.chatId = chatId;
    this.threadKey = threadKey;
    this.lane = lane.ordinal();
    this.category = category;
    this.coalesceKey = coalesceKey;
    this.paid = paid;
    this.state = OutboxState.PENDING;
    this.nextAttemptAt = notBefore;
    this.createdAt = now;
    this.updatedAt = now;
  }

  /**
   * The insert of new entries whose ids were reserved ahead ({@link OutboxBatch} on PostgreSQL):
   * every mapped column, written as JPA writes it. A column added to the entity is added here and
   * in {@link #bindInsert}; {@code DeliveryIT} reads entries written this way back beside one that
   * JPA wrote.
   */
  static final String INSERT_WITH_ID =
      "INSERT INTO outbox_entry ("
          + "id, bot_id, bot_method, params, chat_id, thread_key, lane, category, coalesce_key, "
          + "paid, state, attempts, next_attempt_at, last_error_code, last_error, retry_after, sent_at, "
          + "telegram_message_id, result, claimed_by, claimed_at, departed_at, follow_up_due, follow_up_error, server_failure_outcome, "
          + "created_at, updated_at, version)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  /** Gives this new entry its reserved id and binds it to {@link #INSERT_WITH_ID}. */
  void bindInsert(long reservedId, PreparedStatement insert) throws SQLException {
    this.id = reservedId;
    // A new row's first version, as EclipseLink writes it.
    this.version = 1;
    int i = 0;
    insert.setLong(++i, id);
    insert.setLong(++i, botId);
    insert.setString(++i, method);
    insert.setString(++i, params);
    insert.setLong(++i, chatId);
    insert.setLong(++i, threadKey);
    insert.setInt(++i, lane);
    insert.setString(++i, category);
    setString(insert, ++i, coalesceKey);
    insert.setBoolean(++i, paid);
    insert.setString(++i, state.name());
    insert.setInt(++i, attempts);
    setInstant(insert, ++i, nextAttemptAt);
    setInteger(insert, ++i, lastErrorCode);
    setString(insert, ++i, lastError);
    setInteger(insert, ++i, retryAfter);
    setInstant(insert, ++i, sentAt);
    setLong(insert, ++i, telegramMessageId);
    setString(insert, ++i, result);
    setString(insert, ++i, claimedBy);
    setInstant(insert, ++i, claimedAt);
    setInstant(insert, ++i, departedAt);
    insert.setBoolean(++i, followUpDue);
    setString(insert, ++i, followUpError);
    setString(insert, ++i, serverFailureOutcome);
    setInstant(insert, ++i, createdAt);
    setInstant(insert, ++i, updatedAt);
    insert.setLong(++i, version);
  }

  public long id() {
    return id;
  }

  public long botId() {
    return botId;
  }

  public String method() {
    return method;
  }

  public String params() {
    return params;
  }

  public long chatId() {
    return chatId;
  }

  /** The forum topic, or null. */
  public Long threadId() {
    return threadKey == 0 ? null : threadKey;
  }

  public long threadKey() {
    return threadKey;
  }

  public Lane lane() {
    return Lane.values()[lane];
  }

  public String category() {
    return category;
  }

  public String coalesceKey() {
    return coalesceKey;
  }

  public boolean paid() {
    return paid;
  }

  public OutboxState state() {
    return state;
  }

  public int attempts() {
    return attempts;
  }

  public Instant nextAttemptAt() {
    return nextAttemptAt;
  }

  public Integer lastErrorCode() {
    return lastErrorCode;
  }

  public String lastError() {
    return lastError;
  }

  public Integer retryAfter() {
    return retryAfter;
  }

  public Instant sentAt() {
    return sentAt;
  }

  public Long telegramMessageId() {
    return telegramMessageId;
  }

  public String result() {
    return result;
  }

  public String claimedBy() {
    return claimedBy;
  }

  public Instant claimedAt() {
    return claimedAt;
  }

  /**
   * When the call of the current claim left for Telegram, or null: claimed but never sent (it was
   * waiting for its booked slot), or not claimed.
   */
  public Instant departedAt() {
    return departedAt;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant updatedAt() {
    return updatedAt;
  }

  public long version() {
    return version;
  }

  /**
   * What the call says or said is forgotten: the parameters become {@code params} (its destination
   * and why) and Telegram's answer goes (it echoes the message and the chat's names).
   */
  public void eraseContent(String params, Instant now) {
    this.params = params;
    this.result = null;
    this.updatedAt = now;
  }

  public void claim(String node, Instant now) {
    this.state = OutboxState.IN_FLIGHT;
    this.attempts++;
    this.claimedBy = node;
    this.claimedAt = now;
    this.departedAt = null;
    this.updatedAt = now;
  }

  /** The claimed call is about to be written to Telegram. */
  public void departed(Instant at) {
    this.departedAt = at;
  }

  public void sent(Long messageId, String result, Instant now) {
    this.state = OutboxState.SENT;
    this.sentAt = now;
    this.telegramMessageId = messageId;
    this.result = result;
    this.updatedAt = now;
  }

  /**
   * Telegram answered ok, but an effect of the answer could not be written with it: SENT all the
   * same (the call is never made again), with the effect due to be retried on its own.
   */
  public void sentWithFollowUpDue(Long messageId, String result, String why, Instant now) {
    sent(messageId, result, now);
    this.followUpDue = true;
    this.followUpError = Columns.fit(why, 1000);
  }

  public boolean followUpDue() {
    return followUpDue;
  }

  public String followUpError() {
    return followUpError;
  }

  /** The effects of the answer are made; the last failure stays readable. */
  public void followUpDone(Instant now) {
    this.followUpDue = false;
    this.updatedAt = now;
  }

  public void followUpFailed(String why, Instant now) {
    this.followUpError = Columns.fit(why, 1000);
    this.updatedAt = now;
  }

  /**
   * Its call was on its way when its server failed, and its lane resends such calls: PENDING again
   * (it may reach the chat twice), marked so that the ticket and the cause report can say so.
   */
  public void resendAfterServerFailure(String why, Instant now) {
    requeue(now);
    this.serverFailureOutcome = RESENT;
    this.lastError = truncate(why);
  }

  /** Its call was on its way when its server failed, and its lane holds such calls: UNCERTAIN. */
  public void holdAfterServerFailure(String why, Instant now) {
    end(OutboxState.UNCERTAIN, null, why, now);
    this.serverFailureOutcome = HELD;
  }

  /** {@link #RESENT}, {@link #HELD} or null: see {@link #resendAfterServerFailure}. */
  public String serverFailureOutcome() {
    return serverFailureOutcome;
  }

  public boolean resentAfterServerFailure() {
    return RESENT.equals(serverFailureOutcome);
  }

  public static final String RESENT = "RESENT";
  public static final String HELD = "HELD";

  public void retryLater(
      Instant at, Integer errorCode, String error, Integer retryAfter, Instant now) {
    this.state = OutboxState.PENDING;
    this.nextAttemptAt = at;
    this.lastErrorCode = errorCode;
    this.lastError = truncate(error);
    this.retryAfter = retryAfter;
    this.updatedAt = now;
  }

  /** A 429 does not count against the entry's attempts: the call was refused, not failed. */
  public void refusedByRateLimit(Instant at, String error, int retryAfter, Instant now) {
    retryLater(at, 429, error, retryAfter, now);
    this.attempts = Math.max(0, attempts - 1);
  }

  public void end(OutboxState finalState, Integer errorCode, String error, Instant now) {
    this.state = finalState;
    this.lastErrorCode = errorCode;
    this.lastError = truncate(error);
    this.nextAttemptAt = now;
    this.updatedAt = now;
  }

  /** Back to PENDING without having made the call: the claim's attempt is not counted. */
  public void unclaim(Instant now) {
    requeue(now);
    this.attempts = Math.max(0, attempts - 1);
  }

  public void requeue(Instant now) {
    this.state = OutboxState.PENDING;
    this.departedAt = null;
    this.nextAttemptAt = now;
    this.updatedAt = now;
  }

  public void moveToChat(long newChatId, String newParams, Instant now) {
    this.chatId = newChatId;
    this.params = newParams;
    this.updatedAt = now;
  }

  /** The forum topic was recreated: the call goes to the new thread (its ordering key changes). */
  public void moveToThread(long newThreadId, String newParams, Instant now) {
    this.threadKey = newThreadId;
    this.params = newParams;
    this.updatedAt = now;
  }

  private static String truncate(String s) {
    return Columns.fit(s, 2000);
  }
}
