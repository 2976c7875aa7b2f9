package io.tgdesk.telegram.outbound.retry;

import java.time.Duration;
import java.util.function.LongUnaryOperator;

/**
 * Exponential back-off with full jitter: attempt n waits a random time in [0, min(cap, base *
 * 2^(n-1))]. Never a fixed interval, so that many failing calls do not come back together.
 * Thread-safe.
 */
public final class Backoff {

  private final Duration base;
  private final Duration cap;
  private final LongUnaryOperator random;

  /**
   * @param random given a bound b > 0, a value in [0, b]
   */
  public Backoff(Duration base, Duration cap, LongUnaryOperator random) {
    this.base = base;
    this.cap = cap;
    this.random = random;
  }

  public static Backoff standard() {
    return new Backoff(
        Duration.ofSeconds(1),
        Duration.ofSeconds(60),
        b -> java.util.concurrent.ThreadLocalRandom.current().nextLong(b + 1));
  }

  /**
   * The delay before attempt {@code attempt + 1}, after {@code attempt} failed attempts (from 1).
   */
  public Duration delay(int attempt) {
    long ceiling =
        Math.min(cap.toMillis(), base.toMillis() << Math.min(Math.max(attempt - 1, 0), 30));
    return Duration.ofMillis(random.applyAsLong(Math.max(ceiling, 1)));
  }
}
