package io.tgdesk.config;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;

/**
 * Settings of the delivery engine, read once at start-up. Immutable.
 *
 * @param followUpRetry how often effects of a sent call that failed (see {@code FollowUps}) are
 *     retried
 * @param uncertainAgentReply what happens to an agent reply whose call may have reached Telegram
 *     when its server failed
 * @param uncertainNotice the same for notices
 * @param uncertainBulk the same for bulk messages
 */
public record DeliverySettings(
    Duration followUpRetry,
    UncertainSends uncertainAgentReply,
    UncertainSends uncertainNotice,
    UncertainSends uncertainBulk) {

  /**
   * What a lane does with a send that may have reached Telegram when its server failed (Telegram
   * has no idempotency key, so it cannot be asked).
   */
  public enum UncertainSends {
    /**
     * Sent again once the bot's new owner takes over: at-least-once, a duplicate only for a call
     * that did reach Telegram, so at most the calls in flight at the failure.
     */
    RESEND,
    /** Kept UNCERTAIN until an admin retries or cancels it: at-most-once. */
    HOLD;

    static UncertainSends parse(Setting s, String raw) {
      try {
        return valueOf(raw.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "Setting "
                + s.key()
                + " ("
                + s.environmentName()
                + ") must be resend or hold, not '"
                + raw
                + "'");
      }
    }
  }

  /** Builds the settings from raw values by key; a missing key takes its default. */
  public static DeliverySettings from(Function<String, String> rawByKey) {
    Function<Setting, String> v =
        s -> {
          String raw = rawByKey.apply(s.key());
          return raw == null ? s.defaultValue() : raw.trim();
        };
    return new DeliverySettings(
        Duration.ofSeconds(Settings.between(Setting.DELIVERY_FOLLOW_UP_RETRY_SECONDS, v, 1, 3600)),
        UncertainSends.parse(
            Setting.DELIVERY_UNCERTAIN_AGENT_REPLY,
            v.apply(Setting.DELIVERY_UNCERTAIN_AGENT_REPLY)),
        UncertainSends.parse(
            Setting.DELIVERY_UNCERTAIN_NOTICE, v.apply(Setting.DELIVERY_UNCERTAIN_NOTICE)),
        UncertainSends.parse(
            Setting.DELIVERY_UNCERTAIN_BULK, v.apply(Setting.DELIVERY_UNCERTAIN_BULK)));
  }

  /**
   * The policy of a lane by its wire name ({@code agent-reply}, {@code notice}, {@code bulk}); an
   * unknown lane holds.
   */
  public UncertainSends uncertainSends(String laneWireName) {
    return switch (laneWireName) {
      case "agent-reply" -> uncertainAgentReply;
      case "notice" -> uncertainNotice;
      case "bulk" -> uncertainBulk;
      default -> UncertainSends.HOLD;
    };
  }
}
