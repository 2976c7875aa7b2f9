package io.tgdesk.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.tgdesk.testing.LibertyNode;
import io.tgdesk.testing.TestDatabase;
import io.tgdesk.testing.TgDeskApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A server started with {@code TGDESK_PRODUCTION=true}: a copy of the integration-test server on
 * other ports, on an embedded Derby database of its own (so that it never joins the suite's cluster
 * on PostgreSQL). It keeps the admin API shut while the admin password is the development default,
 * and opens it to credentials taken from the environment.
 */
class ProductionModeIT {

  private static final String OPS = "ops:a-long-random-secret-from-the-vault";

  private static LibertyNode node;

  @BeforeAll
  static void productionServer() throws Exception {
    // The copy runs on Derby in either phase of .ci/run: running it in both would test nothing
    // more.
    assumeThat(TestDatabase.isPostgres()).as("runs in the Derby phase").isFalse();
    LibertyNode it = LibertyNode.started();
    int port = Integer.parseInt(it.baseUrl().replaceAll(".*:(\\d+)/.*", "$1")) + 4;
    node = LibertyNode.copyOf(it, it.name() + "-prod", port, port + 363);
  }

  /** (Re)starts the production server with this environment besides the production switch. */
  private static void runWith(Map<String, String> env) throws Exception {
    if (node.isRunning()) {
      node.kill();
    }
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put("TGDESK_PRODUCTION", "true");
    all.put("DB_TYPE", "derby");
    node.start(all);
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null && node.isRunning()) {
      node.kill();
    }
  }

  @Test
  void onTheDevelopmentPasswordTheAdminApiAnswers503AndTheServerSaysWhatToSet() throws Exception {
    runWith(Map.of());
    TgDeskApi admin = TgDeskApi.at(node.baseUrl(), TgDeskApi.ADMIN);

    TgDeskApi.Reply bots = admin.get("/api/admin/bots");

    assertThat(bots.status()).as(bots.toString()).isEqualTo(503);
    assertThat(bots.contentType()).startsWith("application/problem+json");
    assertThat(bots.json().getString("detail")).contains("TGDESK_ADMIN_PASSWORD");
    // Every admin path, not only the first one.
    assertThat(admin.get("/api/admin/diagnostics/report").status()).isEqualTo(503);
    assertThat(admin.get("/api/admin/cluster").status()).isEqualTo(503);
    // Agents keep working: only the admin API is shut.
    assertThat(TgDeskApi.at(node.baseUrl(), TgDeskApi.AGENT).get("/api/tickets").status())
        .isEqualTo(200);
    Path log = node.serverDir().resolve("logs/messages.log");
    assertThat(Files.readString(log)).contains("Admin API refused: TGDESK_PRODUCTION=true");
  }

  @Test
  void credentialsFromTheEnvironmentOpenTheAdminApiAndTheDevelopmentOnesNoLonger()
      throws Exception {
    runWith(
        Map.of(
            "TGDESK_ADMIN_USER", OPS.substring(0, OPS.indexOf(':')),
            "TGDESK_ADMIN_PASSWORD", OPS.substring(OPS.indexOf(':') + 1)));

    TgDeskApi.Reply asOps = TgDeskApi.at(node.baseUrl(), OPS).get("/api/admin/bots");
    TgDeskApi.Reply asDevAdmin =
        TgDeskApi.at(node.baseUrl(), TgDeskApi.ADMIN).get("/api/admin/bots");

    assertThat(asOps.status()).as(asOps.toString()).isEqualTo(200);
    assertThat(asDevAdmin.status()).as(asDevAdmin.toString()).isEqualTo(401);

    // In production a Bot API on this host is refused unless tgdesk.egress.allowed-hosts names it.
    TgDeskApi.Reply loopback =
        TgDeskApi.at(node.baseUrl(), OPS)
            .post(
                "/api/admin/bots",
                jakarta.json.Json.createObjectBuilder()
                    .add("name", "local bot api")
                    .add("token", "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw")
                    .add("mode", "webhook")
                    .add("apiBaseUrl", "http://127.0.0.1:8081")
                    .build());
    assertThat(loopback.status()).as(loopback.toString()).isEqualTo(400);
    assertThat(loopback.body()).contains("apiBaseUrl").contains("loopback");
  }
}
