package io.tgdesk.diagnostics;

import io.tgdesk.telegram.botapi.BotApiCall;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Writes of the call audit, the webhook check history and the circuit breaker history: inserts and
 * retention deletes.
 */
@ApplicationScoped
public class CallLog {

  @PersistenceContext EntityManager em;

  /**
   * Writes a batch of calls in one transaction, in one JDBC batch on the transaction's connection:
   * JPA would write a row at a time (an identity id is read back after each insert), about a tenth
   * of the server's CPU while the paid lane sends at its highest rate. Nothing reads the ids back.
   */
  @Transactional
  public void insert(List<BotApiCall> calls) {
    try (PreparedStatement insert =
        em.unwrap(Connection.class).prepareStatement(AuditedCall.INSERT)) {
      for (BotApiCall c : calls) {
        new AuditedCall(c).bindInsert(insert);
        insert.addBatch();
      }
      insert.executeBatch();
    } catch (SQLException e) {
      throw new PersistenceException("Could not write " + calls.size() + " audited calls", e);
    }
  }

  @Transactional
  public void insert(WebhookCheck check) {
    em.persist(check);
  }

  @Transactional
  public void insert(BreakerEvent event) {
    em.persist(event);
  }

  /**
   * Deletes up to {@code batch} audited calls older than {@code cutoff}, by primary key (a range
   * delete from concurrent transactions deadlocks on Derby); returns how many went.
   */
  @Transactional
  public int deleteCallsBefore(Instant cutoff, int batch) {
    return deleteBefore("AuditedCall", "calledAt", cutoff, batch);
  }

  /** As {@link #deleteCallsBefore}, for webhook checks. */
  @Transactional
  public int deleteChecksBefore(Instant cutoff, int batch) {
    return deleteBefore("WebhookCheck", "checkedAt", cutoff, batch);
  }

  /** As {@link #deleteCallsBefore}, for circuit breaker changes. */
  @Transactional
  public int deleteBreakerEventsBefore(Instant cutoff, int batch) {
    return deleteBefore("BreakerEvent", "changedAt", cutoff, batch);
  }

  /**
   * Makes up to {@code batch} audited calls to a chat made before {@code before} name no chat and
   * no description any more, in the caller's transaction (a customer's erasure); the calls still
   * count in the rates.
   *
   * @return how many were changed (fewer than {@code batch}: none is left)
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public int forgetChat(long botId, long chatId, Instant before, int batch) {
    // Entity by entity: a bulk UPDATE binds its nulls as text, which PostgreSQL refuses for a
    // BIGINT column.
    List<AuditedCall> calls =
        em.createQuery(
                "select c from AuditedCall c where c.botId = :bot and c.chatId = :chat"
                    + " and c.calledAt < :before",
                AuditedCall.class)
            .setParameter("bot", botId)
            .setParameter("chat", chatId)
            .setParameter("before", before)
            .setMaxResults(batch)
            .getResultList();
    calls.forEach(AuditedCall::forgetChat);
    em.flush();
    return calls.size();
  }

  /** The entity and its time attribute are this class's constants, never input. */
  private int deleteBefore(String entity, String time, Instant cutoff, int batch) {
    List<Long> ids =
        em.createQuery(
                "select x.id from " + entity + " x where x." + time + " < :cutoff", Long.class)
            .setParameter("cutoff", cutoff)
            .setMaxResults(batch)
            .getResultList();
    if (ids.isEmpty()) {
      return 0;
    }
    return em.createQuery("delete from " + entity + " x where x.id in :ids")
        .setParameter("ids", ids)
        .executeUpdate();
  }
}
