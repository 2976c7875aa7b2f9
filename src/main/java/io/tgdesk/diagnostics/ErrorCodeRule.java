package io.tgdesk.diagnostics;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * "Telegram answered error code X, so the cause is Y": one finding when any call of the range got
 * that code, with the calls as evidence.
 *
 * @param summary the sentence for a human, from the evidence
 * @param tokenHeldElsewhere the code means another system holds the bot's token ({@link
 *     Finding#TOKEN_HELD_ELSEWHERE})
 */
record ErrorCodeRule(
    CallQueries calls,
    int errorCode,
    String cause,
    String severity,
    int score,
    Function<Evidence.ErrorCalls, String> summary,
    String fix,
    boolean tokenHeldElsewhere)
    implements FindingRule {

  @Override
  public Optional<Finding> find(Long botId, Instant from, Instant to) {
    return calls
        .errorCalls(new CallFilter(botId, null, null, null, from, to), errorCode)
        .map(e -> new Finding(cause, severity, score, summary.apply(e), e, fix))
        .map(f -> tokenHeldElsewhere ? f.asTokenHeldElsewhere() : f);
  }

  /** 401: the token was revoked or is wrong. */
  static ErrorCodeRule tokenRevoked(CallQueries calls) {
    return new ErrorCodeRule(
        calls,
        401,
        "token-revoked",
        "critical",
        100,
        e ->
            "Telegram rejected the bot's token "
                + e.calls()
                + " times (401): nothing can be sent or received.",
        "Get the bot's current token from @BotFather (/token) and PATCH"
            + " /api/admin/bots/{id} with it; the bot stays disabled until then.",
        false);
  }

  /** 409 on getUpdates: someone else polls with the token, or a webhook is set. */
  static ErrorCodeRule pollingConflict(CallQueries calls) {
    return new ErrorCodeRule(
        calls,
        409,
        "polling-conflict",
        "error",
        90,
        e ->
            "getUpdates was refused "
                + e.calls()
                + " times (409): another process polls with it, or set a webhook.",
        "Stop the other instance polling with this token (only one poller per"
            + " bot), or delete the webhook (DELETE /api/admin/bots/{id}/webhook),"
            + " or switch the bot to webhook mode. If you cannot find what holds the token,"
            + " revoke it with @BotFather (/revoke) and PATCH /api/admin/bots/{id} with the"
            + " new one.",
        true);
  }

  /** 403: customers blocked the bot or it left their groups. */
  static ErrorCodeRule chatsUnreachable(CallQueries calls) {
    return new ErrorCodeRule(
        calls,
        403,
        "chats-unreachable",
        "warning",
        50,
        e ->
            e.chats()
                + " chats refused the bot (403): customers blocked it or it was removed from"
                + " groups.",
        "Nothing to repair in TgDesk: messages to those chats fail at once and"
            + " others are not held up. Ask the customer to unblock the bot, or"
            + " add it to the group again, then retry the entries.",
        false);
  }
}
