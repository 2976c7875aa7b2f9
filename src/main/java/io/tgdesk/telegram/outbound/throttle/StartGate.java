package io.tgdesk.telegram.outbound.throttle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The last step before a call of one bot budget goes on the wire: calls pass one at a time, each at
 * or after its booked slot and at least the budget's spacing after the previous call really left
 * (under the answer bound, below, a call behind its slot may catch up by {@link #CATCH_UP}). The
 * throttle books slots ahead on the dispatcher's clock; a sender thread that starts late (a slow
 * database claim, a busy CPU) would otherwise put two calls closer together than the spacing, and
 * enough of those make Telegram see more than the limit in a second. Here a late start only delays
 * the calls behind it.
 *
 * <p>What Telegram counts is when a call arrives, and a call that left can arrive late (a new
 * connection, a cold or starved JVM): then the calls behind it, leaving on time, reach Telegram
 * closer to it than they left. So, with a budget of n calls a second, a call also leaves no sooner
 * than a second after the answer to the call n places before it (the latest that call can have
 * arrived). On a quick connection that costs nothing: the answer came long before.
 *
 * <p>Thread-safe; waits on the wall clock by the injected clock's reckoning, once per call (a
 * stopped test clock makes each wait at most one spacing, never endless).
 */
public final class StartGate {

  /**
   * How much earlier than its turn a call may pass, so that a thread that overslept its wait by a
   * moment (common on a busy machine) does not push every later call back: any {@code n + 1}
   * consecutive calls still span at least {@code n} spacings minus this (without the answer bound;
   * under it, see {@link #CATCH_UP}).
   */
  static final Duration TOLERANCE = Duration.ofMillis(3);

  /**
   * How much earlier than its turn a call may pass under the answer bound (a budget of n calls a
   * second, none sooner than a second after the answer to the call n places before it, so that no
   * second holds more than n calls whatever the spacing): a gate that fell behind the booked slots
   * (a thread that started late, a slow departure mark) catches up by this much, instead of every
   * later call leaving that much later than booked. Without the catch-up a busy budget drifted
   * 70-160 ms behind its slots, and each step of a chat's chain with it. The price: calls behind
   * their slots may leave in a short burst, never more than n in a second, and at most {@link
   * #CATCH_UP_CALLS} spacings' worth at once (at the paid 1,000 a second, 100 ms would let 100
   * calls leave together; the one benchmark run that allowed it had a connection reset).
   */
  static final Duration CATCH_UP = Duration.ofMillis(100);

  /** The catch-up in spacings at most: 3 at 30 a second (100 ms), 3 ms at 1,000 a second. */
  static final int CATCH_UP_CALLS = 3;

  /** The window a budget of n calls a second is about. */
  static final Duration SECOND = Duration.ofSeconds(1);

  /**
   * How long after it left an unanswered call can hold back the calls a budget later: after that it
   * counts as arrived at this limit (Telegram answers in well under a second; one that does not
   * answer at all must not stop the bot until the read timeout).
   */
  static final Duration ANSWER_WAIT = Duration.ofSeconds(1);

  /** The largest budget whose calls are tracked for the answer bound (the paid one's maximum). */
  static final int MAX_TRACKED = 1000;

  private final Clock clock;
  private final ReentrantLock turn = new ReentrantLock(true);

  /** The theoretical time of the next pass (a GCRA on the real pass times). */
  private Instant nextTurn = Instant.MIN;

  /** The calls that left, newest last, as many as the largest budget asked about (under turn). */
  private final ArrayDeque<Pass> departed = new ArrayDeque<>();

  public StartGate(Clock clock) {
    this.clock = clock;
  }

  /**
   * Waits until {@code slot} and until its turn (a spacing after the previous call's turn, or after
   * the previous call really left when that was later), then lets this call pass, without a bound
   * from earlier answers.
   *
   * @return when the call passed (its real start)
   */
  public Instant awaitTurn(Instant slot, Duration spacing) {
    return enter(slot, spacing, 0).depart();
  }

  /** {@link #enter(Instant, Duration, int)} without a bound from earlier answers. */
  public Pass enter(Instant slot, Duration spacing) {
    return enter(slot, spacing, 0);
  }

  /**
   * Waits until {@code slot}, until its turn, and until a second after the answer to the call
   * {@code perSecond} places before this one; returns the call's turn with the gate still shut
   * behind it: the next call waits until this one {@linkplain Pass#depart() leaves} (right before
   * its request is written) or {@linkplain Pass#close() gives up}. A thread held up between its
   * turn and its write then delays the calls behind it instead of reaching Telegram together with
   * them. The same thread must depart and close; closing after departing records the answer.
   *
   * @param perSecond the budget's calls per second, or 0 for no bound from earlier answers (also
   *     above {@link #MAX_TRACKED})
   */
  public Pass enter(Instant slot, Duration spacing, int perSecond) {
    if (perSecond > MAX_TRACKED) {
      perSecond = 0; // no real budget (a test's unlimited one): nothing to bound
    }
    turn.lock();
    try {
      Instant at = slot;
      Duration tolerance = TOLERANCE;
      if (perSecond > 0) {
        Duration fewCalls = spacing.multipliedBy(CATCH_UP_CALLS);
        tolerance = fewCalls.compareTo(CATCH_UP) < 0 ? fewCalls : CATCH_UP;
        tolerance = tolerance.compareTo(TOLERANCE) > 0 ? tolerance : TOLERANCE;
      }
      if (nextTurn != Instant.MIN && nextTurn.minus(tolerance).isAfter(at)) {
        at = nextTurn.minus(tolerance);
      }
      if (perSecond > 0 && departed.size() >= perSecond) {
        while (departed.size() > perSecond) {
          departed.removeFirst();
        }
        Instant arrivedBy = departed.peekFirst().arrivedBy();
        if (arrivedBy.plus(SECOND).isAfter(at)) {
          at = arrivedBy.plus(SECOND);
        }
      }
      Instant now = clock.instant();
      if (at.isAfter(now)) {
        long deadline = System.nanoTime() + Duration.between(now, at).toNanos();
        for (long left = deadline - System.nanoTime();
            left > 0;
            left = deadline - System.nanoTime()) {
          LockSupport.parkNanos(left);
        }
      }
      return new Pass(at, spacing, Math.max(perSecond, 0));
    } catch (RuntimeException | Error e) {
      turn.unlock();
      throw e;
    }
  }

  /** One call's turn at the gate, which stays shut behind it until it departs or is closed. */
  public final class Pass implements AutoCloseable {

    private final Instant at;
    private final Duration spacing;
    private final int keep;
    private final CompletableFuture<Instant> answered = new CompletableFuture<>();
    private Instant left;
    private boolean open = true;

    private Pass(Instant at, Duration spacing, int keep) {
      this.at = at;
      this.spacing = spacing;
      this.keep = keep;
    }

    /**
     * The call leaves now: the next turn is a spacing after this (real) departure, and the gate
     * opens for the next call. Once only; later calls just answer the time.
     *
     * @return when the call left
     */
    public Instant depart() {
      if (!open) {
        return left != null ? left : clock.instant();
      }
      Instant now = clock.instant();
      left = now.isAfter(at) ? now : at;
      open = false;
      nextTurn = (nextTurn.isAfter(left) ? nextTurn : left).plus(spacing);
      if (keep > 0) {
        departed.addLast(this);
        while (departed.size() > keep) {
          departed.removeFirst();
        }
      } else {
        departed.clear();
      }
      turn.unlock();
      return left;
    }

    /**
     * Ends the turn: a call that did not leave (held back, or failed before its write) gives its
     * turn back unspent; one that left has its answer now (or its failure: either way it has
     * arrived, or never will).
     */
    @Override
    public void close() {
      if (open) {
        open = false;
        turn.unlock();
      } else {
        answered.complete(clock.instant());
      }
    }

    /**
     * The latest this call can have reached Telegram: its answer, waited for up to {@link
     * #ANSWER_WAIT} after it left.
     */
    private Instant arrivedBy() {
      Instant limit = left.plus(ANSWER_WAIT);
      long waitNanos = Duration.between(clock.instant(), limit).toNanos();
      try {
        return waitNanos > 0
            ? answered.get(waitNanos, TimeUnit.NANOSECONDS)
            : answered.getNow(limit);
      } catch (TimeoutException e) {
        return limit;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return limit;
      } catch (ExecutionException e) {
        return limit; // never completed exceptionally
      }
    }
  }
}
