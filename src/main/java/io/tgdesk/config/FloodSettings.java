package io.tgdesk.config;

import java.time.Duration;
import java.util.function.Function;

/**
 * The default flood limit of a bot's customers, read once at start-up; a bot may set its own.
 * Immutable.
 *
 * @param maxMessages more than this many messages of one customer within {@code period} is a flood,
 *     1 to 10,000
 * @param period the window of the limit, 1 s to 1 hour
 */
public record FloodSettings(int maxMessages, Duration period) {

  /** Builds the settings from raw values by key; a missing key takes its default. */
  public static FloodSettings from(Function<String, String> rawByKey) {
    Function<Setting, String> v =
        s -> {
          String raw = rawByKey.apply(s.key());
          return raw == null ? s.defaultValue() : raw.trim();
        };
    return new FloodSettings(
        Settings.between(Setting.INTAKE_FLOOD_MAX_MESSAGES, v, 1, 10_000),
        Duration.ofSeconds(Settings.between(Setting.INTAKE_FLOOD_PERIOD_SECONDS, v, 1, 3600)));
  }
}
