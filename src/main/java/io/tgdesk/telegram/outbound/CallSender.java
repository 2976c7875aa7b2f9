package io.tgdesk.telegram.outbound;

import static io.tgdesk.telegram.outbound.DeliveryJson.JSON;

import io.tgdesk.telegram.botapi.BotApiException;
import io.tgdesk.telegram.botapi.BotEndpoint;
import io.tgdesk.telegram.botapi.CallContext;
import io.tgdesk.telegram.outbound.outbox.OutboxEntry;
import io.tgdesk.telegram.outbound.retry.Decision;
import io.tgdesk.telegram.outbound.retry.FailureClassifier;
import io.tgdesk.telegram.outbound.throttle.BotThrottle;
import io.tgdesk.telegram.outbound.throttle.StartGate;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Makes the claimed calls of one bot, each on a sender thread of its own: marks the call as
 * leaving, waits for its booked slot at the gate, makes it once over HTTP and writes what the
 * answer means into the outbox. A 429 pauses its scope at once ({@link RateLimitPauses}), a 401
 * stops the bot's calls at once, and a closed or deleted forum topic is repaired ({@link
 * TopicRepair}). The answer goes back to the loop, which applies it on its next tick.
 *
 * <p>Thread-safe; {@link #send} blocks until Telegram answers.
 */
final class CallSender {

  private static final Logger LOG = Logger.getLogger(CallSender.class.getName());

  /** A claimed call, the budget slot booked for it, and the gate it passes at that slot. */
  record Dispatch(
      BotEndpoint target,
      OutboxEntry entry,
      boolean paid,
      Instant slot,
      StartGate gate,
      Duration spacing,
      int perSecond,
      long known429) {}

  /** What the sender asks of its bot's loop; called from sender threads. */
  interface Loop {

    /** Whether this server may call Telegram for the bot now (it holds the bot's lease). */
    boolean mayAct();

    /** Whether calls may leave now: the bot is enabled and its circuit breaker is not open. */
    boolean open();

    /** Telegram answered 401: no call more until the bot's configuration says otherwise. */
    void disable();
  }

  /** Where the sender writes what each call's answer means, each write in one transaction. */
  interface Outcomes {
    void sent(long entryId, JsonValue result, Instant now);

    /** SENT for several entries in one transaction; when one fails, none is written. */
    void sentAll(Map<Long, JsonValue> results, Instant now);

    void sentWithFollowUpDue(long entryId, JsonValue result, String why, Instant now);

    void answeredButNotRecorded(long entryId, String why, Instant now);

    void notMade(long entryId, Instant now);

    void failed(OutboxEntry entry, Decision decision, Instant retryAt, Instant now);

    /** The outbox's own outcomes, as {@link DeliveryOutcomes} writes them. */
    static Outcomes writtenBy(DeliveryOutcomes outcomes) {
      return new Outcomes() {
        @Override
        public void sent(long entryId, JsonValue result, Instant now) {
          outcomes.sent(entryId, result, now);
        }

        @Override
        public void sentAll(Map<Long, JsonValue> results, Instant now) {
          outcomes.sentAll(results, now);
        }

        @Override
        public void sentWithFollowUpDue(long entryId, JsonValue result, String why, Instant now) {
          outcomes.sentWithFollowUpDue(entryId, result, why, now);
        }

        @Override
        public void answeredButNotRecorded(long entryId, String why, Instant now) {
          outcomes.answeredButNotRecorded(entryId, why, now);
        }

        @Override
        public void notMade(long entryId, Instant now) {
          outcomes.notMade(entryId, now);
        }

        @Override
        public void failed(OutboxEntry entry, Decision decision, Instant retryAt, Instant now) {
          outcomes.failed(entry, decision, retryAt, now);
        }
      };
    }
  }

  private final DeliveryPorts.Calls calls;
  private final Outcomes outcomes;
  private final SentBatches sentBatches;
  private final DepartureMarks departures;
  private final RateLimitPauses pauses;
  private final TopicRepair topics;
  private final BotThrottle throttle;
  private final Loop loop;
  private final Clock clock;

  /**
   * @param throttle read for its limits only (the retry margin after a 429)
   */
  CallSender(
      DeliveryPorts.Calls calls,
      Outcomes outcomes,
      DepartureMarks departures,
      RateLimitPauses pauses,
      TopicRepair topics,
      BotThrottle throttle,
      Loop loop,
      Clock clock) {
    this.calls = calls;
    this.outcomes = outcomes;
    this.sentBatches = new SentBatches(results -> outcomes.sentAll(results, clock.instant()));
    this.departures = departures;
    this.pauses = pauses;
    this.topics = topics;
    this.throttle = throttle;
    this.loop = loop;
    this.clock = clock;
  }

  /**
   * Makes one booked call at its slot. If a 429 came back since it was planned (it may be in the
   * paused scope), the breaker opened, the bot was disabled, or this server lost the bot's lease,
   * the call is not made but planned again. Never throws.
   *
   * @return how the call came out; empty when it was not made and its entry could not be put back
   *     to PENDING: it stays in flight, and its chat waits, until the bot's loop starts again
   */
  Optional<Answer> send(Dispatch d) {
    OutboxEntry e = d.entry();
    BotMethod method = BotMethod.byWireName(e.method()).orElseThrow();
    if (!loop.mayAct()) {
      // The lease ran out between claim and call (this server stalled): not a call more. The
      // entry goes back to PENDING, never made.
      return notMade(e);
    }
    try {
      JsonObject params;
      try (var reader = JSON.createReader(new StringReader(e.params()))) {
        params = reader.readObject();
      }
      if (d.paid()) {
        params = JSON.createObjectBuilder(params).add("allow_paid_broadcast", true).build();
      }
      // Durably "on its way" before the gate (the call is here ahead of its slot, so the write
      // does not delay it): a crash before this mark leaves the entry PENDING, after it UNCERTAIN.
      // An answer to a button press goes unmarked: it is harmless to repeat after a crash, and the
      // mark (a write queued behind the marks of every other call) would hold it up.
      switch (e.lane().unordered() ? DepartureMarks.Mark.MARKED : departures.mark(e.id())) {
        case MARKED:
          break;
        case GONE: // cancelled or erased meanwhile
          return Optional.of(new Answer.NotMade(e.chatId()));
        default: // a call made without the mark could be repeated after a crash
          return notMade(e);
      }
      StartGate.Pass turn = d.gate().enter(d.slot(), d.spacing(), d.perSecond());
      if (pauses.receivedSince(d.known429()) || !loop.open()) {
        turn.close(); // before writing the outcome: the calls behind need not wait for it
        Optional<Answer> back = notMade(e);
        if (back.isPresent()) {
          return back; // a 429 or a 401 came back, or the breaker opened, while it waited
        }
        // It could not be put back to PENDING: it is made as planned.
        turn = d.gate().enter(d.slot(), d.spacing(), d.perSecond());
      }
      JsonValue result;
      try (StartGate.Pass pass = turn) {
        // The gate opens for the next call only when this one's request is about to be written;
        // closing it records the answer, which bounds when this call reached Telegram.
        result = calls.call(d.target(), method.wireName(), params, callContext(e), pass::depart);
      }
      Instant answered = clock.instant();
      recordSent(e, result);
      return Optional.of(new Answer.Sent(e.chatId(), method.kind(), d.slot(), answered));
    } catch (BotApiException failure) {
      return refused(d, method, failure);
    } catch (RuntimeException unexpected) {
      return failedUnexpectedly(d, method, unexpected);
    }
  }

  /**
   * Telegram refused the call or did not answer: repairs the topic if that is the cause, pauses for
   * a 429 or stops the bot for a 401 at once, then writes what the failure means.
   *
   * @return empty when that could not be written: the entry stays in flight, and its chat waits
   *     (nothing newer of the chat may overtake it) until the bot's loop starts again
   */
  private Optional<Answer> refused(Dispatch d, BotMethod method, BotApiException failure) {
    OutboxEntry e = d.entry();
    Instant answered = clock.instant();
    Decision decision =
        topics.repair(d.target(), e, FailureClassifier.classify(failure, method.idempotent()));
    if (decision instanceof Decision.RateLimited r) {
      // Pause at once, before anything else: every call made during the wait makes it longer.
      pauses.pauseFor429(e.chatId(), r);
    } else if (decision instanceof Decision.BotUnauthorized) {
      // Stop at once too: the outcome disables the bot, but until that reaches the loop
      // (BotsChanged) it would claim the entries the 401 put back and call again.
      loop.disable();
    }
    Answer answer =
        new Answer.Failed(
            e.chatId(),
            decision,
            failure instanceof BotApiException.Unreachable
                || decision instanceof Decision.Transient,
            method.kind(),
            d.slot(),
            answered);
    try {
      Instant now = clock.instant();
      Instant retryAt =
          decision instanceof Decision.RateLimited r
              ? now.plus(r.retryAfter()).plus(throttle.limits().retryMargin())
              : now;
      recordOutcome(() -> outcomes.failed(e, decision, retryAt, now));
    } catch (RuntimeException ex) {
      LOG.log(
          Level.WARNING,
          "Could not record the outcome of outbox entry " + e.id() + "; it stays in flight",
          ex);
      return Optional.empty();
    }
    return Optional.of(answer);
  }

  /**
   * A failure of our own (a bug, a bad parameter text): a transient failure of the entry. Empty
   * when that could not be written (as {@link #refused}).
   */
  private Optional<Answer> failedUnexpectedly(
      Dispatch d, BotMethod method, RuntimeException unexpected) {
    OutboxEntry e = d.entry();
    Instant answered = clock.instant();
    LOG.log(Level.SEVERE, "Sending outbox entry " + e.id() + " failed unexpectedly", unexpected);
    Answer.Failed answer =
        new Answer.Failed(
            e.chatId(),
            new Decision.Transient(0, String.valueOf(unexpected)),
            false,
            method.kind(),
            d.slot(),
            answered);
    try {
      outcomes.failed(e, answer.decision(), clock.instant(), clock.instant());
    } catch (RuntimeException ignored) {
      // It stays in flight; the next start settles it.
      return Optional.empty();
    }
    return Optional.of(answer);
  }

  /**
   * Telegram answered ok: the entry is SENT with that answer, whatever an effect of the answer
   * does, and is never made again; together with other answers when several come at once ({@link
   * SentBatches}). When the batch fails, it is written on its own. When the entry cannot be written
   * together with the effects (e.g. the ticket's message refuses the Telegram message id), it is
   * written alone and the effects are retried on their own ({@link FollowUps}); when not even that
   * can be written, it becomes UNCERTAIN (its lane's policy decides), and if that fails too it
   * stays IN_FLIGHT with its departure mark, which the next start of the bot settles the same way.
   * Never throws.
   */
  private void recordSent(OutboxEntry e, JsonValue result) {
    if (sentBatches.write(e.id(), result)) {
      return; // with the other answers that came meanwhile, in one transaction
    }
    try {
      recordOutcome(() -> outcomes.sent(e.id(), result, clock.instant()));
      return;
    } catch (RuntimeException withEffects) {
      LOG.log(
          Level.WARNING,
          "Outbox entry "
              + e.id()
              + " was sent, but an effect of the answer failed; it is retried on its own",
          withEffects);
      String why = FollowUps.describe(withEffects);
      try {
        recordOutcome(() -> outcomes.sentWithFollowUpDue(e.id(), result, why, clock.instant()));
        return;
      } catch (RuntimeException alone) {
        try {
          outcomes.answeredButNotRecorded(e.id(), FollowUps.describe(alone), clock.instant());
        } catch (RuntimeException stuck) {
          LOG.log(
              Level.SEVERE,
              "Outbox entry "
                  + e.id()
                  + " was sent, but neither SENT nor UNCERTAIN could be written; it stays in flight"
                  + " until its bot's loop starts again",
              stuck);
        }
      }
    }
  }

  /**
   * Puts a claimed call back to PENDING without making it (its attempt not counted); the next tick
   * plans it again, with the pause of the 429 that came meanwhile. Empty if that could not be
   * written.
   */
  private Optional<Answer> notMade(OutboxEntry e) {
    try {
      recordOutcome(() -> outcomes.notMade(e.id(), clock.instant()));
    } catch (RuntimeException ex) {
      LOG.log(Level.WARNING, "Could not put outbox entry " + e.id() + " back to pending", ex);
      return Optional.empty();
    }
    return Optional.of(new Answer.NotMade(e.chatId()));
  }

  /** What the call audit records about the call of an entry (claimed: attempts counts this one). */
  private static CallContext callContext(OutboxEntry e) {
    return new CallContext(
        e.category(), e.lane().wireName(), Math.max(1, e.attempts()), e.chatId(), e.threadId());
  }

  /**
   * Writes an outcome, trying again twice when the database refuses the transaction (e.g. a
   * deadlock victim): an outcome that is never written leaves the entry IN_FLIGHT and its chat
   * waiting until the next restart.
   */
  private static void recordOutcome(Runnable write) {
    RuntimeException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        write.run();
        return;
      } catch (RuntimeException e) {
        last = e;
      }
    }
    throw last;
  }
}
