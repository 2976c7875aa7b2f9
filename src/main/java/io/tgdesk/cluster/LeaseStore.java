package io.tgdesk.cluster;

import io.tgdesk.telegram.bots.BotDeleting;
import io.tgdesk.telegram.bots.BotId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

/**
 * Heartbeats and bot leases in the shared database. Every change locks the lease row (SELECT ...
 * FOR UPDATE), so two servers deciding at once are serialised by the database.
 */
@ApplicationScoped
public class LeaseStore {

  @PersistenceContext EntityManager em;

  /** Records that {@code node} is alive at {@code now}. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void heartbeat(NodeId node, Instant now, boolean starting) {
    ClusterNode n = em.find(ClusterNode.class, node.value(), LockModeType.PESSIMISTIC_WRITE);
    if (n == null) {
      em.persist(new ClusterNode(node.value(), now));
    } else {
      n.beat(now, starting);
    }
  }

  /** Servers whose last heartbeat is not older than {@code since}. */
  @Transactional
  public List<ClusterNode> nodesAliveSince(Instant since) {
    return em.createQuery(
            "select n from ClusterNode n where n.heartbeatAt >= :since order by n.nodeId",
            ClusterNode.class)
        .setParameter("since", since)
        .getResultList();
  }

  @Transactional
  public List<ClusterNode> nodes() {
    return em.createQuery("select n from ClusterNode n order by n.nodeId", ClusterNode.class)
        .getResultList();
  }

  @Transactional
  public List<BotLease> leases() {
    return em.createQuery("select l from BotLease l order by l.botId", BotLease.class)
        .getResultList();
  }

  /**
   * Grants the bot's lease to {@code node} when nobody holds it, it has expired, or {@code node}
   * held it before (a restart of the same server). The token grows with every grant.
   *
   * @return the new token, or empty when another server holds the lease; a concurrent first grant
   *     of the same bot by another server fails with a persistence exception
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public OptionalLong tryAcquire(BotId bot, NodeId node, Instant now, Duration ttl) {
    BotLease lease = em.find(BotLease.class, bot.value(), LockModeType.PESSIMISTIC_WRITE);
    if (lease == null) {
      lease = new BotLease(bot.value());
      em.persist(lease);
    } else if (lease.heldByAnotherAt(node.value(), now)) {
      return OptionalLong.empty();
    }
    lease.grant(node.value(), now, ttl);
    em.flush();
    return OptionalLong.of(lease.token());
  }

  /**
   * Extends, in one transaction, every lease that {@code node} still holds under the token it
   * knows; one round trip per heartbeat however many bots the server owns.
   *
   * @param tokens the server's leases: bot id to fencing token
   * @return the bots whose lease was extended; the others were lost
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public java.util.Set<Long> renewAll(
      NodeId node, java.util.Map<Long, Long> tokens, Instant now, Duration ttl) {
    java.util.Set<Long> renewed = new java.util.HashSet<>();
    if (tokens.isEmpty()) {
      return renewed;
    }
    List<BotLease> mine =
        em.createQuery("select l from BotLease l where l.owner = :node", BotLease.class)
            .setParameter("node", node.value())
            .setLockMode(LockModeType.PESSIMISTIC_WRITE)
            .getResultList();
    for (BotLease lease : mine) {
      Long token = tokens.get(lease.botId());
      if (token != null && lease.heldBy(node.value(), token)) {
        lease.renew(now, ttl);
        renewed.add(lease.botId());
      }
    }
    return renewed;
  }

  /** Gives the lease up at once so that another server can take it. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void release(BotId bot, NodeId node, long token, Instant now) {
    BotLease lease = em.find(BotLease.class, bot.value(), LockModeType.PESSIMISTIC_WRITE);
    if (lease != null && lease.heldBy(node.value(), token)) {
      lease.release(now);
    }
  }

  /**
   * The fence, in the caller's transaction: whether {@code node} still holds the lease under {@code
   * token} at {@code now}. The row is read with a shared lock, so a grant to another server waits
   * for the caller's transaction (e.g. a claim of outbox entries) to end.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public boolean holds(BotId bot, NodeId node, long token, Instant now) {
    BotLease lease = em.find(BotLease.class, bot.value(), LockModeType.PESSIMISTIC_READ);
    return lease != null
        && lease.heldBy(node.value(), token)
        && lease.expiresAt() != null
        && lease.expiresAt().isAfter(now);
  }

  /**
   * Deletes the leases of bots that no longer exist: a grant that raced with the deletion of its
   * bot (the heartbeat had listed the bot just before) would otherwise stay, expired, for ever.
   *
   * @return how many were deleted
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public int forgetLeasesOfDeletedBots() {
    return em.createQuery(
            "delete from BotLease l where not exists (select b from Bot b where b.id = l.botId)")
        .executeUpdate();
  }

  void onBotDeleting(@Observes BotDeleting event) {
    em.createQuery("delete from BotLease l where l.botId = :bot")
        .setParameter("bot", event.botId().value())
        .executeUpdate();
  }
}
