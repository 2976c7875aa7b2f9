package io.tgdesk.telegram.outbound;

import io.tgdesk.telegram.outbound.retry.Decision;
import io.tgdesk.telegram.outbound.throttle.CallKind;
import java.time.Instant;

/**
 * How one claimed call came out, handed by its sender thread to the bot's loop, which applies it to
 * the throttle (the chat's limits count from the answer), the circuit breaker and the unreachable
 * chats on its next tick. Immutable.
 */
sealed interface Answer {

  /** The chat the call was for: it may take its next call once the answer is applied. */
  long chatId();

  /** Telegram answered ok. {@code booked} is the call's slot, {@code answered} when it answered. */
  record Sent(long chatId, CallKind kind, Instant booked, Instant answered) implements Answer {}

  /**
   * Telegram refused the call, or no answer came; {@code decision} says what that means for the
   * entry. {@code transportFailure} (5xx, no answer) counts against the bot's circuit breaker.
   */
  record Failed(
      long chatId,
      Decision decision,
      boolean transportFailure,
      CallKind kind,
      Instant booked,
      Instant answered)
      implements Answer {

    /** What went wrong, in words (redacted like everything the client reports). */
    String failure() {
      if (decision instanceof Decision.Transient t) {
        return (t.code() == 0 ? "no answer: " : t.code() + " ") + t.description();
      }
      if (decision instanceof Decision.Uncertain u) {
        return "no answer: " + u.description();
      }
      return String.valueOf(decision);
    }
  }

  /**
   * The call never left (held back at its slot, its entry cancelled meanwhile, or the lease lost):
   * nothing reached Telegram, and the entry is PENDING again or gone.
   */
  record NotMade(long chatId) implements Answer {}
}
