package io.tgdesk.telegram.outbound;

import dev.failsafe.CircuitBreaker;
import io.tgdesk.config.BreakerSettings;
import io.tgdesk.telegram.bots.BotId;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One bot's circuit breaker (Failsafe), with the thresholds of {@link BreakerSettings}: it opens
 * when too many of the latest calls failed with a 5xx or no answer, lets no call through for its
 * delay, then one probe call at a time (half-open) until a probe succeeds (closed) or fails (open
 * again). Each change is reported, with its reason, as a {@link CircuitBreakerChanged}.
 *
 * <p>Successes and failures are recorded by the loop's tick (one thread at a time); {@link
 * #isOpen()} may be asked from any thread.
 */
final class BotBreaker {

  private static final Logger LOG = Logger.getLogger(BotBreaker.class.getName());

  private final BotId botId;
  private final Clock clock;
  private final Supplier<String> nodeId;
  private final Consumer<CircuitBreakerChanged> changes;
  private final CircuitBreaker<Object> breaker;

  /** The last failure counted, for the reason of an opening. */
  private volatile String lastFailure = "none";

  BotBreaker(
      BotId botId,
      BreakerSettings rule,
      Clock clock,
      Supplier<String> nodeId,
      Consumer<CircuitBreakerChanged> changes) {
    this.botId = botId;
    this.clock = clock;
    this.nodeId = nodeId;
    this.changes = changes;
    this.breaker =
        CircuitBreaker.builder()
            .withFailureThreshold(rule.failures(), rule.calls())
            .withDelay(rule.delay())
            .withSuccessThreshold(1)
            .onOpen(
                e -> {
                  LOG.warning(
                      "Bot " + botId + ": circuit breaker open after repeated Bot API failures");
                  changed(
                      CircuitBreakerChanged.State.OPEN,
                      e.getPreviousState(),
                      (e.getPreviousState() == CircuitBreaker.State.HALF_OPEN
                              ? "the probe call failed"
                              : "at least "
                                  + rule.failures()
                                  + " of the last "
                                  + rule.calls()
                                  + " calls failed (5xx or no answer)")
                          + "; last failure: "
                          + lastFailure);
                })
            .onHalfOpen(
                e ->
                    changed(
                        CircuitBreakerChanged.State.HALF_OPEN,
                        e.getPreviousState(),
                        "open for " + rule.delay().toSeconds() + " s: one probe call at a time"))
            .onClose(
                e -> {
                  LOG.info("Bot " + botId + ": circuit breaker closed");
                  changed(
                      CircuitBreakerChanged.State.CLOSED,
                      e.getPreviousState(),
                      "a probe call succeeded");
                })
            .build();
  }

  /** Reports a change of the breaker; never throws. */
  private void changed(
      CircuitBreakerChanged.State state, CircuitBreaker.State previous, String reason) {
    try {
      changes.accept(
          new CircuitBreakerChanged(
              botId,
              nodeId.get(),
              clock.instant(),
              state,
              CircuitBreakerChanged.State.valueOf(previous.name()),
              reason));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Bot " + botId + ": could not report a circuit breaker change", e);
    }
  }

  /** Open: no call may leave. Thread-safe. */
  boolean isOpen() {
    return breaker.isOpen();
  }

  boolean isHalfOpen() {
    return breaker.isHalfOpen();
  }

  /**
   * How long an open breaker still lets no call through; once its delay has passed it turns
   * half-open and this is zero. Zero when not open.
   */
  Duration remainingDelay() {
    if (!breaker.isOpen()) {
      return Duration.ZERO;
    }
    Duration remaining = breaker.getRemainingDelay();
    if (remaining.compareTo(Duration.ZERO) > 0) {
      return remaining;
    }
    breaker.halfOpen();
    return Duration.ZERO;
  }

  void recordSuccess() {
    breaker.recordSuccess();
  }

  /** A 5xx or no answer; {@code failure} in words, for the reason of an opening. */
  void recordFailure(String failure) {
    lastFailure = failure;
    breaker.recordFailure();
  }
}
