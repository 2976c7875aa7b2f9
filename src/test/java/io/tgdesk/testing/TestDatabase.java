package io.tgdesk.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Direct JDBC access to the server's database, for tests that play a crash: rows written as a dead
 * server would have left them. Derby is embedded, so only while the server is down.
 */
public final class TestDatabase {

  private TestDatabase() {}

  public static boolean isPostgres() {
    return "postgres".equals(System.getProperty("tgdesk.dbType", "derby"));
  }

  public static Connection open() throws SQLException {
    if (isPostgres()) {
      return DriverManager.getConnection(
          "jdbc:postgresql://"
              + env("DB_HOST", "127.0.0.1")
              + ":"
              + env("DB_PORT", "5432")
              + "/"
              + env("DB_NAME", "tgdesk"),
          env("DB_USER", "tgdesk"),
          env("DB_PASSWORD", ""));
    }
    return DriverManager.getConnection("jdbc:derby:" + derbyPath());
  }

  /** Releases the embedded Derby database so that the server can open it again. */
  public static void release() {
    if (isPostgres()) {
      return;
    }
    try {
      DriverManager.getConnection("jdbc:derby:" + derbyPath() + ";shutdown=true").close();
    } catch (SQLException expected) {
      // Derby reports a successful shutdown as SQLState 08006.
      if (!"08006".equals(expected.getSQLState())) {
        throw new IllegalStateException(expected);
      }
    }
  }

  private static String derbyPath() {
    return LibertyServer.serverDir().resolve("data/tgdesk").toString();
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
