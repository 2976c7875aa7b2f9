package io.tgdesk.telegram.bots;

import java.time.Instant;

/**
 * A bot as admins see it: never the whole token, never the webhook secret. {@code floodMaxMessages}
 * and {@code floodPeriodSeconds} are the bot's own flood limit, null where it uses the default.
 */
public record BotView(
    long id,
    String name,
    String mode,
    String username,
    Long telegramBotId,
    String token,
    String apiBaseUrl,
    String webhookUrl,
    int pollIntervalSeconds,
    int pollTimeoutSeconds,
    boolean enabled,
    String disabledReason,
    int paidBroadcastPerSecond,
    Integer floodMaxMessages,
    Integer floodPeriodSeconds,
    boolean localBotApi,
    PollingView polling,
    Instant createdAt,
    Instant updatedAt) {

  /** The state of long polling, for polling bots. */
  public record PollingView(
      String status,
      Long lastUpdateId,
      String lastError,
      Instant lastErrorAt,
      int consecutiveFailures,
      Instant lastPolledAt) {}

  public static BotView of(Bot bot, String webhookUrl) {
    PollingView polling =
        bot.mode() == BotMode.POLLING
            ? new PollingView(
                bot.pollStatus(),
                bot.lastUpdateId(),
                bot.pollError(),
                bot.pollErrorAt(),
                bot.pollFailures(),
                bot.lastPolledAt())
            : null;
    return new BotView(
        bot.id().value(),
        bot.name(),
        bot.mode().wireName(),
        bot.username(),
        bot.telegramBotId(),
        bot.maskedToken(),
        bot.apiBaseUrl().toString(),
        webhookUrl,
        bot.pollIntervalSeconds(),
        bot.pollTimeoutSeconds(),
        bot.enabled(),
        bot.disabledReason(),
        bot.paidBroadcastPerSecond(),
        bot.floodMaxMessages(),
        bot.floodPeriodSeconds(),
        bot.localBotApi(),
        polling,
        bot.createdAt(),
        bot.updatedAt());
  }
}
