package io.tgdesk.telegram.botapi;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.config.PropertyNamingStrategy;

/**
 * The JSON-B instance for Bot API payloads: snake_case names, nulls left out, whole numbers read
 * exactly ({@link ExactNumbers}). Thread-safe.
 */
public final class BotApiJson {

  private static final Jsonb JSONB =
      JsonbBuilder.create(
          new JsonbConfig()
              .withPropertyNamingStrategy(PropertyNamingStrategy.LOWER_CASE_WITH_UNDERSCORES)
              .withNullValues(false)
              .withDeserializers(new ExactNumbers.Longs(), new ExactNumbers.Integers()));

  private BotApiJson() {}

  public static Jsonb jsonb() {
    return JSONB;
  }

  /**
   * The number, as written in the JSON, that made reading fail because it does not fit its whole
   * number field (a fraction, or out of range); null when the failure had another cause.
   */
  public static String inexactNumberIn(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ExactNumbers.NotExact n) {
        return n.text();
      }
    }
    return null;
  }
}
