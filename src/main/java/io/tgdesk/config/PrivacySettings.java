package io.tgdesk.config;

import java.time.Duration;
import java.util.function.Function;

/**
 * Settings of customers' data: the retention of closed tickets' content and the batch size of
 * erasures, read once at start-up. Immutable.
 *
 * @param retention how long a closed ticket keeps its content; {@link Duration#ZERO}: for ever
 * @param batchSize rows an erasure or the retention erases per transaction
 */
public record PrivacySettings(Duration retention, int batchSize) {

  /** Builds the settings from raw values by key; a missing key takes its default. */
  public static PrivacySettings from(Function<String, String> rawByKey) {
    Function<Setting, String> v =
        s -> {
          String raw = rawByKey.apply(s.key());
          return raw == null ? s.defaultValue() : raw.trim();
        };
    return new PrivacySettings(
        Duration.ofDays(Settings.between(Setting.CUSTOMERS_RETENTION_DAYS, v, 0, 36_500)),
        Settings.between(Setting.CUSTOMERS_ERASURE_BATCH_SIZE, v, 1, 10_000));
  }

  /** Whether the retention runs at all. */
  public boolean retains() {
    return !retention.isZero();
  }
}
