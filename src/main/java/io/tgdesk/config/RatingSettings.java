package io.tgdesk.config;

import java.time.Duration;
import java.util.function.Function;

/**
 * Satisfaction ratings, read once at start-up. Immutable.
 *
 * @param commentWindow how long after a rating the customer's next message is its comment (zero: no
 *     comments), 0 to 24 hours
 */
public record RatingSettings(Duration commentWindow) {

  /** Builds the settings from raw values by key; a missing key takes its default. */
  public static RatingSettings from(Function<String, String> rawByKey) {
    Function<Setting, String> v =
        s -> {
          String raw = rawByKey.apply(s.key());
          return raw == null ? s.defaultValue() : raw.trim();
        };
    return new RatingSettings(
        Duration.ofSeconds(Settings.between(Setting.RATINGS_COMMENT_WINDOW_SECONDS, v, 0, 86_400)));
  }
}
