package io.tgdesk.telegram.bots;

import io.tgdesk.telegram.botapi.BotApiException;
import io.tgdesk.web.ProblemException;

/**
 * What a failed Bot API call made for an API request means to its caller, by class: Telegram's own
 * refusal (400, 403) is 422 with Telegram's description, since the caller can act on it; a server
 * error, a network failure or an answer of an unexpected shape is 502 saying which. Raw network
 * errors ("Connection refused", host names) never reach the answer: they stay in the log and the
 * call audit, so that the API is no port scanner. Descriptions are already redacted by the client.
 */
public final class BotApiProblems {

  private BotApiProblems() {}

  /**
   * @param method the Bot API method that failed, e.g. {@code getChat}
   * @param refusalAdvice what the caller can do about a 400 or 403, appended to Telegram's
   *     description (may be empty)
   */
  public static ProblemException of(String method, BotApiException e, String refusalAdvice) {
    String advice = refusalAdvice == null || refusalAdvice.isBlank() ? "" : " " + refusalAdvice;
    if (e instanceof BotApiException.TelegramError te) {
      int code = te.errorCode();
      if (code == 401) {
        return ProblemException.unprocessable(
            "Telegram rejected the bot's token ("
                + method
                + " answered 401 "
                + te.description()
                + "): register the new token from @BotFather with PATCH.");
      }
      if (code == 400 || code == 403) {
        return ProblemException.unprocessable(
            "Telegram refused " + method + ": " + code + " " + te.description() + "." + advice);
      }
      return new ProblemException(
          502,
          "Bot API error",
          method + " failed at the Bot API: " + code + " " + te.description() + ".");
    }
    if (e instanceof BotApiException.UnexpectedAnswer ua) {
      return new ProblemException(
          502,
          "Bot API answer not understood",
          method + " answered in an unexpected shape: " + ua.reason() + ".");
    }
    return new ProblemException(
        502,
        "Bot API unreachable",
        method + " got no answer from the Bot API (see the call audit for the network error).");
  }
}
