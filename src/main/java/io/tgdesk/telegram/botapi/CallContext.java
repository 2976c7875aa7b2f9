package io.tgdesk.telegram.botapi;

/**
 * Who makes a Bot API call and why, as the call audit records it. Passed by the caller with the
 * call; the client never reads it except to hand it to its {@link BotApiCall} listener. Immutable.
 *
 * @param category the caller's purpose, e.g. {@code agent-reply}, {@code bulk}, {@code polling}
 * @param lane the delivery lane ({@code agent-reply}, {@code notice}, {@code bulk}), or null for
 *     calls outside the delivery engine
 * @param attempt 1 for a first attempt, 2 for the first retry, ...; 1 when unknown
 * @param chatId the chat the call is about, or null to take {@code chat_id} from the parameters
 * @param threadId the forum topic, or null to take {@code message_thread_id} from the parameters
 */
public record CallContext(String category, String lane, int attempt, Long chatId, Long threadId) {

  /** A call of a category outside the delivery engine; chat and topic come from the parameters. */
  public static CallContext of(String category) {
    return new CallContext(category, null, 1, null, null);
  }

  /**
   * The category of a call made without a context: what the method is used for in TgDesk, e.g.
   * getUpdates is always polling.
   */
  static CallContext defaultFor(String method) {
    String category =
        switch (method) {
          case "getUpdates" -> "polling";
          case "setWebhook", "deleteWebhook", "getWebhookInfo" -> "webhook-management";
          case "getMe" -> "bot-management";
          case "getChat" -> "topic-management";
          case "getFile", "downloadFile" -> "customer-media";
          default -> "other";
        };
    return of(category);
  }
}
