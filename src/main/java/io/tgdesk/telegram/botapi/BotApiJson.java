package io.tgdesk.telegram.botapi;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.config.PropertyNamingStrategy;

/** The JSON-B instance for Bot API payloads: snake_case names, nulls left out. Thread-safe. */
public final class BotApiJson {

  private static final Jsonb JSONB =
      JsonbBuilder.create(
          new JsonbConfig()
              .withPropertyNamingStrategy(PropertyNamingStrategy.LOWER_CASE_WITH_UNDERSCORES)
              .withNullValues(false));

  private BotApiJson() {}

  public static Jsonb jsonb() {
    return JSONB;
  }
}
