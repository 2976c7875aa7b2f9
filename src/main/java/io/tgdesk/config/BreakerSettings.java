package io.tgdesk.config;

import java.time.Duration;
import java.util.function.Function;

/**
 * The per-bot circuit breaker of the delivery engine, read once at start-up. Immutable.
 *
 * @param failures the breaker opens when this many of the last {@code calls} calls failed (5xx or
 *     no answer), 1 to {@code calls}
 * @param calls how many of the latest calls the breaker counts, 1 to 1,000
 * @param delay how long an open breaker lets no call through before one probe call
 */
public record BreakerSettings(int failures, int calls, Duration delay) {

  public BreakerSettings {
    if (failures < 1 || failures > calls) {
      throw new IllegalArgumentException(
          Setting.DELIVERY_BREAKER_FAILURES.key()
              + " must be between 1 and "
              + Setting.DELIVERY_BREAKER_CALLS.key()
              + " ("
              + calls
              + "), not "
              + failures);
    }
  }

  /** Builds the settings from raw values by key; a missing key takes its default. */
  public static BreakerSettings from(Function<String, String> rawByKey) {
    Function<Setting, String> v =
        s -> {
          String raw = rawByKey.apply(s.key());
          return raw == null ? s.defaultValue() : raw.trim();
        };
    return new BreakerSettings(
        Settings.between(Setting.DELIVERY_BREAKER_FAILURES, v, 1, 1000),
        Settings.between(Setting.DELIVERY_BREAKER_CALLS, v, 1, 1000),
        Duration.ofSeconds(Settings.between(Setting.DELIVERY_BREAKER_DELAY_SECONDS, v, 1, 3600)));
  }

  /** The rule in words, for logs and the cause report. */
  public String describe() {
    return "opens after "
        + failures
        + " failures (5xx or no answer) in "
        + calls
        + " calls, probes after "
        + delay.toSeconds()
        + " s";
  }
}
