package io.tgdesk.bench;

import static io.tgdesk.testing.TelegramUpdates.privateText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tgdesk.testing.Bots;
import io.tgdesk.testing.Bots.RegisteredBot;
import io.tgdesk.testing.FakeTelegram;
import io.tgdesk.testing.FakeTelegram.Delivered;
import io.tgdesk.testing.TgDeskApi;
import io.tgdesk.testing.Tickets;
import jakarta.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Customers (default 100; {@code -Dbench.agents.customers=N}) each write 3 texts within one minute,
 * mirrored into one agents group served once by 1 bot and once by 3 (customers spread over them),
 * against the simulator with Telegram's default limits (20 messages a minute per bot and group).
 * Meanwhile agents reply through the REST API to a few of those customers. Prints: when the last
 * mirrored text landed (from the first message), calls into the group, combined messages, 429s,
 * texts lost and duplicated, and the agent replies' latency (request to the customer's chat).
 */
class AgentsGroupBench {

  @RegisterExtension static final FakeTelegram telegram = FakeTelegram.start();

  static final int PER_CUSTOMER = 3;
  static final int REPLIES = 6;

  @Test
  void aMinuteOfCustomersIntoOneGroupByOneAndByThreeBots() {
    int customers = Integer.getInteger("bench.agents.customers", 100);
    telegram.setLimits(FakeTelegram.Limits.telegramDefaults());
    double one = run("1 bot", 1, customers);
    double three = run("3 bots", 3, customers);
    System.out.printf(
        Locale.ROOT,
        "%nBENCH agents group: %d customers x %d texts, last mirrored text after %.1f s (1 bot),"
            + " %.1f s (3 bots), speed-up %.2fx%n",
        customers,
        PER_CUSTOMER,
        one,
        three,
        one / three);
  }

  private double run(String name, int botCount, int customers) {
    long group = -1_009_000_000_000L - ThreadLocalRandom.current().nextLong(1_000_000_000L);
    long base = ThreadLocalRandom.current().nextLong(1_000L, 9_000L) * 100_000L;
    List<RegisteredBot> bots = new ArrayList<>();
    for (int i = 0; i < botCount; i++) {
      RegisteredBot bot = Bots.webhookBot(telegram);
      telegram.addChat(bot.token(), group, "supergroup", "Bench agents", true);
      telegram.setBotMember(bot.token(), group, "administrator", true);
      var reply =
          TgDeskApi.asAdmin()
              .post(
                  "/api/admin/agent-groups",
                  Json.createObjectBuilder().add("botId", bot.id()).add("chatId", group).build());
      assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
      bots.add(bot);
    }
    int total = customers * PER_CUSTOMER;
    long gapMillis = Duration.ofMinutes(1).toMillis() / total;
    Instant start = Instant.now();
    List<Double> replyLatencies = new ArrayList<>();
    int replied = 0;
    for (int k = 0; k < total; k++) {
      int round = k / customers;
      int c = k % customers;
      RegisteredBot bot = bots.get(c % botCount);
      long customer = base + c;
      Bots.deliver(
          bot, privateText(base + k, customer, "C" + c, 10 + round, "c" + c + "-m" + round));
      // Agents answer a few customers of the first round while the group is busiest.
      if (round == 1 && c % (customers / REPLIES) == 0 && replied < REPLIES) {
        replied++;
        replyLatencies.add(agentReply(bot, customer, name + "-reply-" + c));
      }
      long due = start.toEpochMilli() + (k + 1) * gapMillis;
      long wait = due - System.currentTimeMillis();
      if (wait > 0) {
        try {
          Thread.sleep(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return 0;
        }
      }
    }
    await()
        .atMost(Duration.ofMinutes(25))
        .pollInterval(Duration.ofSeconds(2))
        .until(() -> mirrored(bots, group).size() >= total);

    Map<String, Integer> seen = new HashMap<>();
    mirrored(bots, group).forEach(t -> seen.merge(t, 1, Integer::sum));
    long duplicates = seen.values().stream().filter(n -> n > 1).mapToLong(n -> n - 1).sum();
    long lost = total - seen.size();
    List<Delivered> calls = new ArrayList<>();
    int tooMany = 0;
    List<String> perBot = new ArrayList<>();
    for (RegisteredBot b : bots) {
      List<Delivered> inGroup =
          telegram.delivered(b.token()).stream().filter(d -> d.chatId() == group).toList();
      calls.addAll(inGroup);
      perBot.add(Integer.toString(inGroup.size()));
      tooMany += telegram.tooManyRequests(b.token());
    }
    long combined =
        calls.stream().filter(d -> d.text() != null && d.text().endsWith("messages)")).count();
    long topics = calls.stream().filter(d -> d.method().equals("createForumTopic")).count();
    Instant last = calls.stream().map(Delivered::at).max(Instant::compareTo).orElse(start);
    double makespan = Duration.between(start, last).toMillis() / 1000.0;
    double maxReply = replyLatencies.stream().mapToDouble(d -> d).max().orElse(0);
    double meanReply = replyLatencies.stream().mapToDouble(d -> d).average().orElse(0);
    System.out.printf(
        Locale.ROOT,
        "%nBENCH agents group [%s] db=%s: %d customers, %d texts, last mirrored after %.1f s,"
            + " calls into the group %d (per bot %s; %d topics, %d combined messages),"
            + " 429s %d, lost %d, duplicates %d, agent replies %d: mean %.2f s, max %.2f s%n",
        name,
        System.getProperty("tgdesk.dbType"),
        customers,
        total,
        makespan,
        calls.size(),
        String.join("/", perBot),
        topics,
        combined,
        tooMany,
        lost,
        duplicates,
        replyLatencies.size(),
        meanReply,
        maxReply);
    assertThat(tooMany).isZero();
    assertThat(lost).isZero();
    assertThat(duplicates).isZero();
    return makespan;
  }

  /** The customers' texts as they stand in the group, combined ones split again. */
  private static List<String> mirrored(List<RegisteredBot> bots, long group) {
    List<String> texts = new ArrayList<>();
    for (RegisteredBot b : bots) {
      for (Delivered d : telegram.delivered(b.token())) {
        if (d.chatId() != group || !d.method().equals("sendMessage") || d.text() == null) {
          continue;
        }
        d.text()
            .lines()
            .filter(line -> !line.endsWith("messages)"))
            .map(line -> line.replaceFirst("^\\[[0-9:]+\\] ", ""))
            .forEach(texts::add);
      }
    }
    return texts;
  }

  /** An agent's reply through the REST API; seconds until it is in the customer's chat. */
  private static double agentReply(RegisteredBot bot, long customer, String text) {
    long ticket =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    Tickets.ofBot(bot.id()).stream()
                        .filter(t -> t.getJsonNumber("chatId").longValue() == customer)
                        .map(t -> t.getJsonNumber("id").longValue())
                        .findFirst(),
                java.util.Optional::isPresent)
            .orElseThrow();
    Instant sent = Instant.now();
    var reply =
        TgDeskApi.asAgent()
            .post(
                "/api/tickets/" + ticket + "/replies",
                Json.createObjectBuilder().add("text", text).build());
    assertThat(reply.status()).as(reply.toString()).isBetween(200, 202);
    Delivered arrived =
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(20))
            .until(
                () ->
                    telegram.delivered(bot.token()).stream()
                        .filter(d -> d.chatId() == customer && text.equals(d.text()))
                        .findFirst(),
                java.util.Optional::isPresent)
            .orElseThrow();
    return Duration.between(sent, arrived.at()).toMillis() / 1000.0;
  }
}
