package io.tgdesk.telegram.inbound;

import static io.tgdesk.testing.TelegramUpdates.privateText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tgdesk.testing.Bots;
import io.tgdesk.testing.Bots.RegisteredBot;
import io.tgdesk.testing.FakeTelegram;
import io.tgdesk.testing.LibertyServer;
import io.tgdesk.testing.TgDeskApi;
import jakarta.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bot tokens never reach the server's logs, whatever goes wrong with them. */
class TokenSecrecyIT {

  @RegisterExtension static final FakeTelegram telegram = FakeTelegram.start();

  @Test
  void noTokenAppearsInAnyServerLogAfterFailuresAroundIt() throws IOException {
    List<String> tokens = new ArrayList<>();

    // A bot that works, with its webhook registered and an update delivered.
    RegisteredBot ok = Bots.webhookBot(telegram);
    tokens.add(ok.token());
    TgDeskApi.asAdmin().post("/api/admin/bots/" + ok.id() + "/webhook", null);
    Bots.deliver(ok, privateText(1, 9001, "Ann", 1, "hello"));

    // A token Telegram rejects at registration.
    String rejected = telegram.newBot("rejected_bot");
    telegram.revoke(rejected);
    tokens.add(rejected);
    TgDeskApi.asAdmin()
        .post(
            "/api/admin/bots",
            Json.createObjectBuilder()
                .add("name", "rejected")
                .add("token", rejected)
                .add("mode", "webhook")
                .add("apiBaseUrl", telegram.baseUrl())
                .build());

    // A Bot API that does not answer at all (nothing listens on port 1).
    String unreachable = telegram.newBot("unreachable_bot");
    tokens.add(unreachable);
    TgDeskApi.asAdmin()
        .post(
            "/api/admin/bots",
            Json.createObjectBuilder()
                .add("name", "unreachable")
                .add("token", unreachable)
                .add("mode", "webhook")
                .add("apiBaseUrl", "http://127.0.0.1:1")
                .build());

    // A polling bot whose token is revoked while it polls: failures are logged on every attempt.
    RegisteredBot polling = Bots.pollingBot(telegram);
    tokens.add(polling.token());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> telegram.count(polling.token(), "getUpdates") > 0);
    telegram.revoke(polling.token());
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                "UNAUTHORIZED"
                    .equals(
                        TgDeskApi.asAdmin()
                            .get("/api/admin/bots/" + polling.id())
                            .json()
                            .getJsonObject("polling")
                            .getString("status", null)));
    // Webhook management on the revoked token fails too.
    TgDeskApi.asAdmin().get("/api/admin/bots/" + ok.id() + "/webhook");
    telegram.revoke(ok.token());
    TgDeskApi.asAdmin().post("/api/admin/bots/" + ok.id() + "/webhook", null);
    TgDeskApi.asAdmin().delete("/api/admin/bots/" + polling.id());

    assertThat(Files.readString(LibertyServer.messagesLog()))
        .contains("Polling bot " + polling.id());
    for (Path log : logFiles()) {
      String content = Files.readString(log, StandardCharsets.ISO_8859_1);
      for (String token : tokens) {
        assertThat(content)
            .as("token of bot in " + log)
            .doesNotContain(token.substring(token.indexOf(':') + 1));
      }
    }
  }

  private static List<Path> logFiles() throws IOException {
    try (Stream<Path> files = Files.walk(LibertyServer.serverDir().resolve("logs"))) {
      return files.filter(Files::isRegularFile).toList();
    }
  }
}
