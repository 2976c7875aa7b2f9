package io.tgdesk.cluster;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;

/**
 * Which server owns a bot until when. The token grows by one with every grant: work done under an
 * older token (a server that was paused past its lease) is refused.
 */
@Entity
@Table(name = "bot_lease")
public class BotLease {

  @Id
  @Column(name = "bot_id")
  private long botId;

  @Column(name = "owner_node")
  private String owner;

  @Column(name = "fencing_token", nullable = false)
  private long token;

  @Column(name = "acquired_at")
  private Instant acquiredAt;

  @Column(name = "renewed_at")
  private Instant renewedAt;

  @Column(name = "expires_at")
  private Instant expiresAt;

  protected BotLease() {}

  BotLease(long botId) {
    this.botId = botId;
  }

  boolean heldByAnotherAt(String node, Instant now) {
    return owner != null && !owner.equals(node) && expiresAt != null && expiresAt.isAfter(now);
  }

  boolean heldBy(String node, long expectedToken) {
    return node.equals(owner) && token == expectedToken;
  }

  void grant(String node, Instant now, Duration ttl) {
    owner = node;
    token++;
    acquiredAt = now;
    renewedAt = now;
    expiresAt = now.plus(ttl);
  }

  void renew(Instant now, Duration ttl) {
    renewedAt = now;
    expiresAt = now.plus(ttl);
  }

  void release(Instant now) {
    owner = null;
    expiresAt = now;
  }

  public long botId() {
    return botId;
  }

  public String owner() {
    return owner;
  }

  public long token() {
    return token;
  }

  public Instant acquiredAt() {
    return acquiredAt;
  }

  public Instant renewedAt() {
    return renewedAt;
  }

  public Instant expiresAt() {
    return expiresAt;
  }
}
