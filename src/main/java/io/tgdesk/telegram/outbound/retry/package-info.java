/**
 * What to do after a failed Bot API call: {@link
 * io.tgdesk.telegram.outbound.retry.FailureClassifier} turns Telegram's answer (or its absence)
 * into a {@link io.tgdesk.telegram.outbound.retry.Decision}; how long a retry waits is {@link
 * io.tgdesk.backoff.Backoff}'s. Pure logic; depends on telegram.botapi only.
 */
package io.tgdesk.telegram.outbound.retry;
