package io.tgdesk.tickets;

/** A Telegram chat id (64-bit; negative for groups). */
public record ChatId(long value) {
  @Override
  public String toString() {
    return Long.toString(value);
  }
}
