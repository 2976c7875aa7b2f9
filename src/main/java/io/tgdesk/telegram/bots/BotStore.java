package io.tgdesk.telegram.bots;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Bot rows: each method is its own transaction. */
@ApplicationScoped
public class BotStore {

  @PersistenceContext EntityManager em;

  @Inject Event<BotDeleting> deleting;

  public Optional<Bot> find(BotId id) {
    return Optional.ofNullable(em.find(Bot.class, id.value()));
  }

  public List<Bot> list() {
    return em.createQuery("select b from Bot b order by b.id", Bot.class).getResultList();
  }

  public List<Bot> listEnabledPolling() {
    return em.createQuery(
            "select b from Bot b where b.mode = :mode and b.enabled = true order by b.id",
            Bot.class)
        .setParameter("mode", BotMode.POLLING)
        .getResultList();
  }

  public boolean nameTaken(String name, BotId except) {
    return em.createQuery(
                "select count(b) from Bot b where b.name = :name and b.id <> :except", Long.class)
            .setParameter("name", name)
            .setParameter("except", except == null ? -1L : except.value())
            .getSingleResult()
        > 0;
  }

  public boolean tokenTaken(String token, BotId except) {
    return em.createQuery(
                "select count(b) from Bot b where b.token = :token and b.id <> :except", Long.class)
            .setParameter("token", token)
            .setParameter("except", except == null ? -1L : except.value())
            .getSingleResult()
        > 0;
  }

  @Transactional
  public Bot insert(Bot bot) {
    em.persist(bot);
    em.flush();
    return bot;
  }

  /** Applies {@code change} to the bot in one transaction; empty when the bot does not exist. */
  @Transactional
  public Optional<Bot> update(BotId id, Consumer<Bot> change) {
    Bot bot = em.find(Bot.class, id.value());
    if (bot == null) {
      return Optional.empty();
    }
    change.accept(bot);
    em.flush();
    return Optional.of(bot);
  }

  /** Deletes the bot and, through {@link BotDeleting} observers, everything kept for it. */
  @Transactional
  public boolean delete(BotId id) {
    Bot bot = em.find(Bot.class, id.value());
    if (bot == null) {
      return false;
    }
    deleting.fire(new BotDeleting(id));
    em.remove(bot);
    return true;
  }

  /** Records a successful getUpdates and the highest update id it returned (null: none). */
  @Transactional
  public void recordPolled(BotId id, Long highestUpdateId, Instant now) {
    em.createQuery(
            "update Bot b set b.pollStatus = 'OK', b.pollFailures = 0, b.lastPolledAt = :now"
                + " where b.id = :id")
        .setParameter("now", now)
        .setParameter("id", id.value())
        .executeUpdate();
    if (highestUpdateId != null) {
      em.createQuery(
              "update Bot b set b.lastUpdateId = :high"
                  + " where b.id = :id and (b.lastUpdateId is null or b.lastUpdateId < :high)")
          .setParameter("high", highestUpdateId)
          .setParameter("id", id.value())
          .executeUpdate();
    }
  }

  /** Records a failed getUpdates; {@code status} names the kind (CONFLICT, UNAUTHORIZED, ERROR). */
  @Transactional
  public void recordPollFailed(BotId id, String status, String error, Instant now) {
    em.createQuery(
            "update Bot b set b.pollStatus = :status, b.pollError = :error, b.pollErrorAt = :now,"
                + " b.pollFailures = b.pollFailures + 1, b.lastPolledAt = :now where b.id = :id")
        .setParameter("status", status)
        .setParameter("error", error.length() > 1000 ? error.substring(0, 1000) : error)
        .setParameter("now", now)
        .setParameter("id", id.value())
        .executeUpdate();
  }

  /**
   * Disables the bot because of what Telegram answered (e.g. 401); an admin re-enables it with
   * PATCH.
   */
  @Transactional
  public void disable(BotId id, String reason, Instant now) {
    // Through the entity, not a bulk update: EclipseLink writes a boolean in a bulk update as 0,
    // which Derby's BOOLEAN column refuses (the bot then stayed enabled after a 401).
    Bot bot = em.find(Bot.class, id.value(), jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
    if (bot != null) {
      bot.disable(reason, now);
    }
  }

  /**
   * Records a bot-wide 429 pause (Telegram's retry_after for the whole bot) so a restart keeps it.
   */
  @Transactional
  public void pauseUntil(BotId id, Instant until) {
    em.createQuery("update Bot b set b.pausedUntil = :until where b.id = :id")
        .setParameter("until", until)
        .setParameter("id", id.value())
        .executeUpdate();
  }
}
