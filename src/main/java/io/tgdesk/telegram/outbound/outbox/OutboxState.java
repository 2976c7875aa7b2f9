package io.tgdesk.telegram.outbound.outbox;

/**
 * PENDING -> IN_FLIGHT -> SENT | FAILED (permanent, with the reason) | UNCERTAIN (the request was
 * written but no answer came: it may have been delivered) | DEAD (attempts exhausted). A retryable
 * failure puts an IN_FLIGHT entry back to PENDING with a later next_attempt_at. An admin may send
 * FAILED, UNCERTAIN and DEAD entries back to PENDING, or cancel PENDING ones (CANCELLED).
 */
public enum OutboxState {
  PENDING,
  IN_FLIGHT,
  SENT,
  FAILED,
  UNCERTAIN,
  DEAD,
  CANCELLED;

  /** States that hold back the later entries of the same chat and thread. */
  public boolean blocksItsChat() {
    return this == PENDING || this == IN_FLIGHT;
  }
}
