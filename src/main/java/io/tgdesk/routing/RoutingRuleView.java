package io.tgdesk.routing;

import java.time.Instant;

/** A routing rule as the admin API shows it; the absent match and target fields are null. */
public record RoutingRuleView(
    long id,
    String queue,
    Long topicGroupId,
    Long botId,
    Long poolId,
    Instant createdAt,
    Instant updatedAt) {

  static RoutingRuleView of(RoutingRule r) {
    return new RoutingRuleView(
        r.id(),
        r.queueName(),
        r.topicGroupId(),
        r.bot() == null ? null : r.bot().value(),
        r.pool() == null ? null : r.pool().value(),
        r.createdAt(),
        r.updatedAt());
  }
}
