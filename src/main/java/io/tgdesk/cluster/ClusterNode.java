package io.tgdesk.cluster;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A server that has beaten its heart in the shared database. */
@Entity
@Table(name = "cluster_node")
public class ClusterNode {

  @Id
  @Column(name = "node_id")
  private String nodeId;

  @Column(name = "started_at", nullable = false)
  private Instant startedAt;

  @Column(name = "heartbeat_at", nullable = false)
  private Instant heartbeatAt;

  protected ClusterNode() {}

  ClusterNode(String nodeId, Instant now) {
    this.nodeId = nodeId;
    this.startedAt = now;
    this.heartbeatAt = now;
  }

  void beat(Instant now, boolean restarted) {
    if (restarted) {
      startedAt = now;
    }
    heartbeatAt = now;
  }

  public String nodeId() {
    return nodeId;
  }

  public Instant startedAt() {
    return startedAt;
  }

  public Instant heartbeatAt() {
    return heartbeatAt;
  }
}
