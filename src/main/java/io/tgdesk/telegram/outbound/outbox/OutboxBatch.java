package io.tgdesk.telegram.outbound.outbox;

import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A batch of inserts in the caller's transaction, for requests of thousands of entries ({@link
 * OutboxStore#batch}): entries are written together instead of one statement round and one flush
 * each (a flush per entry made a 10,000-message request take most of a minute).
 *
 * <p>On PostgreSQL, a flush reserves the ids of its entries from the id column's sequence in one
 * query, in the order of {@link #add}, and inserts them in one JDBC batch: JPA would make two round
 * trips an entry (the insert, then {@code select lastval()} for its id), which were most of a
 * 10,000-message request. On embedded Derby a statement costs no round trip, and JPA writes them.
 *
 * <p>Two entries to the same chat (and topic) are never written in the same flush, so ids, which
 * order a chat's calls, follow the order of {@link #add}. Not thread-safe; use it within one
 * transaction.
 */
public final class OutboxBatch {

  private static final int MAX_UNFLUSHED = 500;

  /** PostgreSQL: as many ids as asked for, from the sequence of the identity column. */
  private static final String RESERVE_IDS =
      "SELECT nextval(pg_get_serial_sequence('outbox_entry', 'id')) FROM generate_series(1, ?)";

  private final EntityManager em;
  private final Event<DeliveryStateChanged> events;
  private final Instant now;
  private final List<OutboxEntry> unflushed = new ArrayList<>();
  private final Set<List<Long>> chats = new HashSet<>();
  private final boolean reservesIds;

  OutboxBatch(
      EntityManager em, Event<DeliveryStateChanged> events, Instant now, boolean reservesIds) {
    this.em = em;
    this.events = events;
    this.now = now;
    this.reservesIds = reservesIds;
  }

  /**
   * Adds an entry; its id is known after the next {@link #flush} (or the next add to the same
   * chat).
   */
  public OutboxEntry add(
      long botId,
      String method,
      String params,
      long chatId,
      long threadKey,
      Lane lane,
      String category,
      boolean paid,
      Instant notBefore) {
    List<Long> chat = List.of(chatId, threadKey);
    if (chats.contains(chat) || unflushed.size() >= MAX_UNFLUSHED) {
      flush();
    }
    chats.add(chat);
    OutboxEntry e =
        new OutboxEntry(
            botId, method, params, chatId, threadKey, lane, category, null, paid, notBefore, now);
    if (!reservesIds) {
      em.persist(e);
    }
    unflushed.add(e);
    return e;
  }

  /** Writes what was added since the last flush, then raises its events. */
  public void flush() {
    if (unflushed.isEmpty()) {
      return;
    }
    if (reservesIds) {
      insertWithReservedIds();
    } else {
      em.flush();
    }
    for (OutboxEntry e : unflushed) {
      events.fire(DeliveryStateChanged.of(e, null, now));
    }
    unflushed.clear();
    chats.clear();
  }

  /**
   * Reserves an id for each unflushed entry, in order, and inserts them in one batch on the
   * transaction's own connection, so that the queries JPA runs later in it see them.
   */
  private void insertWithReservedIds() {
    Connection connection = em.unwrap(Connection.class);
    try {
      long[] ids = new long[unflushed.size()];
      try (PreparedStatement reserve = connection.prepareStatement(RESERVE_IDS)) {
        reserve.setInt(1, ids.length);
        try (ResultSet rs = reserve.executeQuery()) {
          for (int i = 0; i < ids.length; i++) {
            if (!rs.next()) {
              throw new IllegalStateException("fewer ids than asked for: " + i);
            }
            ids[i] = rs.getLong(1);
          }
        }
      }
      // A sequence gives one statement's values in increasing order; sorted all the same, so that
      // the ids follow the order of add.
      Arrays.sort(ids);
      try (PreparedStatement insert = connection.prepareStatement(OutboxEntry.INSERT_WITH_ID)) {
        for (int i = 0; i < ids.length; i++) {
          unflushed.get(i).bindInsert(ids[i], insert);
          insert.addBatch();
        }
        insert.executeBatch();
      }
    } catch (SQLException e) {
      throw new PersistenceException("Could not insert " + unflushed.size() + " outbox entries", e);
    }
  }
}
