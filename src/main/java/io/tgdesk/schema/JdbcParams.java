package io.tgdesk.schema;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.Collection;
import java.util.stream.Collectors;

/**
 * Binds values that may be null to a statement, as JPA binds them, for the few writes that go
 * through JDBC in batches (outbox entries on PostgreSQL, the call audit); and ids as one PostgreSQL
 * array parameter, for the locking reads by id that are prepared once.
 */
public final class JdbcParams {

  private JdbcParams() {}

  /**
   * The ids as a PostgreSQL array literal in ascending order (such as {@code {4,7}}), for a query
   * that casts it: {@code id = ANY (CAST(?1 AS BIGINT[]))}. One parameter whatever the number of
   * ids, so that the query is prepared once.
   */
  public static String bigintArray(Collection<Long> ids) {
    return ids.stream().sorted().map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
  }

  public static void setString(PreparedStatement ps, int i, String v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.VARCHAR);
    } else {
      ps.setString(i, v);
    }
  }

  public static void setInteger(PreparedStatement ps, int i, Integer v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.INTEGER);
    } else {
      ps.setInt(i, v);
    }
  }

  public static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.BIGINT);
    } else {
      ps.setLong(i, v);
    }
  }

  /** As JPA binds an Instant: a timestamp in the server's zone (UTC, see jvm.options). */
  public static void setInstant(PreparedStatement ps, int i, Instant v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.TIMESTAMP);
    } else {
      ps.setTimestamp(i, Timestamp.from(v));
    }
  }
}
