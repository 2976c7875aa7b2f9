package io.tgdesk.telegram.outbound.outbox;

import io.tgdesk.config.Settings;
import io.tgdesk.schema.JdbcParams;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Outbox rows and their state changes. Every change goes through {@link #change} so that it raises
 * exactly one {@link DeliveryStateChanged}. Methods marked {@code @Transactional} run in their own
 * (or the caller's) transaction; reads run without one.
 */
@ApplicationScoped
public class OutboxStore {

  @PersistenceContext EntityManager em;
  @Inject Event<DeliveryStateChanged> events;
  @Inject Settings settings;

  /** Inserts in the caller's transaction. */
  @Transactional(Transactional.TxType.MANDATORY)
  public OutboxEntry insert(
      long botId,
      String method,
      String params,
      long chatId,
      long threadKey,
      Lane lane,
      String category,
      String coalesceKey,
      boolean paid,
      Instant notBefore,
      Instant now) {
    OutboxEntry e =
        new OutboxEntry(
            botId,
            method,
            params,
            chatId,
            threadKey,
            lane,
            category,
            coalesceKey,
            paid,
            notBefore,
            now);
    em.persist(e);
    em.flush();
    events.fire(DeliveryStateChanged.of(e, null, now));
    return e;
  }

  /** A batch of inserts in the caller's transaction ({@link OutboxBatch}). */
  public OutboxBatch batch(Instant now) {
    return new OutboxBatch(em, events, now, settings.onPostgres());
  }

  /**
   * The newest still-pending entry with this coalescing key (there are two when one was taken by
   * the engine, a newer one queued, and the taken one given back), locked for the caller's
   * transaction where the database holds the lock (PostgreSQL; Derby at read committed may let it
   * go: see {@link #replacePendingParams}).
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public Optional<OutboxEntry> findPendingToCoalesce(long botId, String coalesceKey) {
    return em.createQuery(
            "select e from OutboxEntry e where e.botId = :bot and e.coalesceKey = :key"
                + " and e.state = io.tgdesk.telegram.outbound.outbox.OutboxState.PENDING"
                + " order by e.id desc",
            OutboxEntry.class)
        .setParameter("bot", botId)
        .setParameter("key", coalesceKey)
        .setLockMode(LockModeType.PESSIMISTIC_WRITE)
        .setMaxResults(1)
        .getResultStream()
        .findFirst();
  }

  /**
   * The latest entry of this method to the chat that is on its way now or was sent since {@code
   * since}, if any.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public Optional<OutboxEntry> recentlySent(long botId, long chatId, String method, Instant since) {
    return em.createQuery(
            "select e from OutboxEntry e where e.botId = :bot and e.chatId = :chat"
                + " and e.method = :method and (e.state = io.tgdesk.telegram.outbound.outbox.OutboxState.IN_FLIGHT"
                + " or e.state = io.tgdesk.telegram.outbound.outbox.OutboxState.SENT"
                + " and e.sentAt > :since) order by e.id desc",
            OutboxEntry.class)
        .setParameter("bot", botId)
        .setParameter("chat", chatId)
        .setParameter("method", method)
        .setParameter("since", since)
        .setMaxResults(1)
        .getResultStream()
        .findFirst();
  }

  /**
   * Gives a pending entry new parameters, in one conditional update: false, and nothing written,
   * when the entry is no longer pending (the engine claimed it, or it was cancelled, since it was
   * read). The lock taken when it was found does not always hold until commit (Derby at read
   * committed), so the state is checked where the write happens, and the engine never sends
   * parameters other than the ones it read.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public boolean replacePendingParams(OutboxEntry e, String params, Instant now) {
    em.createQuery(
            "update OutboxEntry e set e.params = :params, e.updatedAt = :now,"
                + " e.version = e.version + 1 where e.id = :id"
                + " and e.state = io.tgdesk.telegram.outbound.outbox.OutboxState.PENDING")
        .setParameter("params", params)
        .setParameter("now", now)
        .setParameter("id", e.id())
        .executeUpdate();
    // Decided by the row as this transaction now sees it, not by a row count (which a batched
    // write may not report): the bulk update bypassed the managed copy anyway.
    OutboxEntry seen = em.contains(e) ? e : em.find(OutboxEntry.class, e.id());
    if (seen == null) {
      return false;
    }
    em.refresh(seen);
    return seen.state() == OutboxState.PENDING && params.equals(seen.params());
  }

  /**
   * The last entry each of the given bots has pending, in flight or sent to each of the given chats
   * (a sent one shows the bot reaches the chat; a pending one must keep its chat's order). One row
   * per (chat, bot). Reads only.
   */
  public List<ChatSender> lastEntriesTo(Collection<Long> chatIds, Collection<Long> botIds) {
    List<ChatSender> rows = new ArrayList<>();
    if (chatIds.isEmpty() || botIds.isEmpty()) {
      return rows;
    }
    List<Long> chats = List.copyOf(chatIds);
    // One bot at a time, so that each query probes ix_outbox_order_key (bot_id, chat_id, ...).
    for (Long bot : botIds) {
      for (int from = 0; from < chats.size(); from += 500) {
        List<Object[]> found =
            em.createQuery(
                    "select e.chatId, max(e.createdAt) from OutboxEntry e"
                        + " where e.botId = :bot and e.chatId in :chats and e.state in :states"
                        + " group by e.chatId",
                    Object[].class)
                .setParameter("bot", bot)
                .setParameter("chats", chats.subList(from, Math.min(chats.size(), from + 500)))
                .setParameter(
                    "states", List.of(OutboxState.PENDING, OutboxState.IN_FLIGHT, OutboxState.SENT))
                .getResultList();
        for (Object[] r : found) {
          rows.add(new ChatSender(((Number) r[0]).longValue(), bot, instant(r[1])));
        }
      }
    }
    return rows;
  }

  /** A bot that has sent (or is sending) to a chat, and when its newest such entry was made. */
  public record ChatSender(long chatId, long botId, Instant lastAt) {}

  /** Pending entries per bot (all lanes), for the given bots; a bot with none is left out. */
  public Map<Long, Long> pendingCounts(Collection<Long> botIds) {
    Map<Long, Long> counts = new HashMap<>();
    if (botIds.isEmpty()) {
      return counts;
    }
    for (Object[] r :
        em.createQuery(
                "select e.botId, count(e) from OutboxEntry e where e.botId in :bots"
                    + " and e.state = io.tgdesk.telegram.outbound.outbox.OutboxState.PENDING"
                    + " group by e.botId",
                Object[].class)
            .setParameter("bots", botIds)
            .getResultList()) {
      counts.put(((Number) r[0]).longValue(), ((Number) r[1]).longValue());
    }
    return counts;
  }

  /**
   * Ids among {@code candidates} that have an older pending or in-flight entry for the same chat
   * and thread. One query per {@link #IDS_PER_QUERY} chats, not one per candidate: at the paid
   * rates a tick holds hundreds of candidates.
   */
  public List<Long> blockedByOlder(long botId, Collection<OutboxEntry> candidates) {
    if (candidates.isEmpty()) {
      return List.of();
    }
    long below = candidates.stream().mapToLong(OutboxEntry::id).max().getAsLong();
    List<Long> chats = candidates.stream().map(OutboxEntry::chatId).distinct().toList();
    // The oldest active entry of each (chat, thread) older than the newest candidate: a candidate
    // is blocked when that one is older than it.
    Map<List<Long>, Long> oldest = new HashMap<>();
    for (List<Long> chunk : chunks(chats)) {
      for (Object[] r :
          em.createQuery(
                  "select e.chatId, e.threadKey, min(e.id) from OutboxEntry e"
                      + " where e.botId = :bot and e.chatId in :chats and e.id < :below"
                      + " and e.state in (io.tgdesk.telegram.outbound.outbox.OutboxState.PENDING,"
                      + " io.tgdesk.telegram.outbound.outbox.OutboxState.IN_FLIGHT)"
                      + " group by e.chatId, e.threadKey",
                  Object[].class)
              .setParameter("bot", botId)
              .setParameter("chats", chunk)
              .setParameter("below", below)
              .getResultList()) {
        oldest.put(
            List.of(((Number) r[0]).longValue(), ((Number) r[1]).longValue()),
            ((Number) r[2]).longValue());
      }
    }
    List<Long> blocked = new ArrayList<>();
    for (OutboxEntry c : candidates) {
      Long older = oldest.get(List.of(c.chatId(), c.threadKey()));
      if (older != null && older < c.id()) {
        blocked.add(c.id());
      }
    }
    return blocked;
  }

  /** How many ids (or chats) one query takes in its {@code in} list. */
  static final int IDS_PER_QUERY = 200;

  private static <T> List<List<T>> chunks(List<T> all) {
    List<List<T>> chunks = new ArrayList<>();
    for (int from = 0; from < all.size(); from += IDS_PER_QUERY) {
      chunks.add(all.subList(from, Math.min(all.size(), from + IDS_PER_QUERY)));
    }
    return chunks;
  }

  /**
   * Claims the entries that are still pending, in one transaction: each becomes IN_FLIGHT with one
   * more attempt. Entries no longer pending (cancelled, claimed elsewhere) are skipped; a coalesced
   * one goes with its newest parameters. The fence is checked first, in the same transaction: when
   * it says no, nothing is claimed.
   */
  @Transactional
  public List<OutboxEntry> claim(
      Collection<Long> ids, String node, Instant now, BooleanSupplier fence) {
    if (!fence.getAsBoolean()) {
      return List.of(); // this server no longer owns the bot (see io.tgdesk.cluster)
    }
    List<OutboxEntry> claimed = new ArrayList<>();
    Map<Long, OutboxEntry> locked = locked(ids);
    for (Long id : ids) {
      OutboxEntry e = locked.get(id);
      if (e != null && e.state() == OutboxState.PENDING) {
        change(e, x -> x.claim(node, now), now);
        claimed.add(e);
      }
    }
    return claimed;
  }

  /** Telegram's answer to an entry's call: the message it made, and what is kept of the answer. */
  public record SentAnswer(long entryId, Long telegramMessageId, String result) {}

  /**
   * SENT, with Telegram's answer, for each of these entries that still exists, in one transaction
   * and in id order.
   */
  @Transactional
  public void markSent(Collection<SentAnswer> answers, Instant now) {
    List<SentAnswer> byId =
        answers.stream().sorted(Comparator.comparingLong(SentAnswer::entryId)).toList();
    Map<Long, OutboxEntry> locked = locked(byId.stream().map(SentAnswer::entryId).toList());
    for (SentAnswer a : byId) {
      OutboxEntry e = locked.get(a.entryId());
      if (e != null) {
        change(e, x -> x.sent(a.telegramMessageId(), a.result(), now), now);
      }
    }
  }

  /**
   * The entries with these ids that exist, by id, locked for the caller's transaction.
   *
   * <p>On PostgreSQL one query per {@value #IDS_PER_QUERY} ids, prepared once, which locks just
   * those rows, in id order. On Derby one lookup each, by key: a locking query over an id list let
   * Derby lock more than these rows, and an erasure beside it was refused as a conflict.
   */
  private Map<Long, OutboxEntry> locked(Collection<Long> ids) {
    Map<Long, OutboxEntry> found = new HashMap<>();
    if (!settings.onPostgres()) {
      for (Long id : ids) {
        OutboxEntry e = em.find(OutboxEntry.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (e != null) {
          found.put(id, e);
        }
      }
      return found;
    }
    // A lookup each prepared its locking query anew, about a tenth of the paid lane's CPU.
    for (List<Long> chunk : chunks(ids.stream().sorted().toList())) {
      String array = JdbcParams.bigintArray(chunk);
      for (OutboxEntry e :
          em.createNamedQuery(OutboxEntry.LOCK_BY_IDS_POSTGRES, OutboxEntry.class)
              .setParameter(1, array)
              .getResultList()) {
        found.put(e.id(), e);
      }
    }
    return found;
  }

  /** Applies an outcome to an entry in its own transaction; empty when the entry is gone. */
  @Transactional
  public Optional<OutboxEntry> update(long id, Consumer<OutboxEntry> outcome, Instant now) {
    OutboxEntry e = em.find(OutboxEntry.class, id, LockModeType.PESSIMISTIC_WRITE);
    if (e == null) {
      return Optional.empty();
    }
    change(e, outcome, now);
    return Optional.of(e);
  }

  /**
   * The pending entries of a chat (all threads), oldest first, for bulk changes in the caller's
   * transaction.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public List<OutboxEntry> pendingOfChat(long botId, long chatId) {
    return em.createQuery(
            "select e from OutboxEntry e where e.botId = :bot and e.chatId = :chat"
                + " and e.state = io.tgdesk.telegram.outbound.outbox.OutboxState.PENDING order by e.id",
            OutboxEntry.class)
        .setParameter("bot", botId)
        .setParameter("chat", chatId)
        .getResultList();
  }

  /** The bot's entries sent since {@code since}, oldest first: what its throttle must remember. */
  @Transactional
  public List<OutboxEntry> sentSince(long botId, Instant since) {
    return em.createQuery(
            "select e from OutboxEntry e where e.botId = :bot and e.sentAt >= :since"
                + " order by e.sentAt",
            OutboxEntry.class)
        .setParameter("bot", botId)
        .setParameter("since", since)
        .getResultList();
  }

  /** The ids of every entry of one (chat, thread), whatever its state, oldest first. */
  public List<Long> idsOfThread(long botId, long chatId, long threadKey) {
    return em.createQuery(
            "select e.id from OutboxEntry e where e.botId = :bot and e.chatId = :chat"
                + " and e.threadKey = :thread order by e.id",
            Long.class)
        .setParameter("bot", botId)
        .setParameter("chat", chatId)
        .setParameter("thread", threadKey)
        .getResultList();
  }

  /** Pending entries of one (chat, thread), oldest first. */
  public List<OutboxEntry> pendingOfThread(long botId, long chatId, long threadKey) {
    return em.createQuery(
            "select e from OutboxEntry e where e.botId = :bot and e.chatId = :chat"
                + " and e.threadKey = :thread"
                + " and e.state = io.tgdesk.telegram.outbound.outbox.OutboxState.PENDING order by e.id",
            OutboxEntry.class)
        .setParameter("bot", botId)
        .setParameter("chat", chatId)
        .setParameter("thread", threadKey)
        .getResultList();
  }

  /**
   * The bot's entries whose coalescing key is one of {@code keys} or starts with {@code prefix}
   * (either may be empty; the prefix must not contain LIKE wildcards), in the caller's transaction,
   * locked.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public List<OutboxEntry> withCoalesceKeys(long botId, Collection<String> keys, String prefix) {
    List<OutboxEntry> out = new ArrayList<>();
    if (!keys.isEmpty()) {
      out.addAll(
          em.createQuery(
                  "select e from OutboxEntry e where e.botId = :bot and e.coalesceKey in :keys",
                  OutboxEntry.class)
              .setParameter("bot", botId)
              .setParameter("keys", new ArrayList<>(keys))
              .setLockMode(LockModeType.PESSIMISTIC_WRITE)
              .getResultList());
    }
    if (prefix != null && !prefix.isEmpty()) {
      out.addAll(
          em.createQuery(
                  "select e from OutboxEntry e where e.botId = :bot and e.coalesceKey like :prefix",
                  OutboxEntry.class)
              .setParameter("bot", botId)
              .setParameter("prefix", prefix + "%")
              .setLockMode(LockModeType.PESSIMISTIC_WRITE)
              .getResultList());
    }
    return out;
  }

  /**
   * Records, in one transaction of its own, that the calls of these in-flight entries are about to
   * leave (several sender threads share it, see DepartureMarks): from then on a crash leaves an
   * entry UNCERTAIN, before it the entry goes back to PENDING. Entity updates by key: a bulk UPDATE
   * here made Derby lock the table against the inserts of new entries.
   *
   * @return the entries marked; the others are no longer in flight (cancelled, or taken over)
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public Set<Long> markDeparted(Collection<Long> ids, Instant at) {
    Set<Long> marked = new HashSet<>();
    // No row lock: only this server's sender touches an entry it claimed until the call's outcome;
    // the version check catches anything else (then no call leaves). A lock here cost Derby about
    // 2 ms of CPU per call. One query per chunk of ids, not one lookup each.
    Map<Long, OutboxEntry> found = new HashMap<>();
    for (List<Long> chunk : chunks(List.copyOf(ids))) {
      for (OutboxEntry e :
          em.createQuery("select e from OutboxEntry e where e.id in :ids", OutboxEntry.class)
              .setParameter("ids", chunk)
              .getResultList()) {
        found.put(e.id(), e);
      }
    }
    for (Long id : ids) {
      OutboxEntry e = found.get(id);
      if (e != null && e.state() == OutboxState.IN_FLIGHT) {
        e.departed(at);
        marked.add(id);
      }
    }
    return marked;
  }

  /** In-flight entries of a bot that no live dispatcher owns (after a crash or restart). */
  @Transactional
  public List<OutboxEntry> inFlight(long botId) {
    return em.createQuery(
            "select e from OutboxEntry e where e.botId = :bot"
                + " and e.state = io.tgdesk.telegram.outbound.outbox.OutboxState.IN_FLIGHT order by e.id",
            OutboxEntry.class)
        .setParameter("bot", botId)
        .getResultList();
  }

  public Optional<OutboxEntry> find(long id) {
    return Optional.ofNullable(em.find(OutboxEntry.class, id));
  }

  /** Entries whose answer still has an effect to make (see {@link OutboxEntry#followUpDue()}). */
  public List<Long> followUpsDue(int limit) {
    return em.createQuery(
            "select e.id from OutboxEntry e where e.followUpDue = true order by e.id", Long.class)
        .setMaxResults(limit)
        .getResultList();
  }

  /**
   * Retries the effects of an entry's answer, in a transaction of its own: raises the entry's
   * settled state again to the observers that make them. Throws when one of them fails (nothing of
   * it is kept); the entry itself stays as it is.
   */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void retryFollowUps(long id, Instant now) {
    OutboxEntry e = em.find(OutboxEntry.class, id, LockModeType.PESSIMISTIC_WRITE);
    if (e == null || !e.followUpDue()) {
      return;
    }
    e.followUpDone(now);
    events.fire(DeliveryStateChanged.of(e, e.state(), now));
    em.flush();
  }

  /** Records why the effects of an entry's answer failed again, in a transaction of its own. */
  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void followUpFailed(long id, String why, Instant now) {
    OutboxEntry e = em.find(OutboxEntry.class, id, LockModeType.PESSIMISTIC_WRITE);
    if (e != null) {
      e.followUpFailed(why, now);
    }
  }

  /**
   * Up to {@code limit} entries to a chat (all threads) created before {@code before} ({@link
   * Instant#MAX}: any time) with an id above {@code afterId}, in id order, locked for the caller's
   * transaction when {@code lock}: for erasing or exporting what was sent to it.
   */
  public List<OutboxEntry> toChat(
      long botId, long chatId, Instant before, long afterId, int limit, boolean lock) {
    var query =
        em.createQuery(
                "select e.id from OutboxEntry e where e.botId = :bot and e.chatId = :chat"
                    + " and e.id > :after"
                    + (before == Instant.MAX ? "" : " and e.createdAt < :before")
                    + " order by e.id",
                Long.class)
            .setParameter("bot", botId)
            .setParameter("chat", chatId)
            .setParameter("after", afterId)
            .setMaxResults(limit);
    if (before != Instant.MAX) {
      query.setParameter("before", before);
    }
    List<Long> ids = query.getResultList();
    if (ids.isEmpty()) {
      return List.of();
    }
    // Derby refuses FOR UPDATE with ORDER BY: the page is chosen first, then read (and locked).
    var entries =
        em.createQuery("select e from OutboxEntry e where e.id in :ids", OutboxEntry.class)
            .setParameter("ids", ids);
    List<OutboxEntry> found =
        new ArrayList<>(
            (lock ? entries.setLockMode(LockModeType.PESSIMISTIC_WRITE) : entries).getResultList());
    found.sort(java.util.Comparator.comparingLong(OutboxEntry::id));
    return found;
  }

  /** The entries with these ids that exist, locked for the caller's transaction. */
  @Transactional(Transactional.TxType.MANDATORY)
  public List<OutboxEntry> withIds(Collection<Long> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return em.createQuery("select e from OutboxEntry e where e.id in :ids", OutboxEntry.class)
        .setParameter("ids", new ArrayList<>(ids))
        .setLockMode(LockModeType.PESSIMISTIC_WRITE)
        .getResultList();
  }

  /** Forgets a chat's delivery state (unreachable mark, pause, migration). */
  @Transactional(Transactional.TxType.MANDATORY)
  public int forgetChat(long botId, long chatId) {
    return em.createQuery("delete from DeliveryChat c where c.botId = :bot and c.chatId = :chat")
        .setParameter("bot", botId)
        .setParameter("chat", chatId)
        .executeUpdate();
  }

  /** Applies a change in the current transaction and raises its one event. */
  @Transactional(Transactional.TxType.MANDATORY)
  public void change(OutboxEntry e, Consumer<OutboxEntry> mutation, Instant now) {
    OutboxState from = e.state();
    mutation.accept(e);
    events.fire(DeliveryStateChanged.of(e, from, now));
  }

  void onBotDeleting(@jakarta.enterprise.event.Observes io.tgdesk.telegram.bots.BotDeleting event) {
    long bot = event.botId().value();
    em.createQuery("delete from OutboxEntry e where e.botId = :bot")
        .setParameter("bot", bot)
        .executeUpdate();
    em.createQuery("delete from DeliveryChat c where c.botId = :bot")
        .setParameter("bot", bot)
        .executeUpdate();
    em.createQuery("delete from DeliveryTopic t where t.botId = :bot")
        .setParameter("bot", bot)
        .executeUpdate();
  }

  /** An aggregate over a time column may come back as a JDBC timestamp. */
  private static Instant instant(Object value) {
    if (value instanceof java.sql.Timestamp t) {
      return t.toInstant();
    }
    return (Instant) value;
  }
}
