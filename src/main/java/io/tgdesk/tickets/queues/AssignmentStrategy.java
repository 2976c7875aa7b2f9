package io.tgdesk.tickets.queues;

import java.util.Locale;

/**
 * How a queue assigns its new tickets: not at all (agents pick them), in turn over its online
 * members, or to the online member with the fewest active (open or pending) tickets.
 */
public enum AssignmentStrategy {
  MANUAL,
  ROUND_ROBIN,
  LEAST_OPEN;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static AssignmentStrategy parse(String value) {
    for (AssignmentStrategy s : values()) {
      if (s.wireName().equals(value)) {
        return s;
      }
    }
    throw new IllegalArgumentException("must be one of manual, round-robin, least-open");
  }
}
