package io.tgdesk.telegram.botapi;

/**
 * A Bot API call that did not succeed. Messages never contain the token.
 *
 * <ul>
 *   <li>{@link TelegramError}: Telegram answered with {@code ok=false} (or a non-JSON error page):
 *       it has an error code, a description and maybe {@code retry_after} / {@code
 *       migrate_to_chat_id}.
 *   <li>{@link Unreachable}: no answer. {@link Unreachable#mayHaveBeenDelivered()} tells whether
 *       the request may have reached Telegram (timeout after writing) or surely did not (refused).
 *   <li>{@link UnexpectedAnswer}: an answer that is not a usable Bot API answer (not JSON, not the
 *       envelope, no or a wrongly shaped {@code result}, larger than the read limit). A Bot API
 *       server other than Telegram's may answer so.
 * </ul>
 */
public abstract sealed class BotApiException extends RuntimeException
    permits BotApiException.TelegramError,
        BotApiException.Unreachable,
        BotApiException.UnexpectedAnswer {

  protected BotApiException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Telegram's own error answer. */
  public static final class TelegramError extends BotApiException {
    private final String method;
    private final int errorCode;
    private final String description;
    private final Integer retryAfter;
    private final Long migrateToChatId;

    public TelegramError(
        String method,
        int errorCode,
        String description,
        Integer retryAfter,
        Long migrateToChatId) {
      super(method + " failed: " + errorCode + " " + description, null);
      this.method = method;
      this.errorCode = errorCode;
      this.description = description;
      this.retryAfter = retryAfter;
      this.migrateToChatId = migrateToChatId;
    }

    public String method() {
      return method;
    }

    public int errorCode() {
      return errorCode;
    }

    public String description() {
      return description;
    }

    /** Seconds to wait before the next call to the limited scope, when Telegram said so. */
    public Integer retryAfter() {
      return retryAfter;
    }

    public Long migrateToChatId() {
      return migrateToChatId;
    }
  }

  /** No answer from the Bot API (connection refused, reset, timed out). */
  public static final class Unreachable extends BotApiException {
    private final String method;
    private final boolean mayHaveBeenDelivered;

    public Unreachable(
        String method, String message, boolean mayHaveBeenDelivered, Throwable cause) {
      super(method + " got no answer: " + message, cause);
      this.method = method;
      this.mayHaveBeenDelivered = mayHaveBeenDelivered;
    }

    public String method() {
      return method;
    }

    /** True when the request may have been written before the failure (e.g. a read timeout). */
    public boolean mayHaveBeenDelivered() {
      return mayHaveBeenDelivered;
    }
  }

  /**
   * An answer that is no usable Bot API answer. {@link #mayHaveBeenDelivered()} is true when the
   * HTTP status said success (the call may have had its effect), so that a send is not simply
   * repeated.
   */
  public static final class UnexpectedAnswer extends BotApiException {
    private final String method;
    private final int httpStatus;
    private final String reason;

    public UnexpectedAnswer(String method, int httpStatus, String reason) {
      super(method + " answered unexpectedly (HTTP " + httpStatus + "): " + reason, null);
      this.method = method;
      this.httpStatus = httpStatus;
      this.reason = reason;
    }

    public String method() {
      return method;
    }

    public int httpStatus() {
      return httpStatus;
    }

    /** What was wrong with the answer, e.g. {@code ok without a result}. */
    public String reason() {
      return reason;
    }

    public boolean mayHaveBeenDelivered() {
      return httpStatus >= 200 && httpStatus < 300;
    }
  }
}
