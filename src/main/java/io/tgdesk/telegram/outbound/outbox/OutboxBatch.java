package io.tgdesk.telegram.outbound.outbox;

import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A batch of inserts in the caller's transaction, for requests of thousands of entries ({@link
 * OutboxStore#batch}): entries are written as JDBC batches on the transaction's own connection
 * instead of one entity insert each (with an identity key, an entity insert is a statement and a
 * key read per entry: a 10,000-message request took 4-12 s). Rows are written in the order of
 * {@link #add}, so ids, which order a chat's calls, follow it. Each written entry raises its {@link
 * DeliveryStateChanged}, as an entity insert does. Not thread-safe; use it within one transaction.
 */
public final class OutboxBatch {

  private static final int MAX_UNFLUSHED = 500;

  private static final String INSERT =
      "insert into outbox_entry (bot_id, bot_method, params, chat_id, thread_key, lane, category,"
          + " paid, state, attempts, next_attempt_at, created_at, updated_at, version,"
          + " follow_up_due) values (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, 0, ?)";

  private final EntityManager em;
  private final Event<DeliveryStateChanged> events;
  private final Instant now;
  private final List<Row> unflushed = new ArrayList<>();

  OutboxBatch(EntityManager em, Event<DeliveryStateChanged> events, Instant now) {
    this.em = em;
    this.events = events;
    this.now = now;
  }

  /** One entry to insert; its id is known after the next {@link #flush}. */
  private static final class Row implements LongSupplier {
    final long botId;
    final String method;
    final String params;
    final long chatId;
    final long threadKey;
    final Lane lane;
    final String category;
    final boolean paid;
    final Instant notBefore;
    Long id;

    Row(
        long botId,
        String method,
        String params,
        long chatId,
        long threadKey,
        Lane lane,
        String category,
        boolean paid,
        Instant notBefore) {
      this.botId = botId;
      this.method = method;
      this.params = params;
      this.chatId = chatId;
      this.threadKey = threadKey;
      this.lane = lane;
      this.category = category;
      this.paid = paid;
      this.notBefore = notBefore;
    }

    @Override
    public long getAsLong() {
      if (id == null) {
        throw new IllegalStateException("the batch was not flushed");
      }
      return id;
    }
  }

  /**
   * Adds a PENDING entry (no coalescing key); its id is known after the next {@link #flush}.
   *
   * @return the entry's id, once flushed
   */
  public LongSupplier add(
      long botId,
      String method,
      String params,
      long chatId,
      long threadKey,
      Lane lane,
      String category,
      boolean paid,
      Instant notBefore) {
    if (unflushed.size() >= MAX_UNFLUSHED) {
      flush();
    }
    Row row = new Row(botId, method, params, chatId, threadKey, lane, category, paid, notBefore);
    unflushed.add(row);
    return row;
  }

  /** Writes what was added since the last flush, in order, then raises its events. */
  public void flush() {
    if (unflushed.isEmpty()) {
      return;
    }
    em.flush(); // what the transaction wrote through JPA goes first
    try {
      Connection connection = em.unwrap(Connection.class);
      boolean derby =
          connection
              .getMetaData()
              .getDatabaseProductName()
              .toLowerCase(Locale.ROOT)
              .contains("derby");
      // Derby answers generated keys for one row at a time only; PostgreSQL for a whole batch.
      PreparedStatement insert =
          derby
              ? connection.prepareStatement(INSERT, Statement.RETURN_GENERATED_KEYS)
              : connection.prepareStatement(INSERT, new String[] {"id"});
      try (insert) {
        for (int i = 0; i < unflushed.size(); i++) {
          bind(insert, unflushed.get(i));
          if (derby) {
            insert.executeUpdate();
            readKeys(insert, unflushed.subList(i, i + 1));
          } else {
            insert.addBatch();
          }
        }
        if (!derby) {
          insert.executeBatch();
          readKeys(insert, unflushed);
        }
      }
    } catch (SQLException e) {
      throw new PersistenceException("Could not write " + unflushed.size() + " outbox entries", e);
    }
    for (Row r : unflushed) {
      events.fire(
          new DeliveryStateChanged(
              r.id,
              r.botId,
              r.chatId,
              r.threadKey == 0 ? null : r.threadKey,
              r.method,
              r.category,
              r.lane,
              null,
              OutboxState.PENDING,
              null,
              0,
              null,
              null,
              now,
              false,
              false));
    }
    unflushed.clear();
  }

  private void bind(PreparedStatement insert, Row r) throws SQLException {
    insert.setLong(1, r.botId);
    insert.setString(2, r.method);
    insert.setString(3, r.params);
    insert.setLong(4, r.chatId);
    insert.setLong(5, r.threadKey);
    insert.setInt(6, r.lane.ordinal());
    insert.setString(7, r.category);
    insert.setBoolean(8, r.paid);
    insert.setString(9, OutboxState.PENDING.name());
    insert.setTimestamp(10, Timestamp.from(r.notBefore));
    insert.setTimestamp(11, Timestamp.from(now));
    insert.setTimestamp(12, Timestamp.from(now));
    insert.setBoolean(13, false);
  }

  /** Reads the generated ids of the rows just written, in their order. */
  private static void readKeys(PreparedStatement insert, List<Row> rows) throws SQLException {
    try (ResultSet keys = insert.getGeneratedKeys()) {
      for (Row r : rows) {
        if (!keys.next()) {
          throw new SQLException("fewer generated keys than rows written");
        }
        r.id = keys.getLong(1);
      }
    }
  }
}
