package io.tgdesk.config;

import io.tgdesk.backoff.Backoff;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The application's settings, read once at start-up. Immutable; safe to share between threads.
 *
 * @param production whether this is a production deployment (see {@link Setting#PRODUCTION})
 * @param publicBaseUrl the public address of the application, without a trailing slash
 */
public record Settings(
    boolean production,
    URI publicBaseUrl,
    String adminUser,
    String adminPassword,
    String agentUser,
    String agentPassword,
    String dbType,
    URI telegramApiBaseUrl,
    Duration telegramConnectTimeout,
    Duration telegramReadTimeout,
    int webhookMaxBodyBytes,
    int webhookMaxConnections,
    List<String> allowedUpdates,
    int intakeMaxAttempts,
    Duration intakeRetryBase,
    Duration intakeSweepInterval,
    Duration pollingInterval,
    int pollingTimeoutSeconds,
    Duration pollingMaxBackoff,
    String clusterNodeId,
    Duration clusterLease,
    boolean ticketStatusNotices,
    Duration ticketStatusNoticeWindow) {

  /** Builds the settings from raw values by key; a missing key takes its default. */
  public static Settings from(Function<String, String> rawByKey) {
    Function<Setting, String> v =
        s -> {
          String raw = rawByKey.apply(s.key());
          return raw == null ? s.defaultValue() : raw.trim();
        };
    return new Settings(
        Boolean.parseBoolean(v.apply(Setting.PRODUCTION)),
        URI.create(stripSlash(v.apply(Setting.PUBLIC_BASE_URL))),
        v.apply(Setting.ADMIN_USER),
        v.apply(Setting.ADMIN_PASSWORD),
        v.apply(Setting.AGENT_USER),
        v.apply(Setting.AGENT_PASSWORD),
        v.apply(Setting.DB_TYPE),
        URI.create(stripSlash(v.apply(Setting.TELEGRAM_API_BASE_URL))),
        Duration.ofMillis(positive(Setting.TELEGRAM_CONNECT_TIMEOUT_MS, v)),
        Duration.ofSeconds(positive(Setting.TELEGRAM_READ_TIMEOUT_SECONDS, v)),
        positive(Setting.WEBHOOK_MAX_BODY_BYTES, v),
        between(Setting.WEBHOOK_MAX_CONNECTIONS, v, 1, 100),
        Arrays.stream(v.apply(Setting.WEBHOOK_ALLOWED_UPDATES).split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .toList(),
        positive(Setting.INTAKE_MAX_ATTEMPTS, v),
        Duration.ofSeconds(positive(Setting.INTAKE_RETRY_BASE_SECONDS, v)),
        Duration.ofSeconds(positive(Setting.INTAKE_SWEEP_INTERVAL_SECONDS, v)),
        Duration.ofSeconds(between(Setting.POLLING_INTERVAL_SECONDS, v, 0, 3600)),
        between(Setting.POLLING_TIMEOUT_SECONDS, v, 0, 50),
        Duration.ofSeconds(positive(Setting.POLLING_MAX_BACKOFF_SECONDS, v)),
        nodeId(v.apply(Setting.CLUSTER_NODE_ID)),
        Duration.ofSeconds(between(Setting.CLUSTER_LEASE_SECONDS, v, 3, 600)),
        Boolean.parseBoolean(v.apply(Setting.TICKET_STATUS_NOTICES)),
        Duration.ofSeconds(between(Setting.TICKET_STATUS_NOTICE_WINDOW_SECONDS, v, 0, 3600)));
  }

  /**
   * When an intake item (a Telegram update, a Shopify delivery) that failed for the {@code
   * attempts}-th time is tried again: {@link #intakeRetryBase()} doubling per attempt, at most 15
   * minutes later; null once {@link #intakeMaxAttempts()} are spent (it stays failed for an admin).
   */
  public java.time.Instant intakeRetryAt(int attempts, java.time.Instant now) {
    if (attempts >= intakeMaxAttempts) {
      return null;
    }
    return now.plus(
        Backoff.of(intakeRetryBase, Duration.ofMinutes(15), Backoff.Jitter.NONE).delay(attempts));
  }

  /**
   * Whether the database is PostgreSQL, where a few writes and locks take forms Derby has not
   * (batch inserts with reserved ids, locks over an id array, key-share locks).
   */
  public boolean onPostgres() {
    return "postgres".equals(dbType);
  }

  /** The effective values by key, secrets masked: what the admin settings view shows. */
  public static Map<String, String> describe(Function<String, String> rawByKey) {
    var out = new java.util.LinkedHashMap<String, String>();
    for (Setting s : Setting.values()) {
      String raw = rawByKey.apply(s.key());
      String value = raw == null ? s.defaultValue() : raw;
      out.put(s.key(), s.secret() ? "********" : value);
    }
    return out;
  }

  /** The configured node id, or host name and Liberty server name, cut to 64 characters. */
  private static String nodeId(String configured) {
    String id = configured;
    if (id.isBlank()) {
      String host;
      try {
        host = java.net.InetAddress.getLocalHost().getHostName();
      } catch (java.io.IOException e) {
        host = "localhost";
      }
      id = host + "/" + System.getProperty("wlp.server.name", "tgdesk");
    }
    return id.length() > 64 ? id.substring(0, 64) : id;
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static int positive(Setting s, Function<Setting, String> v) {
    return between(s, v, 1, Integer.MAX_VALUE);
  }

  static int between(Setting s, Function<Setting, String> v, int min, int max) {
    String raw = v.apply(s);
    int value;
    try {
      value = Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Setting "
              + s.key()
              + " ("
              + s.environmentName()
              + ") must be a whole number, not '"
              + raw
              + "'");
    }
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          "Setting "
              + s.key()
              + " ("
              + s.environmentName()
              + ") must be between "
              + min
              + " and "
              + max
              + ", not "
              + value);
    }
    return value;
  }
}
