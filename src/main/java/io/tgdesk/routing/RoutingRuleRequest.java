package io.tgdesk.routing;

/**
 * A routing rule as the admin API receives it: exactly one of {@code queue} and {@code
 * topicGroupId} (what it matches; fixed once created), exactly one of {@code botId} and {@code
 * poolId} (where new conversations go).
 */
public record RoutingRuleRequest(String queue, Long topicGroupId, Long botId, Long poolId) {}
