package io.tgdesk.diagnostics;

import java.time.Instant;

/**
 * A circuit breaker change as admins see it.
 *
 * @param state the new state: open, half-open or closed
 * @param previousState the state before
 * @param node the server whose delivery loop it was
 */
public record BreakerEventView(
    long id,
    long botId,
    String node,
    Instant at,
    String state,
    String previousState,
    String reason) {

  static BreakerEventView of(BreakerEvent e) {
    return new BreakerEventView(
        e.id(),
        e.botId(),
        e.nodeId(),
        e.changedAt(),
        wire(e.state()),
        wire(e.previousState()),
        e.reason());
  }

  private static String wire(String state) {
    return state == null ? null : state.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
