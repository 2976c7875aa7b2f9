package io.tgdesk.telegram.inbound;

import io.tgdesk.intake.IntakeLifecycle;
import io.tgdesk.intake.IntakeState;
import io.tgdesk.telegram.bots.BotDeleting;
import io.tgdesk.telegram.bots.BotId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The durable store of received updates. */
@ApplicationScoped
public class UpdateStore {

  @PersistenceContext EntityManager em;

  /**
   * Inserts the update in its own transaction. Throws a {@link
   * jakarta.persistence.PersistenceException} (or a transaction exception wrapping it) when (bot,
   * update_id) is already stored.
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void insert(BotId bot, long updateId, String source, byte[] raw, Instant now) {
    em.persist(new ReceivedUpdate(bot.value(), updateId, source, raw, now));
    em.flush();
  }

  public boolean exists(BotId bot, long updateId) {
    return em.createQuery(
                "select count(u) from ReceivedUpdate u where u.botId = :bot and u.updateId = :uid",
                Long.class)
            .setParameter("bot", bot.value())
            .setParameter("uid", updateId)
            .getSingleResult()
        > 0;
  }

  /** Ids of the bot's updates due for processing, in update_id order (Telegram's order). */
  public List<Long> findDue(BotId bot, Instant now, int limit) {
    return em.createQuery(
            "select u.id from ReceivedUpdate u where u.botId = :bot and"
                + IntakeLifecycle.dueIn("u")
                + " order by u.updateId",
            Long.class)
        .setParameter("bot", bot.value())
        .setParameter("now", now)
        .setMaxResults(limit)
        .getResultList();
  }

  /** Bots that have updates due for processing. */
  public List<BotId> botsWithDue(Instant now) {
    return em
        .createQuery(
            "select distinct u.botId from ReceivedUpdate u where" + IntakeLifecycle.dueIn("u"),
            Long.class)
        .setParameter("now", now)
        .getResultList()
        .stream()
        .map(BotId::of)
        .toList();
  }

  public Optional<ReceivedUpdate> find(long id) {
    return Optional.ofNullable(em.find(ReceivedUpdate.class, id));
  }

  /** The attempts the update has had; 0 when it is gone. */
  public int attemptsOf(long id) {
    return find(id).map(u -> u.lifecycle().attempts()).orElse(0);
  }

  /** Records a failed processing attempt in its own transaction. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void markFailed(long id, String error, Instant retryAt, Instant now) {
    ReceivedUpdate u = em.find(ReceivedUpdate.class, id);
    if (u != null) {
      u.lifecycle().failed(error, retryAt, now);
    }
  }

  @Transactional
  public Optional<ReceivedUpdate> retryNow(long id, Instant now) {
    ReceivedUpdate u = em.find(ReceivedUpdate.class, id);
    if (u == null) {
      return Optional.empty();
    }
    u.lifecycle().retryNow(now);
    return Optional.of(u);
  }

  public List<ReceivedUpdate> list(IntakeState state, Long botId, int page, int size) {
    var q =
        em.createQuery(
            "select u from ReceivedUpdate u where 1 = 1"
                + (state == null ? "" : " and u.lifecycle.state = :state")
                + (botId == null ? "" : " and u.botId = :bot")
                + " order by u.id desc",
            ReceivedUpdate.class);
    if (state != null) q.setParameter("state", state);
    if (botId != null) q.setParameter("bot", botId);
    return q.setFirstResult(page * size).setMaxResults(size).getResultList();
  }

  public long count(IntakeState state, Long botId) {
    var q =
        em.createQuery(
            "select count(u) from ReceivedUpdate u where 1 = 1"
                + (state == null ? "" : " and u.lifecycle.state = :state")
                + (botId == null ? "" : " and u.botId = :bot"),
            Long.class);
    if (state != null) q.setParameter("state", state);
    if (botId != null) q.setParameter("bot", botId);
    return q.getSingleResult();
  }

  void onBotDeleting(@Observes BotDeleting event) {
    em.createQuery("delete from ReceivedUpdate u where u.botId = :bot")
        .setParameter("bot", event.botId().value())
        .executeUpdate();
  }
}
