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
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * A server started once with {@code TGDESK_PRODUCTION=true}: a copy of the integration-test server
 * on other ports, on an embedded Derby database of its own (so that it never joins the suite's
 * cluster on PostgreSQL). Its admin comes from the environment, its agent keeps the development
 * password, and TLS is said to end at a proxy ({@code TGDESK_WEB_TRUST_FORWARDED_PROTO=true}).
 * Credentials over plain HTTP are refused, the development password is refused on every path, and
 * the real admin gets in through the proxy. The decision itself is unit-tested in {@link
 * ProductionPolicyTest}.
 *
 * <p>It runs beside the rest of the suite: its server is its own, and its start takes a minute that
 * the other classes need not wait for.
 */
@Execution(ExecutionMode.CONCURRENT)
class ProductionModeIT {

  private static final String OPS = "ops:a-long-random-secret-from-the-vault";
  private static final Map<String, String> THROUGH_THE_PROXY = Map.of("X-Forwarded-Proto", "https");

  private static LibertyNode node;

  @BeforeAll
  static void productionServer() throws Exception {
    // The copy runs on Derby in either phase of .ci/run: running it in both would test nothing
    // more.
    assumeThat(TestDatabase.isPostgres()).as("runs in the Derby phase").isFalse();
    LibertyNode it = LibertyNode.started();
    int port = Integer.parseInt(it.baseUrl().replaceAll(".*:(\\d+)/.*", "$1")) + 4;
    node = LibertyNode.copyOf(it, it.name() + "-prod", port, port + 363);
    TgDeskApi ops = TgDeskApi.at(node.baseUrl(), OPS);
    node.start(
        Map.of(
            "TGDESK_PRODUCTION", "true",
            "DB_TYPE", "derby",
            "TGDESK_WEB_TRUST_FORWARDED_PROTO", "true",
            "TGDESK_ADMIN_USER", OPS.substring(0, OPS.indexOf(':')),
            "TGDESK_ADMIN_PASSWORD", OPS.substring(OPS.indexOf(':') + 1)),
        () -> ops.send("GET", "/api/admin/bots", null, THROUGH_THE_PROXY).status() == 200);
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null && node.isRunning()) {
      node.kill();
    }
  }

  @Test
  void credentialsOverPlainHttpAre403NamingTheProxySetting() {
    TgDeskApi.Reply reply = TgDeskApi.at(node.baseUrl(), OPS).get("/api/admin/bots");

    assertThat(reply.status()).as(reply.toString()).isEqualTo(403);
    assertThat(reply.contentType()).startsWith("application/problem+json");
    assertThat(reply.json().getString("detail"))
        .contains("HTTPS", "TGDESK_WEB_TRUST_FORWARDED_PROTO");
    // Without credentials nothing is refused for the transport: the roles answer (401), and the
    // webhooks check their own secrets.
    assertThat(TgDeskApi.at(node.baseUrl(), null).get("/api/tickets").status()).isEqualTo(401);
  }

  @Test
  void theAdminFromTheEnvironmentGetsInThroughTheTrustedProxy() {
    TgDeskApi.Reply reply =
        TgDeskApi.at(node.baseUrl(), OPS).send("GET", "/api/admin/bots", null, THROUGH_THE_PROXY);

    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
  }

  @Test
  void theDevelopmentPasswordOfEitherRoleIsRefusedOnEveryPath() throws Exception {
    TgDeskApi agent = TgDeskApi.at(node.baseUrl(), TgDeskApi.AGENT);
    TgDeskApi devAdmin = TgDeskApi.at(node.baseUrl(), TgDeskApi.ADMIN);

    TgDeskApi.Reply tickets = agent.send("GET", "/api/tickets", null, THROUGH_THE_PROXY);

    assertThat(tickets.status()).as(tickets.toString()).isEqualTo(503);
    assertThat(tickets.contentType()).startsWith("application/problem+json");
    assertThat(tickets.json().getString("detail")).contains("TGDESK_AGENT_PASSWORD");
    assertThat(agent.send("GET", "/api/canned-responses", null, THROUGH_THE_PROXY).status())
        .isEqualTo(503);
    assertThat(devAdmin.send("GET", "/api/admin/bots", null, THROUGH_THE_PROXY).status())
        .isEqualTo(503);
    assertThat(devAdmin.send("GET", "/admin/", null, THROUGH_THE_PROXY).status()).isIn(401, 503);
    Path log = node.serverDir().resolve("logs/messages.log");
    assertThat(Files.readString(log)).contains("Refused in production");
  }

  @Test
  void aBotApiOnThisHostIsRefusedUnlessTheAllowListNamesIt() {
    TgDeskApi.Reply loopback =
        TgDeskApi.at(node.baseUrl(), OPS)
            .send(
                "POST",
                "/api/admin/bots",
                jakarta.json.Json.createObjectBuilder()
                    .add("name", "local bot api")
                    .add("token", "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw")
                    .add("mode", "webhook")
                    .add("apiBaseUrl", "http://127.0.0.1:8081")
                    .build()
                    .toString(),
                Map.of("X-Forwarded-Proto", "https", "Content-Type", "application/json"));

    assertThat(loopback.status()).as(loopback.toString()).isEqualTo(400);
    assertThat(loopback.body()).contains("apiBaseUrl").contains("loopback");
  }
}
