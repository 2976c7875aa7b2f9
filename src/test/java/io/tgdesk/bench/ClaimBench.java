package io.tgdesk.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgdesk.testing.Bots;
import io.tgdesk.testing.Bots.RegisteredBot;
import io.tgdesk.testing.FakeTelegram;
import io.tgdesk.testing.LibertyServer;
import io.tgdesk.testing.TestDatabase;
import jakarta.json.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How the dispatcher's database work grows with the number of pending entries: 1k, 10k, 100k and 1M
 * pending bulk entries of one bot (one per chat), inserted in bulk with SQL. At each size it times,
 * as the dispatcher runs them: the window (the oldest 300 pending entries of each lane), the order
 * check of 30 chosen entries (the oldest unsent entry of their chats) and the claim of 30 entries
 * by primary key (locked, updated, rolled back). The bot is disabled, so its loop makes no call. On
 * Derby the server is stopped for the inserts and timings (embedded database) and started again
 * afterwards.
 */
class ClaimBench {

  @RegisterExtension static final FakeTelegram telegram = FakeTelegram.start();

  private static final int[] SIZES = {1_000, 10_000, 100_000, 1_000_000};
  private static final long CHAT_BASE = 800_000_000L;

  @Test
  void claimTimeWithUpToAMillionPendingEntries() throws Exception {
    RegisteredBot bot =
        Bots.register(
            telegram, "webhook", Json.createObjectBuilder().add("enabled", false).build());
    boolean postgres = TestDatabase.isPostgres();
    if (!postgres) {
      LibertyServer.kill();
    }
    try (Connection db = TestDatabase.open()) {
      if (!postgres) {
        prepareDigits(db);
      }
      int have = 0;
      for (int size : SIZES) {
        long t0 = System.nanoTime();
        insertPending(db, bot.id(), have, size, postgres);
        have = size;
        double insertSeconds = (System.nanoTime() - t0) / 1e9;
        analyze(db, postgres);
        long[] ids = firstIds(db, bot.id(), 30);
        double window = median(() -> window(db, bot.id()));
        double order = median(() -> orderCheck(db, bot.id(), ids));
        double claim = median(() -> claim(db, ids));
        System.out.printf(
            Locale.ROOT,
            "%nBENCH claim db=%s pending=%d: window (3 lanes x 300) %.2f ms, order check (30 queries)"
                + " %.2f ms, claim (30 by id) %.2f ms [insert %.1f s]%n",
            postgres ? "postgres" : "derby",
            size,
            window,
            order,
            claim,
            insertSeconds);
        if (postgres) {
          explain(db, bot.id());
        }
      }
      try (PreparedStatement d = db.prepareStatement("delete from outbox_entry where bot_id = ?")) {
        d.setLong(1, bot.id());
        d.executeUpdate();
      }
    } finally {
      if (!postgres) {
        TestDatabase.release();
        LibertyServer.start(Map.of());
      }
    }
  }

  private interface Timed {
    void run() throws SQLException;
  }

  /** Median of 15 runs after 3 warm-up runs, in milliseconds. */
  private static double median(Timed t) throws SQLException {
    for (int i = 0; i < 3; i++) {
      t.run();
    }
    List<Double> ms = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      long t0 = System.nanoTime();
      t.run();
      ms.add((System.nanoTime() - t0) / 1e6);
    }
    ms.sort(Double::compare);
    return ms.get(ms.size() / 2);
  }

  private static void window(Connection db, long bot) throws SQLException {
    try (PreparedStatement q =
        db.prepareStatement(
            "select * from outbox_entry where bot_id = ? and state = 'PENDING' and lane = ?"
                + " order by id fetch first 300 rows only")) {
      for (int lane = 0; lane < 3; lane++) {
        q.setLong(1, bot);
        q.setInt(2, lane);
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            rs.getString("params");
          }
        }
      }
    }
  }

  /** As the dispatcher checks each chosen entry: is there an older unsent one for its chat? */
  private static void orderCheck(Connection db, long bot, long[] ids) throws SQLException {
    try (PreparedStatement q =
        db.prepareStatement(
            "select count(id) from outbox_entry where bot_id = ? and chat_id = ? and thread_key = 0"
                + " and id < ? and state in ('PENDING', 'IN_FLIGHT')")) {
      for (long id : ids) {
        q.setLong(1, bot);
        q.setLong(2, chatOf(db, id));
        q.setLong(3, id);
        try (ResultSet rs = q.executeQuery()) {
          rs.next();
          assertThat(rs.getLong(1)).isZero();
        }
      }
    }
  }

  private static void claim(Connection db, long[] ids) throws SQLException {
    db.setAutoCommit(false);
    try (PreparedStatement lock =
            db.prepareStatement("select * from outbox_entry where id = ? for update");
        PreparedStatement update =
            db.prepareStatement(
                "update outbox_entry set state = 'IN_FLIGHT', attempts = attempts + 1,"
                    + " claimed_by = 'bench', claimed_at = CURRENT_TIMESTAMP, version = version + 1"
                    + " where id = ? and version = ?")) {
      for (long id : ids) {
        lock.setLong(1, id);
        long version;
        try (ResultSet rs = lock.executeQuery()) {
          assertThat(rs.next()).isTrue();
          version = rs.getLong("version");
        }
        update.setLong(1, id);
        update.setLong(2, version);
        assertThat(update.executeUpdate()).isEqualTo(1);
      }
    } finally {
      db.rollback();
      db.setAutoCommit(true);
    }
  }

  private static final Map<Long, Long> CHATS = new java.util.HashMap<>();

  private static long chatOf(Connection db, long id) throws SQLException {
    Long chat = CHATS.get(id);
    if (chat == null) {
      try (PreparedStatement q =
          db.prepareStatement("select chat_id from outbox_entry where id = ?")) {
        q.setLong(1, id);
        try (ResultSet rs = q.executeQuery()) {
          rs.next();
          chat = rs.getLong(1);
        }
      }
      CHATS.put(id, chat);
    }
    return chat;
  }

  private static long[] firstIds(Connection db, long bot, int n) throws SQLException {
    try (PreparedStatement q =
        db.prepareStatement(
            "select id from outbox_entry where bot_id = ? and state = 'PENDING' and lane = 2"
                + " order by id fetch first "
                + n
                + " rows only")) {
      q.setLong(1, bot);
      long[] ids = new long[n];
      try (ResultSet rs = q.executeQuery()) {
        for (int i = 0; i < n && rs.next(); i++) {
          ids[i] = rs.getLong(1);
        }
      }
      return ids;
    }
  }

  /**
   * Pending bulk entries number {@code from} (inclusive) to {@code to} (exclusive), one per chat.
   */
  private static void insertPending(Connection db, long bot, int from, int to, boolean postgres)
      throws SQLException {
    String columns =
        "insert into outbox_entry (bot_id, bot_method, params, chat_id, thread_key, lane, category,"
            + " paid, state, attempts, next_attempt_at, created_at, updated_at, version) ";
    if (postgres) {
      try (PreparedStatement ins =
          db.prepareStatement(
              columns
                  + "select ?, 'sendMessage', '{\"chat_id\":' || ("
                  + CHAT_BASE
                  + " + g) || ',\"text\":\"bulk notice\"}', "
                  + CHAT_BASE
                  + " + g, 0, 2, 'bulk', false, 'PENDING', 0, now(), now(), now(), 0"
                  + " from generate_series(?, ?) g")) {
        ins.setLong(1, bot);
        ins.setInt(2, from);
        ins.setInt(3, to - 1);
        ins.executeUpdate();
      }
      return;
    }
    // Derby has no generate_series: the numbers come from a cross join of a 0-9 table.
    try (PreparedStatement ins =
        db.prepareStatement(
            columns
                + "select ?, 'sendMessage', '{\"chat_id\":' || trim(cast(cast("
                + CHAT_BASE
                + " + n as char(20)) as varchar(20))) || ',\"text\":\"bulk notice\"}', "
                + CHAT_BASE
                + " + n, 0, 2, 'bulk', false, 'PENDING', 0, CURRENT_TIMESTAMP,"
                + " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 0 from (select a.d + 10 * b.d + 100 * c.d"
                + " + 1000 * e.d + 10000 * f.d + 100000 * g.d as n from claim_bench_digits a,"
                + " claim_bench_digits b, claim_bench_digits c, claim_bench_digits e,"
                + " claim_bench_digits f, claim_bench_digits g) x where n >= ? and n < ?")) {
      ins.setLong(1, bot);
      ins.setInt(2, from);
      ins.setInt(3, to);
      ins.executeUpdate();
    }
  }

  private static void prepareDigits(Connection db) throws SQLException {
    try (Statement s = db.createStatement()) {
      try {
        s.executeUpdate("drop table claim_bench_digits");
      } catch (SQLException absent) {
        // first run
      }
      s.executeUpdate("create table claim_bench_digits (d int)");
      s.executeUpdate(
          "insert into claim_bench_digits values (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)");
    }
  }

  private static void analyze(Connection db, boolean postgres) throws SQLException {
    try (Statement s = db.createStatement()) {
      if (postgres) {
        s.execute("analyze outbox_entry");
      } else {
        s.execute("call SYSCS_UTIL.SYSCS_UPDATE_STATISTICS('APP', 'OUTBOX_ENTRY', null)");
      }
    }
  }

  private static void explain(Connection db, long bot) throws SQLException {
    try (PreparedStatement q =
        db.prepareStatement(
            "explain select * from outbox_entry where bot_id = ? and state = 'PENDING' and lane = 2"
                + " order by id fetch first 300 rows only")) {
      q.setLong(1, bot);
      try (ResultSet rs = q.executeQuery()) {
        StringBuilder plan = new StringBuilder();
        while (rs.next()) {
          plan.append(rs.getString(1).trim()).append(" | ");
        }
        System.out.println("BENCH claim plan: " + plan);
      }
    }
  }
}
