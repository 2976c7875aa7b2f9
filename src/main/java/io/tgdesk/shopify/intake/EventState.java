package io.tgdesk.shopify.intake;

/**
 * The life of a stored webhook delivery, as for Telegram updates. RECEIVED: stored, not yet
 * processed. PROCESSED: applied. IGNORED: understood and deliberately left alone (the outcome says
 * why, e.g. a stale update or an unlinked customer). FAILED: processing threw; retried while {@code
 * next_attempt_at} is set.
 */
public enum EventState {
  RECEIVED,
  PROCESSED,
  IGNORED,
  FAILED
}
