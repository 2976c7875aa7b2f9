package io.tgdesk.diagnostics;

/**
 * One finding of the cause report.
 *
 * @param cause a stable name: token-revoked, webhook-not-reaching-us, polling-conflict,
 *     rate-limited, shopify-cascade, agent-concurrency, outbox-dead-or-uncertain, upstream-errors,
 *     intake-failures, messages-refused, chats-unreachable, hidden-traffic, or healthy
 * @param severity critical, error, warning, info or ok
 * @param score the rank: higher comes first
 * @param summary one sentence for a human
 * @param evidence counts, times and examples that show it
 * @param fix what to do about it
 */
public record Finding(
    String cause, String severity, int score, String summary, Evidence evidence, String fix) {}
