package io.tgdesk.cluster;

import static io.tgdesk.testing.TelegramUpdates.privateText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.tgdesk.testing.Bots;
import io.tgdesk.testing.Bots.RegisteredBot;
import io.tgdesk.testing.DependsOnDatabase;
import io.tgdesk.testing.FakeTelegram;
import io.tgdesk.testing.FakeTelegram.Delivered;
import io.tgdesk.testing.LibertyNode;
import io.tgdesk.testing.TestDatabase;
import io.tgdesk.testing.TgDeskApi;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Two Liberty servers on one PostgreSQL database: first messages of the same customers reach both
 * at once, and each ticket still gets exactly one topic in its agents group. Runs only on
 * PostgreSQL; {@code .ci/run} runs it.
 */
@DependsOnDatabase
@Isolated
class AgentsGroupScaleOutIT {

  @RegisterExtension static final FakeTelegram telegram = FakeTelegram.start();

  static final LibertyNode a = LibertyNode.started();
  static LibertyNode b;

  @BeforeAll
  static void secondServer() throws Exception {
    assumeThat(TestDatabase.isPostgres()).as("several servers need a shared database").isTrue();
    int port = Integer.parseInt(a.baseUrl().replaceAll(".*:(\\d+)/.*", "$1")) + 2;
    b = LibertyNode.copyOf(a, a.name() + "-b", port, port + 363);
    if (!b.isRunning()) {
      b.start(Map.of());
    }
    await().atMost(Duration.ofSeconds(60)).until(() -> alive(cluster()).size() == 2);
  }

  @AfterAll
  static void onlyTheFirstServerRemains() throws Exception {
    if (b == null) {
      return;
    }
    if (b.isRunning()) {
      b.kill();
    }
    // Later test classes expect the first server to serve every bot again.
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              JsonObject c = cluster();
              assertThat(alive(c)).as("servers alive in %s", c).hasSize(1);
              assertThat(c.getJsonArray("leases").getValuesAs(JsonObject.class))
                  .as("leases in %s", c)
                  .allSatisfy(
                      l -> {
                        assertThat(l.getString("owner", "")).isEqualTo(c.getString("node"));
                        assertThat(l.getBoolean("expired")).isFalse();
                      });
            });
  }

  @Test
  void firstMessagesThroughBothServersMakeOneTopicPerTicket() {
    RegisteredBot bot = Bots.webhookBot(telegram);
    long group = -1_006_000_000_000L - ThreadLocalRandom.current().nextLong(1_000_000_000L);
    telegram.addChat(bot.token(), group, "supergroup", "Agents", true);
    telegram.setBotMember(bot.token(), group, "administrator", true);
    var reply =
        api(a)
            .post(
                "/api/admin/agent-groups",
                Json.createObjectBuilder()
                    .add("botId", bot.id())
                    .add("chatId", group)
                    .add("coalesceTexts", false)
                    .build());
    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);

    int customers = 6;
    long base = 8_000_000L + ThreadLocalRandom.current().nextLong(1_000_000L);
    // Each customer's three first messages at once, alternately through either server.
    IntStream.range(0, customers * 3)
        .parallel()
        .forEach(
            k ->
                deliver(
                    k % 2 == 0 ? a : b,
                    bot,
                    privateText(1 + k, base + k % customers, "C", 10 + k, "c" + k % customers)));

    List<Delivered> inGroup =
        await()
            .atMost(Duration.ofSeconds(180))
            .pollInterval(Duration.ofMillis(500))
            .until(
                () ->
                    telegram.delivered(bot.token()).stream()
                        .filter(d -> d.chatId() == group && d.method().equals("sendMessage"))
                        .toList(),
                l -> l.size() >= customers * 3);
    assertThat(telegram.count(bot.token(), "createForumTopic")).isEqualTo(customers);
    for (int c = 0; c < customers; c++) {
      String text = "c" + c;
      assertThat(inGroup.stream().filter(d -> d.text().equals(text)).map(Delivered::threadId))
          .as("the topics of customer " + c)
          .hasSize(3)
          .containsOnly(
              inGroup.stream()
                  .filter(d -> d.text().equals(text))
                  .findFirst()
                  .orElseThrow()
                  .threadId());
    }
  }

  private static void deliver(LibertyNode node, RegisteredBot bot, JsonObject update) {
    int status =
        api(node)
            .postBytes(
                bot.webhookPath(),
                update.toString().getBytes(StandardCharsets.UTF_8),
                Map.of(
                    "Content-Type",
                    "application/json",
                    "X-Telegram-Bot-Api-Secret-Token",
                    bot.secret()))
            .status();
    assertThat(status).isEqualTo(200);
  }

  private static List<String> alive(JsonObject cluster) {
    return cluster.getJsonArray("nodes").getValuesAs(JsonObject.class).stream()
        .filter(n -> n.getBoolean("alive"))
        .map(n -> n.getString("nodeId"))
        .toList();
  }

  private static JsonObject cluster() {
    var reply = api(a).get("/api/admin/cluster");
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    return reply.json();
  }

  private static TgDeskApi api(LibertyNode node) {
    return TgDeskApi.at(node.baseUrl(), TgDeskApi.ADMIN);
  }
}
