package io.tgdesk.agents;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The text of one mirrored message that carries several consecutive customer texts: each after its
 * time (UTC, to the second), in their order, then the count. Pure; thread-safe.
 */
final class CombinedText {

  /** One customer text and when it was written. */
  record Part(Instant at, String text) {}

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private CombinedText() {}

  /**
   * For example {@code "[10:41:02] Hello?\n[10:41:05] Anyone there?\n(2 messages)"}. May be longer
   * than Telegram's 4096 characters: the caller checks.
   */
  static String of(List<Part> parts) {
    StringBuilder b = new StringBuilder();
    for (Part p : parts) {
      b.append('[').append(TIME.format(p.at())).append("] ").append(p.text()).append('\n');
    }
    return b.append('(').append(parts.size()).append(" messages)").toString();
  }
}
