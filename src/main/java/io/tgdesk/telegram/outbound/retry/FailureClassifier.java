package io.tgdesk.telegram.outbound.retry;

import io.tgdesk.telegram.botapi.BotApiException;
import java.util.Locale;

/** Turns a failed Bot API call into a {@link Decision}, per Telegram's documented answers. */
public final class FailureClassifier {

  private FailureClassifier() {}

  /**
   * @param idempotent whether repeating the call cannot show the customer anything twice (edits,
   *     deletes, chat actions, topic changes): then an unanswered request is simply retried
   */
  public static Decision classify(BotApiException failure, boolean idempotent) {
    if (failure instanceof BotApiException.Unreachable u) {
      if (u.mayHaveBeenDelivered() && !idempotent) {
        return new Decision.Uncertain(u.getMessage());
      }
      return new Decision.Transient(0, u.getMessage());
    }
    if (failure instanceof BotApiException.UnexpectedAnswer a) {
      // A success status with an unusable body: the call may well have had its effect.
      if (a.mayHaveBeenDelivered() && !idempotent) {
        return new Decision.Uncertain(a.getMessage());
      }
      return new Decision.Transient(a.mayHaveBeenDelivered() ? 0 : a.httpStatus(), a.getMessage());
    }
    BotApiException.TelegramError e = (BotApiException.TelegramError) failure;
    String d = e.description() == null ? "" : e.description();
    String lower = d.toLowerCase(Locale.ROOT);
    int code = e.errorCode();
    if (code == 429) {
      return new Decision.RateLimited(Decision.seconds(e.retryAfter()), d);
    }
    if (e.migrateToChatId() != null) {
      return new Decision.ChatMigrated(e.migrateToChatId());
    }
    if (code == 401) {
      return new Decision.BotUnauthorized(d);
    }
    if (code == 403) {
      return new Decision.ChatUnreachable(d);
    }
    if (code >= 500 || code == 409 && lower.contains("restart")) {
      return new Decision.Transient(code, d);
    }
    if (code == 400) {
      // An edit, close or reopen that asks for what already is: the wanted state is reached.
      if (lower.contains("message is not modified") || lower.contains("topic_not_modified")) {
        return new Decision.AlreadyDone(d);
      }
      if (lower.contains("message thread not found")) {
        return new Decision.ThreadNotFound(d);
      }
      if (lower.contains("topic_closed")) {
        return new Decision.TopicClosed(d);
      }
    }
    return new Decision.Permanent(code, d);
  }
}
