package io.tgdesk.intake;

/**
 * The life of a stored inbound item (a Telegram update, a Shopify webhook). RECEIVED: stored, not
 * yet processed. PROCESSED: applied. IGNORED: understood and deliberately left alone (the outcome
 * says why, e.g. a stale update or an unlinked customer). FAILED: processing threw; retried while
 * {@code next_attempt_at} is set, given up when it is null. WAITING: an earlier item of the same
 * conversation failed and is to be tried again, so this one waits, unattempted, until that item's
 * next attempt (the last error names it), and its conversation stays in order. Stored by name in
 * the {@code state} column.
 */
public enum IntakeState {
  RECEIVED,
  PROCESSED,
  IGNORED,
  FAILED,
  WAITING
}
