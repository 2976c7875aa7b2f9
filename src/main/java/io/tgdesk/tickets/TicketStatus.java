package io.tgdesk.tickets;

import java.util.Locale;

/** open -> pending (waiting on the customer) -> resolved -> closed. */
public enum TicketStatus {
  OPEN,
  PENDING,
  RESOLVED,
  CLOSED;

  /** Whether a new customer message joins this ticket (otherwise it opens a new one). */
  public boolean isActive() {
    return this == OPEN || this == PENDING;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static TicketStatus parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("status must be one of open, pending, resolved, closed");
    }
  }
}
