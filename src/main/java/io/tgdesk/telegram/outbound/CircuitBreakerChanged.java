package io.tgdesk.telegram.outbound;

import io.tgdesk.telegram.bots.BotId;
import java.time.Instant;

/**
 * CDI event raised when a bot's circuit breaker changes state on this server: it opened after
 * repeated transport failures (5xx, no answer), went half-open to let one probe call through, or
 * closed after a probe succeeded. Raised synchronously on the delivery loop's thread, outside any
 * transaction: observers must return quickly and not throw (a throw is logged and ignored).
 * Immutable.
 *
 * @param botId the bot whose loop it is
 * @param node the server the loop runs on (a breaker is per server)
 * @param at when it changed, on the engine's clock
 * @param state the new state
 * @param previous the state before
 * @param reason why, in words: for an opening the failures and the last one's description
 */
public record CircuitBreakerChanged(
    BotId botId, String node, Instant at, State state, State previous, String reason) {

  /** The states of a circuit breaker. */
  public enum State {
    /** Calls go out. */
    CLOSED,
    /** No calls until the open delay passed. */
    OPEN,
    /** One probe call at a time. */
    HALF_OPEN
  }
}
