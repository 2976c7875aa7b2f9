package io.tgdesk.testing;

import java.sql.Connection;

/**
 * A behaviour that needs the server killed (-9) and started again. A restart costs tens of seconds,
 * so one kill and one start serve every scenario ({@code io.tgdesk.cluster.RestartIT}): each sets
 * up its state while the server runs, may write rows as a dead server would have left them while it
 * is down, and checks the outcome once it runs again. Scenarios use bots of their own, so that they
 * do not see each other.
 */
public interface RestartScenario {

  /** With the server running, before the kill. */
  void beforeCrash() throws Exception;

  /** With the server down: rows written straight into its database, as a crash leaves them. */
  default void whileDown(Connection db) throws Exception {}

  /** With the server running again: the assertions. */
  void afterRestart() throws Exception;
}
