package io.tgdesk.telegram.bots;

import java.util.Locale;

/** How a bot receives updates. */
public enum BotMode {
  WEBHOOK,
  POLLING;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static BotMode parse(String value) {
    return switch (value == null ? "" : value.trim().toLowerCase(Locale.ROOT)) {
      case "webhook" -> WEBHOOK;
      case "polling" -> POLLING;
      default -> throw new IllegalArgumentException("mode must be \"webhook\" or \"polling\"");
    };
  }
}
