package io.tgdesk.diagnostics;

import io.tgdesk.telegram.botapi.BotApiCall;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;

/** Writes of the call audit and of the webhook check history: inserts and retention deletes. */
@ApplicationScoped
public class CallLog {

  static final int DELETE_BATCH = 500;

  @PersistenceContext EntityManager em;

  /** Writes a batch of calls in one transaction. */
  @Transactional
  public void insert(List<BotApiCall> calls) {
    for (BotApiCall c : calls) {
      em.persist(new AuditedCall(c));
    }
  }

  @Transactional
  public void insert(WebhookCheck check) {
    em.persist(check);
  }

  /**
   * Deletes up to {@link #DELETE_BATCH} audited calls older than {@code cutoff}, by primary key (a
   * range delete from concurrent transactions deadlocks on Derby); returns how many went.
   */
  @Transactional
  public int deleteCallsBefore(Instant cutoff) {
    List<Long> ids =
        em.createQuery("select c.id from AuditedCall c where c.calledAt < :cutoff", Long.class)
            .setParameter("cutoff", cutoff)
            .setMaxResults(DELETE_BATCH)
            .getResultList();
    if (ids.isEmpty()) {
      return 0;
    }
    return em.createQuery("delete from AuditedCall c where c.id in :ids")
        .setParameter("ids", ids)
        .executeUpdate();
  }

  /** As {@link #deleteCallsBefore}, for webhook checks. */
  @Transactional
  public int deleteChecksBefore(Instant cutoff) {
    List<Long> ids =
        em.createQuery("select c.id from WebhookCheck c where c.checkedAt < :cutoff", Long.class)
            .setParameter("cutoff", cutoff)
            .setMaxResults(DELETE_BATCH)
            .getResultList();
    if (ids.isEmpty()) {
      return 0;
    }
    return em.createQuery("delete from WebhookCheck c where c.id in :ids")
        .setParameter("ids", ids)
        .executeUpdate();
  }
}
