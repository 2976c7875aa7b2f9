package io.tgdesk.backoff;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;

/**
 * Capped exponential back-off, the one formula behind every "try again later" of TgDesk: after
 * {@code n} failed attempts (from 1) the ceiling is {@code min(cap, base * 2^(n-1))}, and the
 * {@link Jitter} decides how much of it is random. Milliseconds are the unit. Immutable;
 * thread-safe when its random source is (the default one is).
 */
public final class Backoff {

  /** How much of the ceiling is left to chance. */
  public enum Jitter {
    /** Exactly the ceiling: for waits an admin reads back, such as a stored item's retry time. */
    NONE,
    /** Half the ceiling fixed, the other half random: a wait in [c - c/2, c]. */
    EQUAL,
    /**
     * Anywhere in [0, c]: spreads many failing callers the most, so they do not come back together.
     */
    FULL
  }

  private final long baseMillis;
  private final long capMillis;
  private final Jitter jitter;
  private final LongUnaryOperator random;

  /**
   * @param base the first ceiling, at least 1 ms
   * @param cap the largest ceiling, at least {@code base}
   * @param random given a bound {@code b >= 0}, a value in [0, b]
   */
  public Backoff(Duration base, Duration cap, Jitter jitter, LongUnaryOperator random) {
    this.baseMillis = Math.max(base.toMillis(), 1);
    this.capMillis = Math.max(cap.toMillis(), baseMillis);
    this.jitter = jitter;
    this.random = random;
  }

  /** With {@link ThreadLocalRandom} as the random source. */
  public static Backoff of(Duration base, Duration cap, Jitter jitter) {
    return new Backoff(base, cap, jitter, b -> ThreadLocalRandom.current().nextLong(b + 1));
  }

  /** The largest wait after {@code failures} failed attempts (0 counts as 1). */
  public Duration ceiling(int failures) {
    return Duration.ofMillis(ceilingMillis(failures));
  }

  /** The wait after {@code failures} failed attempts (0 counts as 1), before the next one. */
  public Duration delay(int failures) {
    long ceiling = ceilingMillis(failures);
    long spread =
        switch (jitter) {
          case NONE -> 0;
          case EQUAL -> ceiling / 2;
          case FULL -> ceiling;
        };
    long chance = spread == 0 ? 0 : Math.min(Math.max(random.applyAsLong(spread), 0), spread);
    return Duration.ofMillis(ceiling - spread + chance);
  }

  private long ceilingMillis(int failures) {
    int doublings = Math.min(Math.max(failures - 1, 0), 62);
    // base <= cap >> doublings guarantees that base << doublings neither overflows nor passes cap.
    return baseMillis > (capMillis >> doublings) ? capMillis : baseMillis << doublings;
  }
}
