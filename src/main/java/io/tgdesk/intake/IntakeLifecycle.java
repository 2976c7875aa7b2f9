package io.tgdesk.intake;

import io.tgdesk.schema.Columns;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import java.time.Instant;

/**
 * The processing state and attempts of a stored inbound item, embedded in both intakes' entities
 * (columns {@code state, attempts, next_attempt_at, last_error, received_at, processed_at}). An
 * item is due while it is RECEIVED or FAILED and its next attempt time has come; processing ends it
 * PROCESSED or IGNORED, or counts a failed attempt with the time of the next one (none: given up
 * until an admin retries). Not thread-safe: it lives in an entity, changed in one transaction.
 */
@Embeddable
public class IntakeLifecycle {

  /** The longest error kept, in characters (the {@code last_error} column). */
  static final int ERROR_LENGTH = 2000;

  @Enumerated(EnumType.STRING)
  @Column(name = "state")
  private IntakeState state;

  @Column(name = "attempts")
  private int attempts;

  @Column(name = "next_attempt_at")
  private Instant nextAttemptAt;

  @Column(name = "last_error")
  private String lastError;

  @Column(name = "received_at")
  private Instant receivedAt;

  @Column(name = "processed_at")
  private Instant processedAt;

  protected IntakeLifecycle() {}

  /** A item stored at {@code now}, due at once. */
  public static IntakeLifecycle receivedAt(Instant now) {
    IntakeLifecycle l = new IntakeLifecycle();
    l.state = IntakeState.RECEIVED;
    l.receivedAt = now;
    l.nextAttemptAt = now;
    return l;
  }

  /**
   * The JPQL condition that an item is due at the parameter {@code :now}, for an entity that embeds
   * the lifecycle as {@code lifecycle} under the given alias.
   */
  public static String dueIn(String alias) {
    String l = alias + ".lifecycle.";
    return " "
        + l
        + "state in (io.tgdesk.intake.IntakeState.RECEIVED, io.tgdesk.intake.IntakeState.FAILED,"
        + " io.tgdesk.intake.IntakeState.WAITING)"
        + " and "
        + l
        + "nextAttemptAt <= :now";
  }

  /** Whether processing should (still) take the item at {@code now}. */
  public boolean isDue(Instant now) {
    return unapplied() && nextAttemptAt != null && !nextAttemptAt.isAfter(now);
  }

  /**
   * Processing ended: applied or deliberately ignored. Counts the attempt; the item is no longer
   * due.
   *
   * @throws IllegalArgumentException for a state that does not end processing
   */
  public void done(IntakeState outcome, Instant now) {
    if (outcome != IntakeState.PROCESSED && outcome != IntakeState.IGNORED) {
      throw new IllegalArgumentException("processing ends PROCESSED or IGNORED, not " + outcome);
    }
    this.state = outcome;
    this.attempts++;
    this.nextAttemptAt = null;
    this.processedAt = now;
  }

  /**
   * A failed attempt: counted, with its error (cut to the column) and the time of the next attempt;
   * {@code retryAt} null means no more attempts.
   */
  public void failed(String error, Instant retryAt, Instant now) {
    this.state = IntakeState.FAILED;
    this.attempts++;
    this.lastError = Columns.fit(error, ERROR_LENGTH);
    this.nextAttemptAt = retryAt;
    this.processedAt = now;
  }

  /**
   * Not attempted: an earlier item of the same conversation failed and is tried again at {@code
   * until}; this one is due again then, after it. Attempts are not counted.
   */
  public void waitFor(String why, Instant until) {
    this.state = IntakeState.WAITING;
    this.lastError = Columns.fit(why, ERROR_LENGTH);
    this.nextAttemptAt = until;
  }

  /** Whether the item is still to be applied: received, failed (given up or not) or waiting. */
  public boolean unapplied() {
    return state == IntakeState.RECEIVED
        || state == IntakeState.FAILED
        || state == IntakeState.WAITING;
  }

  /** A waiting item is due now: what it waited for was retried early. */
  public void dueAgain(Instant now) {
    if (state == IntakeState.WAITING) {
      this.nextAttemptAt = now;
    }
  }

  /** An admin asked for another try: due now, with a full set of attempts again. */
  public void retryNow(Instant now) {
    this.state = IntakeState.RECEIVED;
    this.attempts = 0;
    this.nextAttemptAt = now;
  }

  public IntakeState state() {
    return state;
  }

  /** Attempts made, successful or not, since receipt or the last retry an admin asked for. */
  public int attempts() {
    return attempts;
  }

  /** When the item is due next; null once processing ended or gave up. */
  public Instant nextAttemptAt() {
    return nextAttemptAt;
  }

  public String lastError() {
    return lastError;
  }

  public Instant receivedAt() {
    return receivedAt;
  }

  /** When the last attempt ended; null before the first. */
  public Instant processedAt() {
    return processedAt;
  }
}
