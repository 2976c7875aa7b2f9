package io.tgdesk.telegram.bots;

import io.tgdesk.telegram.botapi.BotEndpoint;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.net.URI;
import java.time.Instant;

/** A bot registered with TgDesk. The token is a secret: only {@link #endpoint()} hands it on. */
@Entity
@Table(name = "bot")
public class Bot {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  private String name;

  private String token;

  @Column(name = "telegram_bot_id")
  private Long telegramBotId;

  private String username;

  @Enumerated(EnumType.STRING)
  private BotMode mode;

  @Column(name = "webhook_secret")
  private String webhookSecret;

  @Column(name = "api_base_url")
  private String apiBaseUrl;

  @Column(name = "poll_interval_seconds")
  private int pollIntervalSeconds;

  @Column(name = "poll_timeout_seconds")
  private int pollTimeoutSeconds;

  private boolean enabled = true;

  /** The highest update_id received by polling; the next getUpdates asks from this + 1. */
  @Column(name = "last_update_id")
  private Long lastUpdateId;

  @Column(name = "poll_status")
  private String pollStatus;

  @Column(name = "poll_error")
  private String pollError;

  @Column(name = "poll_error_at")
  private Instant pollErrorAt;

  @Column(name = "poll_failures")
  private int pollFailures;

  @Column(name = "last_polled_at")
  private Instant lastPolledAt;

  @Column(name = "created_at")
  private Instant createdAt;

  @Column(name = "updated_at")
  private Instant updatedAt;

  /**
   * Why TgDesk disabled the bot itself (e.g. Telegram answered 401); null when an admin did, or
   * enabled.
   */
  @Column(name = "disabled_reason")
  private String disabledReason;

  /** allow_paid_broadcast rate for the bulk lane, calls/s; 0 = off. */
  @Column(name = "paid_broadcast_per_second")
  private int paidBroadcastPerSecond;

  /** A bot-wide 429 pause: the delivery engine makes no call before this time, across restarts. */
  @Column(name = "paused_until")
  private Instant pausedUntil;

  /** The bot's own flood limit (messages per period); null: the default setting. */
  @Column(name = "flood_max_messages")
  private Integer floodMaxMessages;

  /** The bot's own flood period in seconds; null: the default setting. */
  @Column(name = "flood_period_seconds")
  private Integer floodPeriodSeconds;

  /**
   * The bot talks to a Local Bot API server (its apiBaseUrl): uploads of up to 2,000 MB instead of
   * the cloud Bot API's 50 MB (10 MB for a photo either way). Set by an admin, never guessed from
   * the URL: a proxy in front of the cloud API has a URL of its own too.
   */
  @Column(name = "local_bot_api")
  private boolean localBotApi;

  @Version private long version;

  protected Bot() {}

  public Bot(
      String name,
      String token,
      BotMode mode,
      String webhookSecret,
      URI apiBaseUrl,
      int pollIntervalSeconds,
      int pollTimeoutSeconds,
      Instant now) {
    this.name = name;
    this.token = token;
    this.mode = mode;
    this.webhookSecret = webhookSecret;
    this.apiBaseUrl = apiBaseUrl.toString();
    this.pollIntervalSeconds = pollIntervalSeconds;
    this.pollTimeoutSeconds = pollTimeoutSeconds;
    this.createdAt = now;
    this.updatedAt = now;
  }

  public BotId id() {
    return id == null ? null : BotId.of(id);
  }

  public String name() {
    return name;
  }

  /** Whether the bot talks to a Local Bot API server (larger uploads). */
  public boolean localBotApi() {
    return localBotApi;
  }

  public void changeLocalBotApi(boolean local) {
    this.localBotApi = local;
  }

  public BotEndpoint endpoint() {
    BotEndpoint endpoint = new BotEndpoint(URI.create(apiBaseUrl), token);
    return id == null ? endpoint : endpoint.forBot(id);
  }

  public String maskedToken() {
    return io.tgdesk.telegram.botapi.TokenMask.mask(token);
  }

  public boolean hasToken(String candidate) {
    return token.equals(candidate);
  }

  public Long telegramBotId() {
    return telegramBotId;
  }

  public String username() {
    return username;
  }

  public BotMode mode() {
    return mode;
  }

  public String webhookSecret() {
    return webhookSecret;
  }

  public URI apiBaseUrl() {
    return URI.create(apiBaseUrl);
  }

  public int pollIntervalSeconds() {
    return pollIntervalSeconds;
  }

  public int pollTimeoutSeconds() {
    return pollTimeoutSeconds;
  }

  public boolean enabled() {
    return enabled;
  }

  public Long lastUpdateId() {
    return lastUpdateId;
  }

  public String pollStatus() {
    return pollStatus;
  }

  public String pollError() {
    return pollError;
  }

  public Instant pollErrorAt() {
    return pollErrorAt;
  }

  public int pollFailures() {
    return pollFailures;
  }

  public Instant lastPolledAt() {
    return lastPolledAt;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant updatedAt() {
    return updatedAt;
  }

  void identify(long telegramBotId, String username) {
    this.telegramBotId = telegramBotId;
    this.username = username;
  }

  void rename(String name) {
    this.name = name;
  }

  void replaceToken(String token) {
    this.token = token;
  }

  void changeMode(BotMode mode) {
    this.mode = mode;
  }

  void changeWebhookSecret(String secret) {
    this.webhookSecret = secret;
  }

  void changeApiBaseUrl(URI url) {
    this.apiBaseUrl = url.toString();
  }

  void changePolling(int intervalSeconds, int timeoutSeconds) {
    this.pollIntervalSeconds = intervalSeconds;
    this.pollTimeoutSeconds = timeoutSeconds;
  }

  void enable(boolean enabled) {
    this.enabled = enabled;
    if (enabled) {
      this.disabledReason = null;
    }
  }

  /** Turned off by TgDesk itself (e.g. Telegram answered 401), with the reason for the admin. */
  void disable(String reason, Instant now) {
    this.enabled = false;
    this.disabledReason = reason.length() > 500 ? reason.substring(0, 500) : reason;
    this.updatedAt = now;
  }

  void touch(Instant now) {
    this.updatedAt = now;
  }

  public String disabledReason() {
    return disabledReason;
  }

  public int paidBroadcastPerSecond() {
    return paidBroadcastPerSecond;
  }

  /** The bot-wide 429 pause last written by the delivery engine; null or past when none. */
  public Instant pausedUntil() {
    return pausedUntil;
  }

  void changePaidBroadcast(int perSecond) {
    this.paidBroadcastPerSecond = perSecond;
  }

  public Integer floodMaxMessages() {
    return floodMaxMessages;
  }

  public Integer floodPeriodSeconds() {
    return floodPeriodSeconds;
  }

  /** Sets the bot's own flood limit; a null value keeps the current one. */
  void changeFloodLimit(Integer maxMessages, Integer periodSeconds) {
    if (maxMessages != null) this.floodMaxMessages = maxMessages;
    if (periodSeconds != null) this.floodPeriodSeconds = periodSeconds;
  }
}
