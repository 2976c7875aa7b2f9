package io.tgdesk.tickets;

/** The id of a ticket. */
public record TicketId(long value) {
  @Override
  public String toString() {
    return Long.toString(value);
  }
}
