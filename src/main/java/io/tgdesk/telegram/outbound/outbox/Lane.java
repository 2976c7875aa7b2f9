package io.tgdesk.telegram.outbound.outbox;

import java.util.Locale;

/**
 * Priority of a call: agent replies first, then notices, then bulk (only what the bot budget
 * leaves).
 */
public enum Lane {
  AGENT_REPLY,
  NOTICE,
  BULK;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static Lane parse(String value) {
    for (Lane l : values()) {
      if (l.wireName().equals(value) || l.name().equalsIgnoreCase(value)) {
        return l;
      }
    }
    throw new IllegalArgumentException("lane must be one of agent-reply, notice, bulk");
  }
}
