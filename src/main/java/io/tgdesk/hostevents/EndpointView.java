package io.tgdesk.hostevents;

import java.time.Instant;
import java.util.List;

/**
 * An endpoint as admins see it. The secret is shown only when it is created or rotated.
 *
 * @param eventTypes the subscribed types; null means all
 */
public record EndpointView(
    long id,
    String url,
    List<String> eventTypes,
    int maxAttempts,
    boolean enabled,
    String secret,
    Instant createdAt,
    Instant updatedAt) {

  static EndpointView of(EventEndpoint e, boolean withSecret) {
    return new EndpointView(
        e.id(),
        e.url(),
        e.eventTypes(),
        e.maxAttempts(),
        e.enabled(),
        withSecret ? e.secret() : null,
        e.createdAt(),
        e.updatedAt());
  }
}
