package io.tgdesk.config;

import java.time.Duration;
import java.util.function.Function;

/**
 * How agents' files are kept, read once at start-up. Immutable.
 *
 * @param maxTotalBytes the most bytes of files kept in the database at once
 * @param keepSent how long a file's bytes are kept after Telegram has it
 */
public record FileSettings(long maxTotalBytes, Duration keepSent) {

  /** Builds the settings from raw values by key; a missing key takes its default. */
  public static FileSettings from(Function<String, String> rawByKey) {
    Function<Setting, String> v =
        s -> {
          String raw = rawByKey.apply(s.key());
          return raw == null ? s.defaultValue() : raw.trim();
        };
    return new FileSettings(
        Settings.between(Setting.FILES_MAX_TOTAL_MB, v, 1, 1_048_576) * 1024L * 1024L,
        Duration.ofSeconds(Settings.between(Setting.FILES_KEEP_SENT_SECONDS, v, 1, 31_536_000)));
  }
}
