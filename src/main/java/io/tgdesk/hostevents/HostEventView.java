package io.tgdesk.hostevents;

import java.time.Instant;

/** A queued event for one endpoint, with its delivery state and its JSON body. */
public record HostEventView(
    long id,
    String eventId,
    long endpointId,
    String type,
    long ticketId,
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
