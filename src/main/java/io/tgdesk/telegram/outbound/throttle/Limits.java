package io.tgdesk.telegram.outbound.throttle;

import java.time.Duration;

/**
 * The limits a bot's calls are held to. Defaults follow Telegram's guidance: 30 calls/s for the
 * bot, 1/s per private chat, 20/min and 1/s per group, 20 edits/min per group.
 *
 * @param botPerSecond calls per second for the whole bot (free budget)
 * @param paidPerSecond calls per second with allow_paid_broadcast (0: paid broadcast off; at most
 *     1000)
 * @param privateSpacing least time between two messages to one private chat
 * @param groupPerMinute messages per sliding minute to one group
 * @param groupSpacing least time between two messages to one group
 * @param groupEditsPerMinute edits per sliding minute in one group
 * @param retryMargin added to every retry_after before the scope is called again
 */
public record Limits(
    int botPerSecond,
    int paidPerSecond,
    Duration privateSpacing,
    int groupPerMinute,
    Duration groupSpacing,
    int groupEditsPerMinute,
    Duration retryMargin) {

  public Limits {
    if (botPerSecond < 1) throw new IllegalArgumentException("botPerSecond must be at least 1");
    if (paidPerSecond < 0 || paidPerSecond > 1000)
      throw new IllegalArgumentException("paidPerSecond must be 0-1000");
    if (groupPerMinute < 1 || groupEditsPerMinute < 1)
      throw new IllegalArgumentException("group limits must be at least 1");
  }

  public static Limits telegramDefaults() {
    return new Limits(
        30, 0, Duration.ofSeconds(1), 20, Duration.ofSeconds(1), 20, Duration.ofMillis(500));
  }

  public Limits withPaidPerSecond(int perSecond) {
    return new Limits(
        botPerSecond,
        perSecond,
        privateSpacing,
        groupPerMinute,
        groupSpacing,
        groupEditsPerMinute,
        retryMargin);
  }
}
