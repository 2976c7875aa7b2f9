package io.tgdesk.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tgdesk.testing.Bots;
import io.tgdesk.testing.Bots.RegisteredBot;
import io.tgdesk.testing.FakeTelegram;
import io.tgdesk.testing.FakeTelegram.Delivered;
import io.tgdesk.testing.TgDeskApi;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
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
 * One bulk of private notices (default 10,000; {@code -Dbench.pool.messages=N}) sent once through
 * one bot and once through a pool of three, in one request each, against the simulator with
 * Telegram's default limits. Prints for each: delivered/total, lost, duplicates, 429s, the most
 * calls of one bot within the simulator's one-second window, messages per bot, makespan (request to
 * last delivery), the budget bound (messages / (30/s x bots)) and the pool's speed-up.
 */
class PoolBench {

  @RegisterExtension static final FakeTelegram telegram = FakeTelegram.start();

  @Test
  void aBulkOverAPoolOfThreeBotsAgainstOneBot() {
    int n = Integer.getInteger("bench.pool.messages", 10_000);
    telegram.setLimits(FakeTelegram.Limits.telegramDefaults());
    long base = ThreadLocalRandom.current().nextLong(1_000_000L, 4_000_000L) * 1_000_000;

    RegisteredBot single = Bots.webhookBot(telegram);
    double one = run("1 bot", List.of(single), "botId", single.id(), base, n);

    List<RegisteredBot> three =
        List.of(Bots.webhookBot(telegram), Bots.webhookBot(telegram), Bots.webhookBot(telegram));
    JsonArrayBuilder ids = Json.createArrayBuilder();
    three.forEach(b -> ids.add(b.id()));
    var pool =
        TgDeskApi.asAdmin()
            .post(
                "/api/admin/bot-pools",
                Json.createObjectBuilder().add("name", "bench-" + base).add("botIds", ids).build());
    assertThat(pool.status()).as(pool.toString()).isEqualTo(201);
    double pooled =
        run("pool of 3", three, "poolId", pool.json().getJsonNumber("id").longValue(), base + n, n);

    System.out.printf(
        Locale.ROOT, "%nBENCH pool: %d messages, speed-up of the pool %.2fx%n", n, one / pooled);
  }

  private double run(
      String name, List<RegisteredBot> bots, String field, long target, long base, int n) {
    JsonArrayBuilder messages = Json.createArrayBuilder();
    for (int i = 0; i < n; i++) {
      long chat = base + i;
      messages.add(Json.createObjectBuilder().add("chatId", chat).add("text", "n" + chat));
    }
    Instant start = Instant.now();
    var reply =
        TgDeskApi.asAdmin()
            .post(
                "/api/admin/messages",
                Json.createObjectBuilder()
                    .add(field, target)
                    .add("lane", "bulk")
                    .add("messages", messages)
                    .build());
    assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
    double accepted = Duration.between(start, Instant.now()).toMillis() / 1000.0;
    await()
        .atMost(Duration.ofMinutes(20))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> bots.stream().mapToInt(b -> telegram.delivered(b.token()).size()).sum() >= n);

    List<Delivered> all = new ArrayList<>();
    List<String> perBot = new ArrayList<>();
    int most = 0;
    int tooMany = 0;
    Duration window = Duration.ofSeconds(1).minus(telegram.limits().tolerance());
    for (RegisteredBot b : bots) {
      List<Delivered> log = telegram.delivered(b.token());
      all.addAll(log);
      perBot.add(Integer.toString(log.size()));
      most = Math.max(most, mostInAWindow(log, window));
      tooMany += telegram.tooManyRequests(b.token());
    }
    Map<String, Integer> seen = new HashMap<>();
    all.forEach(d -> seen.merge(d.text(), 1, Integer::sum));
    long duplicates = seen.values().stream().filter(c -> c > 1).mapToLong(c -> c - 1).sum();
    long lost = n - seen.size();
    Instant last = all.stream().map(Delivered::at).max(Instant::compareTo).orElse(start);
    double makespan = Duration.between(start, last).toMillis() / 1000.0;
    double bound = n / (30.0 * bots.size());
    System.out.printf(
        Locale.ROOT,
        "%nBENCH pool [%s] db=%s: delivered %d/%d, lost %d, duplicates %d, 429s %d,"
            + " most per bot in one window %d, per bot %s, accepted in %.2f s, makespan %.2f s,"
            + " budget bound %.2f s, efficiency %.3f%n",
        name,
        System.getProperty("tgdesk.dbType"),
        all.size(),
        n,
        lost,
        duplicates,
        tooMany,
        most,
        String.join("/", perBot),
        accepted,
        makespan,
        bound,
        bound / makespan);
    assertThat(lost).isZero();
    assertThat(duplicates).isZero();
    return makespan;
  }

  private static int mostInAWindow(List<Delivered> log, Duration window) {
    List<Instant> times = log.stream().map(Delivered::at).sorted().toList();
    int max = 0;
    int from = 0;
    for (int to = 0; to < times.size(); to++) {
      while (!times.get(from).isAfter(times.get(to).minus(window))) {
        from++;
      }
      max = Math.max(max, to - from + 1);
    }
    return max;
  }
}
