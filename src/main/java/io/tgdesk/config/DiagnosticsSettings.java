package io.tgdesk.config;

import java.time.Duration;
import java.util.function.Function;

/**
 * Settings of the diagnostics (call audit, 429 clusters, hidden traffic, webhook checks), read once
 * at start-up. Immutable.
 *
 * @param auditRetention how long audited calls, webhook checks and circuit breaker changes are kept
 * @param retentionBatchSize rows the retention deletes per transaction
 * @param auditBufferSize audited calls held in memory before they are written
 * @param clusterSize 429 answers within {@code clusterWindow} that make a cluster, 2 or more
 * @param hiddenTrafficPercent share of a bot's calls above which a non-delivery category is hidden
 *     traffic
 */
public record DiagnosticsSettings(
    Duration auditRetention,
    int retentionBatchSize,
    int auditBufferSize,
    int clusterSize,
    Duration clusterWindow,
    int hiddenTrafficPercent,
    Duration webhookCheckInterval) {

  /** Builds the settings from raw values by key; a missing key takes its default. */
  public static DiagnosticsSettings from(Function<String, String> rawByKey) {
    Function<Setting, String> v =
        s -> {
          String raw = rawByKey.apply(s.key());
          return raw == null ? s.defaultValue() : raw.trim();
        };
    return new DiagnosticsSettings(
        Duration.ofHours(Settings.between(Setting.DIAGNOSTICS_AUDIT_RETENTION_HOURS, v, 1, 87600)),
        Settings.between(Setting.DIAGNOSTICS_RETENTION_BATCH_SIZE, v, 10, 100_000),
        Settings.between(Setting.DIAGNOSTICS_AUDIT_BUFFER_SIZE, v, 100, 10_000_000),
        Settings.between(Setting.DIAGNOSTICS_CLUSTER_SIZE, v, 2, 10_000),
        Duration.ofSeconds(
            Settings.between(Setting.DIAGNOSTICS_CLUSTER_WINDOW_SECONDS, v, 1, 86_400)),
        Settings.between(Setting.DIAGNOSTICS_HIDDEN_TRAFFIC_PERCENT, v, 1, 100),
        Duration.ofSeconds(
            Settings.between(Setting.DIAGNOSTICS_WEBHOOK_CHECK_INTERVAL_SECONDS, v, 10, 86_400)));
  }
}
