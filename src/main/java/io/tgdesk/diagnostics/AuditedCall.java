package io.tgdesk.diagnostics;

import static io.tgdesk.schema.JdbcParams.setInstant;
import static io.tgdesk.schema.JdbcParams.setInteger;
import static io.tgdesk.schema.JdbcParams.setLong;
import static io.tgdesk.schema.JdbcParams.setString;

import io.tgdesk.schema.Columns;
import io.tgdesk.telegram.botapi.BotApiCall;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/** One Bot API call in the call audit (table api_call). Written once, never changed. */
@Entity
@Table(name = "api_call")
public class AuditedCall {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "called_at")
  private Instant calledAt;

  @Column(name = "bot_id")
  private Long botId;

  @Column(name = "api_method")
  private String apiMethod;

  @Column(name = "chat_id")
  private Long chatId;

  @Column(name = "thread_id")
  private Long threadId;

  private String category;
  private String lane;
  private int attempt;

  @Column(name = "http_status")
  private int httpStatus;

  @Column(name = "error_code")
  private Integer errorCode;

  private String description;

  @Column(name = "retry_after")
  private Integer retryAfter;

  @Column(name = "latency_ms")
  private long latencyMs;

  @Column(name = "request_bytes")
  private int requestBytes;

  protected AuditedCall() {}

  AuditedCall(BotApiCall c) {
    this.calledAt = c.at();
    this.botId = c.botId();
    this.apiMethod = Columns.fit(c.method(), 64);
    this.chatId = c.chatId();
    this.threadId = c.threadId();
    this.category = Columns.fit(c.category() == null ? "other" : c.category(), 32);
    this.lane = Columns.fit(c.lane(), 16);
    this.attempt = c.attempt();
    this.httpStatus = c.httpStatus();
    this.errorCode = c.errorCode();
    this.description = Columns.fit(c.description(), 500);
    this.retryAfter = c.retryAfter();
    this.latencyMs = c.latencyMillis();
    this.requestBytes = c.requestBytes();
  }

  /** Inserts a row as JPA would, with the id left to the database ({@link #bindInsert}). */
  static final String INSERT =
      "INSERT INTO api_call (called_at, bot_id, api_method, chat_id, thread_id, category, lane,"
          + " attempt, http_status, error_code, description, retry_after, latency_ms, request_bytes)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  /** Binds this call to {@link #INSERT}. */
  void bindInsert(PreparedStatement insert) throws SQLException {
    int i = 0;
    setInstant(insert, ++i, calledAt);
    setLong(insert, ++i, botId);
    insert.setString(++i, apiMethod);
    setLong(insert, ++i, chatId);
    setLong(insert, ++i, threadId);
    insert.setString(++i, category);
    setString(insert, ++i, lane);
    insert.setInt(++i, attempt);
    insert.setInt(++i, httpStatus);
    setInteger(insert, ++i, errorCode);
    setString(insert, ++i, description);
    setInteger(insert, ++i, retryAfter);
    insert.setLong(++i, latencyMs);
    insert.setInt(++i, requestBytes);
  }

  /** The call no longer names its chat, nor says what Telegram answered about it. */
  void forgetChat() {
    this.chatId = null;
    this.description = null;
  }

  public long id() {
    return id;
  }

  public Instant calledAt() {
    return calledAt;
  }

  public Long botId() {
    return botId;
  }

  public String apiMethod() {
    return apiMethod;
  }

  public Long chatId() {
    return chatId;
  }

  public Long threadId() {
    return threadId;
  }

  public String category() {
    return category;
  }

  public String lane() {
    return lane;
  }

  public int attempt() {
    return attempt;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public Integer errorCode() {
    return errorCode;
  }

  public String description() {
    return description;
  }

  public Integer retryAfter() {
    return retryAfter;
  }

  public long latencyMs() {
    return latencyMs;
  }

  public int requestBytes() {
    return requestBytes;
  }
}
