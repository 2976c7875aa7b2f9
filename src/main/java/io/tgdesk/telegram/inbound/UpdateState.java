package io.tgdesk.telegram.inbound;

/**
 * The life of a stored update. RECEIVED: stored, not yet processed. PROCESSED: applied to tickets.
 * IGNORED: understood and deliberately not turned into a ticket (the outcome says why). FAILED:
 * processing threw; retried while {@code next_attempt_at} is set, given up when it is null.
 */
public enum UpdateState {
  RECEIVED,
  PROCESSED,
  IGNORED,
  FAILED
}
