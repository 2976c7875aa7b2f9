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
   * the previous call really passed when that was later), then lets this call pass.
   *
   * @return when the call passed (its real start)
   */
  public Instant awaitTurn(Instant slot, Duration spacing) {
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
        now = clock.instant();
      }
      Instant passed = now.isAfter(at) ? now : at;
      nextTurn = (nextTurn.isAfter(passed) ? nextTurn : passed).plus(spacing);
      return passed;
    } finally {
      turn.unlock();
    }
  }
}
