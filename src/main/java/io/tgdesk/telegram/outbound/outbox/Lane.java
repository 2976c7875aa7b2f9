package io.tgdesk.telegram.outbound.outbox;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Priority of a call: answers to button presses first (outside every limit and order, see {@link
 * #ANSWER}), then agent replies, then notices, then bulk (only what the bot budget leaves), then
 * chat actions ("typing...", only what bulk leaves). Entries store the ordinal: new lanes are added
 * at the end, and {@link #priority()} orders them.
 */
public enum Lane {
  AGENT_REPLY(1, null),
  NOTICE(2, null),
  BULK(3, null),
  /**
   * answerCallbackQuery: it stops the spinner on the button the customer pressed. It has no chat
   * (Telegram counts it against no chat's limit) and is no message (it books no slot of the bot
   * budget, which bulk may fill), so it waits for nothing but a bot-wide 429 pause or an open
   * circuit breaker, and goes out beside the chat's queued messages. Telegram accepts an answer
   * only for a short time after the press, so one that could not go within {@link #maxAge()} is
   * dropped rather than sent late.
   */
  ANSWER(0, Duration.ofSeconds(120)),
  /**
   * Chat actions ("typing..."): the lowest priority, dropped when stale (a status shown 5 s late
   * says nothing), and cancelled when a message for the chat is queued behind it.
   */
  TYPING(4, Duration.ofSeconds(4));

  private final int priority;
  private final Duration maxAge;

  Lane(int priority, Duration maxAge) {
    this.priority = priority;
    this.maxAge = maxAge;
  }

  /** Lower goes first. */
  public int priority() {
    return priority;
  }

  /**
   * How long after it was enqueued a call of this lane may still be sent; after that it is
   * cancelled as stale. Empty: no limit.
   */
  public Optional<Duration> maxAge() {
    return Optional.ofNullable(maxAge);
  }

  /** Whether calls of this lane go outside the bot budget and the order of their chat. */
  public boolean unordered() {
    return this == ANSWER;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * The lane a request names: agent-reply, notice or bulk (the lanes of answers and chat actions
   * are TgDesk's own).
   */
  public static Lane parse(String value) {
    for (Lane l : new Lane[] {AGENT_REPLY, NOTICE, BULK}) {
      if (l.wireName().equals(value) || l.name().equalsIgnoreCase(value)) {
        return l;
      }
    }
    throw new IllegalArgumentException("lane must be one of agent-reply, notice, bulk");
  }
}
