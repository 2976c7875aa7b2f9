package io.tgdesk.cluster;

import io.tgdesk.customers.ErasureProofScenario;
import io.tgdesk.telegram.inbound.CrashRecoveryScenario;
import io.tgdesk.telegram.outbound.DeliveryRestartScenario;
import io.tgdesk.telegram.outbound.PausesAcrossRestartScenario;
import io.tgdesk.testing.DependsOnDatabase;
import io.tgdesk.testing.FakeTelegram;
import io.tgdesk.testing.LibertyServer;
import io.tgdesk.testing.RestartScenario;
import io.tgdesk.testing.TestDatabase;
import io.tgdesk.testing.TgDeskApi;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The server is killed (-9) once, with every scenario's state in place, and started once: a restart
 * costs tens of seconds, so one serves them all. Each test checks one scenario's outcome. It runs
 * alone: no class that uses the server runs beside the kill.
 */
@DependsOnDatabase
@Isolated
class RestartIT {

  /** One fake for all scenarios, on Telegram's default limits; each scenario has its own bots. */
  @RegisterExtension static final FakeTelegram telegram = FakeTelegram.start();

  static final CrashRecoveryScenario intake = new CrashRecoveryScenario(telegram);
  static final DeliveryRestartScenario delivery = new DeliveryRestartScenario(telegram);
  static final PausesAcrossRestartScenario pauses = new PausesAcrossRestartScenario(telegram);
  static final ErasureProofScenario erasure = new ErasureProofScenario(telegram);

  @BeforeAll
  static void crashAndRestart() throws Exception {
    // The delivery scenario last: its unanswered calls must still be open at the kill (the read
    // timeout is 75 s), so nothing slow may run between its set-up and the kill.
    List<RestartScenario> all = List.of(erasure, intake, pauses, delivery);
    for (RestartScenario s : all) {
      s.beforeCrash();
    }
    LibertyServer.kill();
    try (Connection db = TestDatabase.open()) {
      for (RestartScenario s : all) {
        s.whileDown(db);
      }
    } finally {
      TestDatabase.release();
    }
    LibertyServer.start(Map.of());
  }

  @AfterAll
  static void serverIsUp() throws Exception {
    // A failure between the kill and the start must not leave the server down for other classes.
    if (!answers()) {
      LibertyServer.start(Map.of());
    }
  }

  @Test
  void updatesStoredButUnprocessedAtACrashAreProcessedOnceAfterRestart() throws Exception {
    intake.afterRestart();
  }

  @Test
  void aKilledServerLosesNothingResendsTheLanesThatResendAndHoldsBulkForAnAdmin() throws Exception {
    delivery.afterRestart();
  }

  @Test
  void aBotWidePauseAndAChatPauseHoldAfterARestart() throws Exception {
    pauses.afterRestart();
  }

  @Test
  void anErasedCustomersNameUsernamePhoneAndTextsAreInNoColumnOfAnyTable() throws Exception {
    erasure.afterRestart();
  }

  private static boolean answers() {
    try {
      return TgDeskApi.asAgent().get("/api/tickets?size=1").status() == 200;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
