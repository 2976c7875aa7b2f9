package io.tgdesk.routing;

import io.tgdesk.telegram.bots.BotId;
import java.time.Instant;
import java.util.List;

/** A pool as the admin API shows it. */
public record BotPoolView(
    long id, String name, List<Long> botIds, Instant createdAt, Instant updatedAt) {

  static BotPoolView of(BotPool p) {
    return new BotPoolView(
        p.id().value(),
        p.name(),
        p.bots().stream().map(BotId::value).toList(),
        p.createdAt(),
        p.updatedAt());
  }
}
