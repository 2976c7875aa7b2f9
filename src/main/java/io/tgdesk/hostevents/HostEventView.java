package io.tgdesk.hostevents;

import java.time.Instant;

/**
 * A queued event for one endpoint, with its delivery state and its JSON body; {@code ticketId} for
 * a ticket event, {@code customerId} for a customer event.
 */
public record HostEventView(
    long id,
    String eventId,
    long endpointId,
    String type,
    Long ticketId,
    Long customerId,
    String state,
    int attempts,
    Instant nextAttemptAt,
    Integer lastStatus,
    String lastError,
    Instant occurredAt,
    Instant deliveredAt,
    String payload) {

  static HostEventView of(HostEvent e) {
    return new HostEventView(
        e.id(),
        e.eventId(),
        e.endpointId(),
        e.type(),
        e.ticketId(),
        e.customerId(),
        e.state().name().toLowerCase(),
        e.attempts(),
        e.state() == HostEventState.PENDING ? e.nextAttemptAt() : null,
        e.lastStatus(),
        e.lastError(),
        e.occurredAt(),
        e.deliveredAt(),
        e.payload());
  }
}
