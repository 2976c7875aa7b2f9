/**
 * How long to wait before trying again: {@link io.tgdesk.backoff.Backoff}, capped exponential
 * delays with no, equal or full jitter, used by every feature that retries later (Telegram sends,
 * host events, long polling, stored intake items, racing inserts). Pure logic; depends on nothing
 * of ours, and every package may use it.
 */
package io.tgdesk.backoff;
