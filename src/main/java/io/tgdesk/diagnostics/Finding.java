package io.tgdesk.diagnostics;

import jakarta.json.bind.annotation.JsonbNillable;

/**
 * One finding of the cause report.
 *
 * @param cause a stable name: token-revoked, webhook-not-reaching-us, polling-conflict,
 *     token-shared, rate-limited, shopify-cascade, agent-concurrency, outbox-dead-or-uncertain,
 *     agents-group-over-limit, upstream-errors, intake-failures, messages-refused,
 *     chats-unreachable, hidden-traffic, or healthy
 * @param severity critical, error, warning, info or ok
 * @param score the rank: higher comes first
 * @param summary one sentence for a human
 * @param evidence counts, times and examples that show it
 * @param fix what to do about it
 * @param family the causes this one shares a remedy with, or null: {@link #TOKEN_HELD_ELSEWHERE}
 */
public record Finding(
    String cause,
    String severity,
    int score,
    String summary,
    Evidence evidence,
    String fix,
    @JsonbNillable String family) {

  /**
   * The family of findings that mean another system holds this bot's token: a second client calling
   * with it (token-shared), a second poller (polling-conflict), a webhook set elsewhere
   * (webhook-not-reaching-us with url-mismatch).
   */
  public static final String TOKEN_HELD_ELSEWHERE = "token-held-elsewhere";

  /** The words every finding of {@link #TOKEN_HELD_ELSEWHERE} begins its summary with. */
  static final String TOKEN_HELD_ELSEWHERE_SAYS = "Another system holds this bot's token: ";

  /** A finding of no family. */
  public Finding(
      String cause, String severity, int score, String summary, Evidence evidence, String fix) {
    this(cause, severity, score, summary, evidence, fix, null);
  }

  /**
   * This finding as one of {@link #TOKEN_HELD_ELSEWHERE}, its summary led by the family's words.
   */
  Finding asTokenHeldElsewhere() {
    return new Finding(
        cause,
        severity,
        score,
        TOKEN_HELD_ELSEWHERE_SAYS + summary,
        evidence,
        fix,
        TOKEN_HELD_ELSEWHERE);
  }
}
