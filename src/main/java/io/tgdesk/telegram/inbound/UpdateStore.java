package io.tgdesk.telegram.inbound;

import io.tgdesk.intake.IntakeLifecycle;
import io.tgdesk.intake.IntakeState;
import io.tgdesk.schema.JdbcParams;
import io.tgdesk.schema.PageRows;
import io.tgdesk.telegram.bots.BotDeleting;
import io.tgdesk.telegram.bots.BotId;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** The durable store of received updates. */
@ApplicationScoped
public class UpdateStore {

  private static final String INSERT =
      "insert into telegram_update (bot_id, update_id, source, raw, state, attempts,"
          + " next_attempt_at, received_at) values (?, ?, ?, ?, ?, 0, ?, ?)";

  @PersistenceContext EntityManager em;

  @Resource(lookup = "jdbc/tgdesk")
  DataSource dataSource;

  /**
   * Inserts the update in a new transaction, and does {@code alsoNow} in it once the row is written
   * (it is undone with the insert when the update turns out to be stored already). Throws a {@link
   * jakarta.persistence.PersistenceException} (or a transaction exception wrapping it) when (bot,
   * update_id) is already stored. The row is written with one statement on the transaction's
   * connection, not through the persistence context: at 40 concurrent webhook deliveries the
   * entity's insert (its change set, and the generated id read back) cost about as much as the
   * database's own work, and nothing here needs the entity. The columns are {@link
   * ReceivedUpdate}'s, with the values of {@link IntakeLifecycle#receivedAt}.
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void insertWith(
      BotId bot, long updateId, String source, byte[] raw, Instant now, Runnable alsoNow) {
    try (Connection c = dataSource.getConnection()) {
      write(c, bot, updateId, source, raw, now);
    } catch (SQLException e) {
      // Rolls the transaction back; UniqueKeys tells a repeat by the SQLState in the cause.
      throw storingFailed(bot, updateId, e);
    }
    alsoNow.run();
  }

  /**
   * As {@link #insertWith} with nothing else to do, for a caller outside any transaction (in one,
   * the connection refuses auto-commit and this throws): the one statement commits itself, so the
   * row is durable when this returns, without a JTA transaction begun, enlisted and committed
   * around it. At 40 concurrent webhook deliveries that transaction's interceptor, enlistment and
   * commit were about a quarter of the webhook's own CPU, and on PostgreSQL the commit was a round
   * trip of its own.
   */
  public void insertCommitted(BotId bot, long updateId, String source, byte[] raw, Instant now) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(true);
      write(c, bot, updateId, source, raw, now);
    } catch (SQLException e) {
      throw storingFailed(bot, updateId, e);
    }
  }

  private static void write(
      Connection c, BotId bot, long updateId, String source, byte[] raw, Instant now)
      throws SQLException {
    Timestamp at = Timestamp.from(now);
    try (PreparedStatement insert = c.prepareStatement(INSERT)) {
      insert.setLong(1, bot.value());
      insert.setLong(2, updateId);
      insert.setString(3, source);
      insert.setBytes(4, raw);
      insert.setString(5, IntakeState.RECEIVED.name());
      insert.setTimestamp(6, at);
      insert.setTimestamp(7, at);
      insert.executeUpdate();
    }
  }

  private static PersistenceException storingFailed(BotId bot, long updateId, SQLException e) {
    return new PersistenceException(
        "Storing update " + updateId + " of bot " + bot + " failed: " + e.getMessage(), e);
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

  /**
   * PostgreSQL only: the stored updates with these ids (of one bot), by id, locked for the caller's
   * transaction in one query, prepared once, in update_id order. A locking lookup each is a query
   * EclipseLink prepares anew on every call: about a fifth of the processor's time in a group of
   * updates.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public Map<Long, ReceivedUpdate> lockedOnPostgres(Collection<Long> ids) {
    String array = JdbcParams.bigintArray(ids);
    Map<Long, ReceivedUpdate> found = new HashMap<>();
    for (ReceivedUpdate u :
        em.createNamedQuery(ReceivedUpdate.LOCK_BY_IDS_POSTGRES, ReceivedUpdate.class)
            .setParameter(1, array)
            .getResultList()) {
      found.put(u.id(), u);
    }
    return found;
  }

  public Optional<ReceivedUpdate> find(long id) {
    return Optional.ofNullable(em.find(ReceivedUpdate.class, id));
  }

  /** The attempts the update has had; 0 when it is gone. */
  public int attemptsOf(long id) {
    return find(id).map(u -> u.lifecycle().attempts()).orElse(0);
  }

  /**
   * Records a failed processing attempt in its own transaction, with the chat the update names.
   *
   * @return the hold on that chat (in a forum, on that topic) while the update is to be tried
   *     again; empty when it is not (no more attempts), names no chat, or is gone
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public Optional<HeldChats.Hold> markFailed(long id, String error, Instant retryAt, Instant now) {
    // Locked, and only while still unapplied: during a handover another server may have applied
    // it meanwhile.
    ReceivedUpdate u = em.find(ReceivedUpdate.class, id, LockModeType.PESSIMISTIC_WRITE);
    if (u == null || !u.lifecycle().unapplied()) {
      return Optional.empty();
    }
    UpdateChat.Place place = placeOf(u);
    u.failed(place, error, retryAt, now);
    return place == null || retryAt == null
        ? Optional.empty()
        : Optional.of(new HeldChats.Hold(place, u.updateId(), retryAt));
  }

  /**
   * The bot's chats (and forum topics) held back at {@code now}: each one's earliest update that
   * failed (or waits for one that did) and is tried again later. Reads the failed and waiting
   * updates of every bot by the state index, which are few, and keeps the bot's (with the bot in
   * the condition, Derby may read all of the bot's updates by the (bot, update_id) index instead).
   * Their chat and topic are recorded with them; the body is read only for one whose chat is not
   * recorded (it names none, or failed before chats and topics were recorded).
   */
  HeldChats heldChats(BotId bot, Instant now) {
    List<Object[]> rows =
        em.createQuery(
                "select u.id, u.botId, u.chatId, u.threadKey, u.updateId,"
                    + " u.lifecycle.nextAttemptAt"
                    + " from ReceivedUpdate u where u.lifecycle.state in :held"
                    + " and u.lifecycle.nextAttemptAt > :now",
                Object[].class)
            .setParameter("held", List.of(IntakeState.FAILED, IntakeState.WAITING))
            .setParameter("now", now)
            .getResultList();
    List<HeldChats.Hold> holds = new java.util.ArrayList<>();
    for (Object[] r : rows) {
      if (((Long) r[1]) != bot.value()) {
        continue;
      }
      UpdateChat.Place recorded = UpdateChat.Place.recorded((Long) r[2], (Long) r[3]);
      UpdateChat.Place place =
          recorded != null ? recorded : find((Long) r[0]).map(UpdateStore::placeOf).orElse(null);
      if (place != null) {
        holds.add(new HeldChats.Hold(place, (Long) r[4], (Instant) r[5]));
      }
    }
    return HeldChats.of(holds);
  }

  /**
   * Where the update belongs for its order ({@link UpdateChat#placeOf}): as recorded when it failed
   * or began to wait, else read from its body; its recorded chat when the body names none.
   */
  static UpdateChat.Place placeOf(ReceivedUpdate u) {
    UpdateChat.Place recorded = u.recordedPlace();
    if (recorded != null) {
      return recorded;
    }
    UpdateChat.Place place = UpdateChat.placeOf(new String(u.raw(), StandardCharsets.UTF_8));
    if (place == null && u.chatId() != null) {
      return new UpdateChat.Place(u.chatId(), null);
    }
    return place;
  }

  /**
   * Makes a failed update due now with a full set of attempts, and the updates of its chat (in a
   * forum, of its topic) that wait for it due with it (they come after it in update_id order, and
   * wait again if it fails again).
   */
  @Transactional
  public Optional<ReceivedUpdate> retryNow(long id, Instant now) {
    ReceivedUpdate u = em.find(ReceivedUpdate.class, id, LockModeType.PESSIMISTIC_WRITE);
    if (u == null) {
      return Optional.empty();
    }
    u.lifecycle().retryNow(now);
    inPlaceOf(u, IntakeState.WAITING).stream()
        .filter(w -> w.updateId() > u.updateId())
        .forEach(w -> w.lifecycle().dueAgain(now));
    return Optional.of(u);
  }

  /**
   * The failed update a waiting one waits for: the earliest failed update of its chat (in a forum,
   * of its topic) before it that is to be tried again. Empty when there is none (any more).
   */
  public Optional<ReceivedUpdate> heldBy(ReceivedUpdate waiting) {
    return inPlaceOf(waiting, IntakeState.FAILED).stream()
        .filter(f -> f.updateId() < waiting.updateId() && f.lifecycle().nextAttemptAt() != null)
        .findFirst();
  }

  /**
   * The bot's updates in {@code state} (failed or waiting ones, which are few) in the same place as
   * {@code u}, in update_id order; none when {@code u} names no chat.
   */
  private List<ReceivedUpdate> inPlaceOf(ReceivedUpdate u, IntakeState state) {
    UpdateChat.Place place = placeOf(u);
    if (place == null) {
      return List.of();
    }
    return em
        .createQuery(
            "select o from ReceivedUpdate o where o.botId = :bot and o.chatId = :chat"
                + " and o.lifecycle.state = :state order by o.updateId",
            ReceivedUpdate.class)
        .setParameter("bot", u.botId())
        .setParameter("chat", place.chatId())
        .setParameter("state", state)
        .getResultList()
        .stream()
        .filter(o -> place.equals(placeOf(o)))
        .toList();
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
    return PageRows.of(q, page, size, ReceivedUpdate::id);
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

  /**
   * A stored update with the raw body it arrived with.
   *
   * @param raw the body as Telegram sent it (UTF-8 JSON), or {@code {"erased":true}}
   */
  public record StoredUpdate(UpdateView update, String raw) {}

  /**
   * The stored updates of a chat with an id above {@code afterId}, up to {@code limit}, in id
   * order, with their bodies; with {@code fromUser}, only those whose body names that Telegram user
   * (sender, quoted message, contact): for a user's updates in a group.
   */
  public List<StoredUpdate> ofChat(BotId bot, long chatId, Long fromUser, long afterId, int limit) {
    List<StoredUpdate> out = new java.util.ArrayList<>();
    long after = afterId;
    while (out.size() < limit) {
      List<ReceivedUpdate> page = page(bot, chatId, Instant.MAX, after, limit);
      for (ReceivedUpdate u : page) {
        String raw = new String(u.raw(), java.nio.charset.StandardCharsets.UTF_8);
        if (fromUser == null || names(raw, fromUser)) {
          out.add(new StoredUpdate(UpdateView.of(u), raw));
        }
        after = u.id();
      }
      if (page.size() < limit || fromUser == null) {
        break;
      }
    }
    return out;
  }

  /**
   * Erases the bodies of the next {@code limit} stored updates of a chat received before {@code
   * before}, with an id above {@code afterId} (with {@code fromUser}: those that name the user, as
   * {@link #ofChat}). Joins the caller's transaction.
   *
   * @return the ids of the updates looked at (the last one is where the next batch starts), and how
   *     many were erased
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public Erased eraseOfChat(
      BotId bot, long chatId, Long fromUser, Instant before, long afterId, int limit) {
    List<ReceivedUpdate> page = page(bot, chatId, before, afterId, limit);
    int erased = 0;
    for (ReceivedUpdate u : page) {
      if (fromUser == null
          || names(new String(u.raw(), java.nio.charset.StandardCharsets.UTF_8), fromUser)) {
        u.erase();
        erased++;
      }
    }
    return new Erased(
        page.isEmpty() ? afterId : page.get(page.size() - 1).id(), page.size(), erased);
  }

  /** What {@link #eraseOfChat} did: where it stopped, how many it looked at and erased. */
  public record Erased(long lastId, int seen, int erased) {}

  /**
   * Deletes up to {@code limit} updates (of one bot, unless {@code bot} is null) processed (or
   * ignored) before {@code cutoff}, in their own transaction: the retention of ticket content.
   * Telegram never repeats an update that old.
   *
   * @return how many went
   */
  @Transactional
  public int deleteProcessedBefore(Instant cutoff, BotId bot, int limit) {
    List<Long> ids =
        processedBefore(
                "select u.id from ReceivedUpdate u where" + PROCESSED_BEFORE + " order by u.id",
                Long.class,
                cutoff,
                bot)
            .setMaxResults(limit)
            .getResultList();
    if (ids.isEmpty()) {
      return 0;
    }
    return em.createQuery("delete from ReceivedUpdate u where u.id in :ids")
        .setParameter("ids", ids)
        .executeUpdate();
  }

  /** How many updates {@link #deleteProcessedBefore} would delete. */
  public long countProcessedBefore(Instant cutoff, BotId bot) {
    return processedBefore(
            "select count(u) from ReceivedUpdate u where" + PROCESSED_BEFORE,
            Long.class,
            cutoff,
            bot)
        .getSingleResult();
  }

  private static final String PROCESSED_BEFORE =
      " u.lifecycle.processedAt < :cutoff and u.lifecycle.state in :done";

  private <T> jakarta.persistence.TypedQuery<T> processedBefore(
      String jpql, Class<T> type, Instant cutoff, BotId bot) {
    String where =
        jpql.replace(
            PROCESSED_BEFORE, PROCESSED_BEFORE + (bot == null ? "" : " and u.botId = :bot"));
    var query =
        em.createQuery(where, type)
            .setParameter("cutoff", cutoff)
            .setParameter("done", List.of(IntakeState.PROCESSED, IntakeState.IGNORED));
    return bot == null ? query : query.setParameter("bot", bot.value());
  }

  private List<ReceivedUpdate> page(
      BotId bot, long chatId, Instant before, long afterId, int limit) {
    var query =
        em.createQuery(
                "select u from ReceivedUpdate u where u.botId = :bot and u.chatId = :chat"
                    + " and u.id > :after"
                    + (before == Instant.MAX ? "" : " and u.lifecycle.receivedAt < :before")
                    + " order by u.id",
                ReceivedUpdate.class)
            .setParameter("bot", bot.value())
            .setParameter("chat", chatId)
            .setParameter("after", afterId)
            .setMaxResults(limit);
    if (before != Instant.MAX) {
      query.setParameter("before", before);
    }
    return query.getResultList();
  }

  /** Whether a raw update names this user id anywhere ("id": n, "user_id": n). */
  static boolean names(String raw, long userId) {
    return java.util.regex.Pattern.compile("\"(?:id|user_id)\"\\s*:\\s*" + userId + "(?![0-9])")
        .matcher(raw)
        .find();
  }

  void onBotDeleting(@Observes BotDeleting event) {
    em.createQuery("delete from ReceivedUpdate u where u.botId = :bot")
        .setParameter("bot", event.botId().value())
        .executeUpdate();
  }
}
