package io.tgdesk.telegram.outbound.retry;

import java.time.Duration;

/** The classified outcome of a failed call. */
public sealed interface Decision {

  /** Counts as delivered (e.g. "message is not modified": the edit is already there). */
  record AlreadyDone(String why) implements Decision {}

  /** 429: wait exactly retry_after for the limited scope, then send again; not a failed attempt. */
  record RateLimited(Duration retryAfter, String description) implements Decision {}

  /** Transient (5xx, refused connection): back off and try again. */
  record Transient(int code, String description) implements Decision {}

  /** The request was written but no answer came: it may have been delivered. */
  record Uncertain(String description) implements Decision {}

  /** 403: the chat cannot be reached any more (blocked, kicked, deleted). */
  record ChatUnreachable(String description) implements Decision {}

  /** 401: the bot's token is no longer valid. */
  record BotUnauthorized(String description) implements Decision {}

  /** The group became a supergroup: resend to the new chat id. */
  record ChatMigrated(long newChatId) implements Decision {}

  /** The forum topic was deleted. */
  record ThreadNotFound(String description) implements Decision {}

  /**
   * The forum topic was deleted and the engine created a new one for it (now, or for an earlier
   * call): the entry and every pending entry of the old topic move to {@code newThreadId} and are
   * sent there.
   */
  record TopicRecreated(long newThreadId, String description) implements Decision {}

  /** The forum topic is closed. */
  record TopicClosed(String description) implements Decision {}

  /** Anything else Telegram refused: do not retry. */
  record Permanent(int code, String description) implements Decision {}

  /** The retry_after of a 429, as a duration. */
  static Duration seconds(Integer s) {
    return Duration.ofSeconds(s == null ? 1 : Math.max(1, s));
  }
}
