package io.tgdesk.telegram.bots;

/** The id of a registered bot (ours, not Telegram's). */
public record BotId(long value) {

  public static BotId of(long value) {
    return new BotId(value);
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
