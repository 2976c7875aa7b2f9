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
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Two Liberty servers on one PostgreSQL database deliver as one, and make one topic per ticket in
 * an agents group when a customer's first messages reach both: the second server is a copy of the
 * integration-test server on other ports. Runs only on PostgreSQL (Derby is embedded in one
 * server); {@code .ci/run} runs it.
 */
@DependsOnDatabase
// Nothing runs beside the kill of a server: its count of resent calls is bounded by the calls in
// flight, which a busy neighbour stretches.
@Isolated
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleOutIT {

  @RegisterExtension static final FakeTelegram telegram = FakeTelegram.start();

  static final LibertyNode a = LibertyNode.started();
  static LibertyNode b;

  @BeforeAll
  static void secondServer() throws Exception {
    assumeThat(TestDatabase.isPostgres()).as("several servers need a shared database").isTrue();
    int port = Integer.parseInt(a.baseUrl().replaceAll(".*:(\\d+)/.*", "$1")) + 2;
    b = LibertyNode.copyOf(a, a.name() + "-b", port, port + 363);
  }

  @BeforeEach
  void bothRunning() throws Exception {
    telegram.setLimits(FakeTelegram.Limits.telegramDefaults());
    if (!b.isRunning()) {
      b.start(Map.of());
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> alive(cluster()).size() == 2);
  }

  @AfterAll
  static void onlyTheFirstServerRemains() throws Exception {
    if (b == null) {
      return;
    }
    if (b.isRunning()) {
      b.kill();
    }
    // Later test classes expect the first server to serve every bot again: every lease, of every
    // bot still registered, is the first server's and current.
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
  @Order(1)
  void twoServersDeliverAsOneWithinEachBotsLimitsAndInOrderPerChat() {
    List<RegisteredBot> bots = botsOnBothServers(2);
    Map<Long, String> owners = awaitOwned(bots);
    assertThat(new java.util.HashSet<>(owners.values())).hasSize(2);
    // The whole cluster's bots (earlier test classes left many) are spread evenly too.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Map<String, Long> perNode =
                  cluster().getJsonArray("leases").getValuesAs(JsonObject.class).stream()
                      .filter(l -> !l.getBoolean("expired") && !l.isNull("owner"))
                      .collect(
                          Collectors.groupingBy(l -> l.getString("owner"), Collectors.counting()));
              assertThat(perNode).hasSize(2);
              var counts = perNode.values().stream().mapToLong(Long::longValue).summaryStatistics();
              assertThat(counts.getMax() - counts.getMin())
                  .as("bots per server " + perNode)
                  .isLessThanOrEqualTo(2);
            });

    // Each bot: 40 chats x 3 messages, enqueued half through one server, half through the other.
    Map<RegisteredBot, List<Long>> ids = new HashMap<>();
    for (RegisteredBot bot : bots) {
      List<Long> mine = new ArrayList<>();
      for (int round = 1; round <= 3; round++) {
        TgDeskApi api = round % 2 == 0 ? api(b) : api(a);
        List<long[]> chats = new ArrayList<>();
        for (int chat = 1; chat <= 40; chat++) {
          chats.add(new long[] {100_000 + chat});
        }
        mine.addAll(send(api, bot.id(), chats, "round " + round));
      }
      ids.put(bot, mine);
    }

    for (RegisteredBot bot : bots) {
      awaitNothingPending(bot.id(), Duration.ofSeconds(120));
      assertThat(count(bot.id(), "sent")).isEqualTo(120);
      assertThat(telegram.tooManyRequests(bot.token())).as("429s of bot " + bot.id()).isZero();
      List<Delivered> delivered = telegram.delivered(bot.token());
      assertThat(delivered).hasSize(120);
      Map<Long, List<String>> perChat =
          delivered.stream()
              .collect(
                  Collectors.groupingBy(
                      Delivered::chatId,
                      Collectors.mapping(
                          d -> d.text().replaceAll(" to .*", ""), Collectors.toList())));
      assertThat(perChat).hasSize(40);
      perChat.values().forEach(t -> assertThat(t).containsExactly("round 1", "round 2", "round 3"));
      System.out.printf(
          "ScaleOutIT: bot %d on %s (now %s): 120 delivered, peak %d calls in one second%n",
          bot.id(), owners.get(bot.id()), ownerOf(cluster(), bot.id()), peakPerSecond(delivered));
    }
  }

  @Test
  @Order(2)
  void firstMessagesThroughBothServersMakeOneTopicPerTicketInTheAgentsGroup() {
    RegisteredBot bot = Bots.webhookBot(telegram);
    long group = -1_006_000_000_000L - ThreadLocalRandom.current().nextLong(1_000_000_000L);
    telegram.addChat(bot.token(), group, "supergroup", "Agents", true);
    telegram.setBotMember(bot.token(), group, "administrator", true);
    var reply =
        api(a)
            .postResendingLostRaces(
                "/api/admin/agent-groups",
                Json.createObjectBuilder()
                    .add("botId", bot.id())
                    .add("chatId", group)
                    .add("coalesceTexts", false)
                    .build());
    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);

    // Four customers, three first messages each, sixteen calls: within one minute of the group.
    int customers = 4;
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

  // Last: it kills the second server, which the others need running.
  @Test
  @Order(3)
  void aKilledServersBotsAreTakenOverWithinTheLeaseAndNothingIsLost() throws Exception {
    List<RegisteredBot> bots = botsOnBothServers(2);
    Map<Long, String> owners = awaitOwned(bots);
    String nodeB = cluster(api(b)).getString("node");
    List<RegisteredBot> onB =
        bots.stream().filter(bot -> owners.get(bot.id()).equals(nodeB)).toList();
    assertThat(onB).as("server b owns some of the bots: " + owners).isNotEmpty();

    // 300 one-off messages per bot of server b: about 10 s of sending at 30 per second.
    for (RegisteredBot bot : onB) {
      List<long[]> chats = new ArrayList<>();
      for (int chat = 1; chat <= 300; chat++) {
        chats.add(new long[] {200_000 + chat});
      }
      send(api(a), bot.id(), chats, "notice");
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> onB.stream().mapToInt(bot -> telegram.delivered(bot.token()).size()).sum() >= 60);
    b.kill();
    Instant killedAt = Instant.now();

    Map<Long, Instant> takenOver =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> {
                  JsonObject c = cluster(api(a));
                  Map<Long, Instant> acquired = new HashMap<>();
                  for (JsonObject l : c.getJsonArray("leases").getValuesAs(JsonObject.class)) {
                    if (c.getString("node").equals(l.getString("owner", null))) {
                      acquired.put(
                          l.getJsonNumber("botId").longValue(),
                          Instant.parse(l.getString("acquiredAt")));
                    }
                  }
                  return acquired;
                },
                acquired -> onB.stream().allMatch(bot -> acquired.containsKey(bot.id())));

    for (RegisteredBot bot : onB) {
      Duration takeover = Duration.between(killedAt, takenOver.get(bot.id()));
      System.out.printf(
          "ScaleOutIT: bot %d taken over %d ms after the kill%n", bot.id(), takeover.toMillis());
      assertThat(takeover).isLessThanOrEqualTo(Duration.ofSeconds(15));

      awaitNothingPending(bot.id(), Duration.ofSeconds(120));
      // Notices resend what was on its way at the crash (the lane's default policy): every
      // message is sent, and only those calls may have reached their chat twice.
      long sent = count(bot.id(), "sent");
      long uncertain = count(bot.id(), "uncertain");
      long resent =
          io.tgdesk.testing.Outboxes.entriesOf(bot.id()).stream()
              .filter(e -> "resent".equals(e.getString("serverFailureOutcome", null)))
              .count();
      assertThat(sent).as("nothing lost, nothing left for an admin").isEqualTo(300);
      assertThat(uncertain).isZero();
      assertThat(resent)
          .as("only calls in flight at the crash are sent again")
          // The calls on their way (booked ones go back to PENDING): the throttle starts at most a
          // second's budget (30) of them per second, and each is answered well within that.
          .isLessThanOrEqualTo(30);
      List<Delivered> delivered = telegram.delivered(bot.token());
      Map<Long, Long> copies =
          delivered.stream()
              .collect(Collectors.groupingBy(Delivered::chatId, Collectors.counting()));
      assertThat(copies).as("every chat got its message").hasSize(300);
      long duplicates = copies.values().stream().mapToLong(n -> n - 1).sum();
      assertThat(duplicates).as("duplicates only among the resent").isLessThanOrEqualTo(resent);
      assertThat(telegram.tooManyRequests(bot.token())).as("429s across the takeover").isZero();
      System.out.printf(
          "ScaleOutIT: bot %d after the takeover: %d sent, %d resent, %d duplicates, 0 lost%n",
          bot.id(), sent, resent, duplicates);
    }
  }

  /**
   * Registers bots one at a time until each server owns at least {@code each} of them (a new bot
   * goes to the server with fewer bots), and returns {@code each} of each server's.
   */
  private static List<RegisteredBot> botsOnBothServers(int each) {
    List<RegisteredBot> bots = new ArrayList<>();
    for (int i = 0; i < 6 * each; i++) {
      bots.add(Bots.webhookBot(telegram));
      Map<Long, String> owners = awaitOwned(bots);
      Map<String, List<RegisteredBot>> byOwner =
          bots.stream().collect(Collectors.groupingBy(bot -> owners.get(bot.id())));
      if (byOwner.size() == 2 && byOwner.values().stream().allMatch(l -> l.size() >= each)) {
        return byOwner.values().stream().flatMap(l -> l.stream().limit(each)).toList();
      }
    }
    throw new AssertionError("new bots did not spread over both servers: " + awaitOwned(bots));
  }

  private static Map<Long, String> awaitOwned(List<RegisteredBot> bots) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              JsonObject c = cluster();
              Map<Long, String> owners = new HashMap<>();
              for (RegisteredBot bot : bots) {
                String owner = ownerOf(c, bot.id());
                if (!owner.isEmpty()) {
                  owners.put(bot.id(), owner);
                }
              }
              return owners;
            },
            owners -> owners.size() == bots.size());
  }

  private static String ownerOf(JsonObject cluster, long botId) {
    return cluster.getJsonArray("leases").getValuesAs(JsonObject.class).stream()
        .filter(l -> l.getJsonNumber("botId").longValue() == botId && !l.getBoolean("expired"))
        .map(l -> l.getString("owner", ""))
        .findFirst()
        .orElse("");
  }

  private static List<String> alive(JsonObject cluster) {
    return cluster.getJsonArray("nodes").getValuesAs(JsonObject.class).stream()
        .filter(n -> n.getBoolean("alive"))
        .map(n -> n.getString("nodeId"))
        .toList();
  }

  private static JsonObject cluster() {
    return cluster(api(a));
  }

  private static JsonObject cluster(TgDeskApi api) {
    var reply = api.get("/api/admin/cluster");
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    return reply.json();
  }

  private static void deliver(LibertyNode node, RegisteredBot bot, JsonObject update) {
    assertThat(Bots.deliver(api(node), bot, update)).isEqualTo(200);
  }

  private static TgDeskApi api(LibertyNode node) {
    return TgDeskApi.at(node.baseUrl(), TgDeskApi.ADMIN);
  }

  private static List<Long> send(TgDeskApi api, long botId, List<long[]> chats, String text) {
    JsonArrayBuilder messages = Json.createArrayBuilder();
    chats.forEach(
        c ->
            messages.add(
                Json.createObjectBuilder().add("chatId", c[0]).add("text", text + " to " + c[0])));
    var reply =
        api.post(
            "/api/admin/messages",
            Json.createObjectBuilder().add("botId", botId).add("messages", messages).build());
    assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
    return reply.json().getJsonArray("ids").getValuesAs(jakarta.json.JsonNumber.class).stream()
        .map(jakarta.json.JsonNumber::longValue)
        .toList();
  }

  private static long count(long botId, String state) {
    var reply = api(a).get("/api/admin/outbox?size=1&botId=" + botId + "&state=" + state);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    return reply.json().getJsonNumber("total").longValue();
  }

  private static void awaitNothingPending(long botId, Duration atMost) {
    await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> count(botId, "pending") + count(botId, "in_flight") == 0);
  }

  private static int peakPerSecond(List<Delivered> delivered) {
    List<Instant> at = delivered.stream().map(Delivered::at).sorted().toList();
    int peak = 0;
    for (int i = 0, j = 0; i < at.size(); i++) {
      while (Duration.between(at.get(j), at.get(i)).compareTo(Duration.ofSeconds(1)) >= 0) {
        j++;
      }
      peak = Math.max(peak, i - j + 1);
    }
    return peak;
  }
}
