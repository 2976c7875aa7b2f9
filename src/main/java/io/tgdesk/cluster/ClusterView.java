package io.tgdesk.cluster;

import java.time.Instant;
import java.util.List;

/**
 * The cluster as the admin sees it: the servers with their heartbeats and which server owns which
 * bot.
 *
 * @param node the server that answered
 * @param leaseSeconds the configured lease
 */
public record ClusterView(String node, long leaseSeconds, List<Node> nodes, List<Lease> leases) {

  /** A server; alive when its last heartbeat is younger than the lease. */
  public record Node(String nodeId, Instant startedAt, Instant heartbeatAt, boolean alive) {}

  /** A bot's lease; {@code owner} is null when it was given up and not yet taken. */
  public record Lease(
      long botId,
      String owner,
      long token,
      Instant acquiredAt,
      Instant renewedAt,
      Instant expiresAt,
      boolean expired) {}
}
