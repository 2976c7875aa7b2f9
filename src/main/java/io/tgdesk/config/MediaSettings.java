package io.tgdesk.config;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * Settings of customers' files that agents open through TgDesk, read once at start-up. Immutable.
 *
 * @param cacheDir where downloaded files are kept
 * @param cacheMaxBytes the most bytes the cache keeps; 0 keeps nothing
 */
public record MediaSettings(Path cacheDir, long cacheMaxBytes) {

  /** Builds the settings from raw values by key; a missing key takes its default. */
  public static MediaSettings from(Function<String, String> rawByKey) {
    Function<Setting, String> v =
        s -> {
          String raw = rawByKey.apply(s.key());
          return raw == null ? s.defaultValue() : raw.trim();
        };
    String dir = v.apply(Setting.MEDIA_CACHE_DIR);
    long max;
    try {
      max = Long.parseLong(v.apply(Setting.MEDIA_CACHE_MAX_BYTES));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          Setting.MEDIA_CACHE_MAX_BYTES.key() + " is not a whole number of bytes", e);
    }
    if (max < 0) {
      throw new IllegalArgumentException(Setting.MEDIA_CACHE_MAX_BYTES.key() + " is negative");
    }
    return new MediaSettings(dir.isEmpty() ? defaultDir() : Path.of(dir), max);
  }

  /** media-cache under the Liberty server's output directory (else the temporary directory). */
  private static Path defaultDir() {
    String output = System.getProperty("server.output.dir");
    return output == null || output.isBlank()
        ? Path.of(System.getProperty("java.io.tmpdir"), "tgdesk-media-cache")
        : Path.of(output, "media-cache");
  }
}
