package io.tgdesk.telegram.botapi;

import java.time.Instant;

/**
 * One Bot API call as it happened, handed to the client's listener after the call ended (answered
 * or not). Never carries the token: descriptions are redacted. Immutable.
 *
 * @param at when the request was started
 * @param botId our bot id if the endpoint knows it (null e.g. for getMe before registration)
 * @param method the Bot API method
 * @param httpStatus the HTTP status of the answer, 0 when there was no answer
 * @param errorCode Telegram's {@code error_code}, null for a successful call
 * @param description Telegram's description (or the transport failure), null for success
 * @param retryAfter {@code parameters.retry_after} of a 429, in seconds, else null
 * @param latencyMillis from the start of the request to the end of the answer (or the failure)
 * @param requestBytes size of the JSON request body in bytes (UTF-8)
 */
public record BotApiCall(
    Instant at,
    Long botId,
    String method,
    Long chatId,
    Long threadId,
    String category,
    String lane,
    int attempt,
    int httpStatus,
    Integer errorCode,
    String description,
    Integer retryAfter,
    long latencyMillis,
    int requestBytes) {

  /** Whether Telegram answered {@code ok=true}. */
  public boolean ok() {
    return errorCode == null && httpStatus > 0;
  }

  /**
   * Receives every call of a {@link BotApiClient} on the calling thread, after the call: it must
   * return quickly and not throw (a throw is logged and ignored).
   */
  @FunctionalInterface
  public interface Listener {
    void called(BotApiCall call);
  }
}
