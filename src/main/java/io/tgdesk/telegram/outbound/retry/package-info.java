/**
 * What to do after a failed Bot API call: {@link
 * io.tgdesk.telegram.outbound.retry.FailureClassifier} turns Telegram's answer (or its absence)
 * into a {@link io.tgdesk.telegram.outbound.retry.Decision}, and {@link
 * io.tgdesk.telegram.outbound.retry.Backoff} gives capped exponential delays with full jitter. Pure
 * logic; depends on telegram.botapi only.
 */
package io.tgdesk.telegram.outbound.retry;
