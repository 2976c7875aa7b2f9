package io.tgdesk.diagnostics;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One getWebhookInfo answer for a webhook bot, with the alerts it raised (table webhook_check). */
@Entity
@Table(name = "webhook_check")
public class WebhookCheck {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "bot_id")
  private long botId;

  @Column(name = "checked_at")
  private Instant checkedAt;

  @Column(name = "expected_url")
  private String expectedUrl;

  private String url;

  @Column(name = "pending_update_count")
  private Integer pendingUpdateCount;

  @Column(name = "last_error_date")
  private Instant lastErrorDate;

  @Column(name = "last_error_message")
  private String lastErrorMessage;

  @Column(name = "max_connections")
  private Integer maxConnections;

  @Column(name = "check_error")
  private String checkError;

  /** Comma-separated alert names (url-mismatch, recent-error, pending-growing, check-failed). */
  private String alerts;

  protected WebhookCheck() {}

  WebhookCheck(
      long botId,
      Instant checkedAt,
      String expectedUrl,
      String url,
      Integer pendingUpdateCount,
      Instant lastErrorDate,
      String lastErrorMessage,
      Integer maxConnections,
      String checkError,
      String alerts) {
    this.botId = botId;
    this.checkedAt = checkedAt;
    this.expectedUrl = cut(expectedUrl);
    this.url = cut(url);
    this.pendingUpdateCount = pendingUpdateCount;
    this.lastErrorDate = lastErrorDate;
    this.lastErrorMessage = cut(lastErrorMessage);
    this.maxConnections = maxConnections;
    this.checkError = cut(checkError);
    this.alerts = cut(alerts);
  }

  private static String cut(String s) {
    return s == null || s.length() <= 500 ? s : s.substring(0, 500);
  }

  public long id() {
    return id;
  }

  public long botId() {
    return botId;
  }

  public Instant checkedAt() {
    return checkedAt;
  }

  public String expectedUrl() {
    return expectedUrl;
  }

  public String url() {
    return url;
  }

  public Integer pendingUpdateCount() {
    return pendingUpdateCount;
  }

  public Instant lastErrorDate() {
    return lastErrorDate;
  }

  public String lastErrorMessage() {
    return lastErrorMessage;
  }

  public Integer maxConnections() {
    return maxConnections;
  }

  public String checkError() {
    return checkError;
  }

  public String alerts() {
    return alerts;
  }
}
