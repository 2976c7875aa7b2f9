package io.tgdesk.telegram.outbound.throttle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The last step before a call of one bot budget goes on the wire: calls pass one at a time, each at
 * or after its booked slot and at least the budget's spacing after the previous call really passed.
 * The throttle books slots ahead on the dispatcher's clock; a sender thread that starts late (a
 * slow database claim, a busy CPU) would otherwise put two calls closer together than the spacing,
 * and enough of those make Telegram see more than the limit in a second. Here a late start only
 * delays the calls behind it.
 *
 * <p>Thread-safe; waits on the wall clock by the injected clock's reckoning, once per call (a
 * stopped test clock makes each wait at most one spacing, never endless).
 */
public final class StartGate {

  /**
   * How much earlier than its turn a call may pass, so that a thread that overslept its wait by a
   * moment (common on a busy machine) does not push every later call back: any {@code n + 1}
   * consecutive calls still span at least {@code n} spacings minus this.
   */
  static final Duration TOLERANCE = Duration.ofMillis(3);

  private final Clock clock;
  private final ReentrantLock turn = new ReentrantLock(true);

  /** The theoretical time of the next pass (a GCRA on the real pass times). */
  private Instant nextTurn = Instant.MIN;

  public StartGate(Clock clock) {
    this.clock = clock;
  }

  /**
   * Waits until {@code slot} and until its turn (a spacing after the previous call's turn, or after
   * the previous call really left when that was later), then lets this call pass.
   *
   * @return when the call passed (its real start)
   */
  public Instant awaitTurn(Instant slot, Duration spacing) {
    return enter(slot, spacing).depart();
  }

  /**
   * Waits like {@link #awaitTurn} and returns the call's turn with the gate still shut behind it:
   * the next call waits until this one {@linkplain Pass#depart() leaves} (right before its request
   * is written) or {@linkplain Pass#close() gives up}. A thread held up between its turn and its
   * write (a busy CPU) then delays the calls behind it instead of reaching Telegram together with
   * them. The same thread must depart or close.
   */
  public Pass enter(Instant slot, Duration spacing) {
    turn.lock();
    try {
      Instant now = clock.instant();
      Instant at = slot;
      if (nextTurn != Instant.MIN && nextTurn.minus(TOLERANCE).isAfter(at)) {
        at = nextTurn.minus(TOLERANCE);
      }
      if (at.isAfter(now)) {
        long deadline = System.nanoTime() + Duration.between(now, at).toNanos();
        for (long left = deadline - System.nanoTime();
            left > 0;
            left = deadline - System.nanoTime()) {
          LockSupport.parkNanos(left);
        }
      }
      return new Pass(at, spacing);
    } catch (RuntimeException | Error e) {
      turn.unlock();
      throw e;
    }
  }

  /** One call's turn at the gate, which stays shut behind it until it departs or is closed. */
  public final class Pass implements AutoCloseable {

    private final Instant at;
    private final Duration spacing;
    private boolean open = true;

    private Pass(Instant at, Duration spacing) {
      this.at = at;
      this.spacing = spacing;
    }

    /**
     * The call leaves now: the next turn is a spacing after this (real) departure, and the gate
     * opens for the next call. Once only; later calls just answer the time.
     *
     * @return when the call left
     */
    public Instant depart() {
      Instant now = clock.instant();
      Instant left = now.isAfter(at) ? now : at;
      if (open) {
        open = false;
        nextTurn = (nextTurn.isAfter(left) ? nextTurn : left).plus(spacing);
        turn.unlock();
      }
      return left;
    }

    /** The call does not leave (held back, or failed before its write): its turn is not spent. */
    @Override
    public void close() {
      if (open) {
        open = false;
        turn.unlock();
      }
    }
  }
}
