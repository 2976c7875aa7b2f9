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
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Named workloads through the real engine against the Telegram simulator (Telegram's default
 * limits). For each: delivered/total, lost, duplicates, order violations, 429s, makespan, the lower
 * bound a perfect scheduler reaches under the same limits, and efficiency = bound / makespan.
 */
class DeliveryBench {

  @RegisterExtension static final FakeTelegram telegram = FakeTelegram.start();

  /** One message of a workload: its chat and its position in that chat. */
  record Planned(long chatId, int seq) {
    String text() {
      return "c" + chatId + "#" + seq;
    }
  }

  @Test
  void onePerChatToThreeHundredPrivateChats() {
    List<Planned> work = new ArrayList<>();
    for (int c = 0; c < 300; c++) {
      work.add(new Planned(100_000 + c, 0));
    }
    run("300 private chats x 1", work, Set.of());
  }

  @Test
  void twentyChatsWithFiveEachMixedWithTwoHundredOneOffNotices() {
    List<Planned> work = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      for (int c = 0; c < 20; c++) {
        work.add(new Planned(200_000 + c, i));
      }
      for (int n = 0; n < 40; n++) {
        work.add(new Planned(300_000 + i * 40 + n, 0));
      }
    }
    run("20 chats x 5 + 200 one-offs", work, Set.of());
  }

  @Test
  void threeGroupsWithTwentyFiveEachPlusOneHundredPrivate() {
    List<Planned> work = new ArrayList<>();
    for (int g = 0; g < 3; g++) {
      telegramGroups.add(-100_000_000_000L - g);
    }
    for (int i = 0; i < 25; i++) {
      for (long g : telegramGroups) {
        work.add(new Planned(g, i));
      }
    }
    for (int c = 0; c < 100; c++) {
      work.add(new Planned(400_000 + c, 0));
    }
    run("3 groups x 25 + 100 private", work, Set.of());
  }

  @Test
  void threeHundredPrivateChatsOfWhichThirtyBlocked() {
    List<Planned> work = new ArrayList<>();
    Set<Long> blocked = new HashSet<>();
    for (int c = 0; c < 300; c++) {
      work.add(new Planned(500_000 + c, 0));
      work.add(new Planned(500_000 + c, 1));
      if (c % 10 == 0) {
        blocked.add(500_000L + c);
      }
    }
    run("300 private x 2, 30 blocked", work, blocked);
  }

  /**
   * Agent replies while a broadcast goes out: 10,000 bulk messages through a bot with paid
   * broadcast at 1,000/s, and meanwhile replies to 20 customers, one every 250 ms. Prints each
   * reply's time from its request to Telegram (p50, p99, max).
   */
  @Test
  void agentRepliesDuringATenThousandMessageBroadcast() throws Exception {
    telegram.setLimits(FakeTelegram.Limits.telegramDefaults());
    RegisteredBot bot =
        Bots.register(
            telegram,
            "webhook",
            Json.createObjectBuilder().add("paidBroadcastPerSecond", 1000).build());
    JsonArrayBuilder bulk = Json.createArrayBuilder();
    for (int i = 0; i < 10_000; i++) {
      bulk.add(Json.createObjectBuilder().add("chatId", 900_000 + i).add("text", "b" + i));
    }
    var accepted =
        TgDeskApi.asAdmin()
            .send(
                "POST",
                "/api/admin/messages",
                Json.createObjectBuilder()
                    .add("botId", bot.id())
                    .add("lane", "bulk")
                    .add("messages", bulk)
                    .build()
                    .toString(),
                Map.of("Content-Type", "application/json"),
                Duration.ofMinutes(5));
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    Instant bulkAccepted = Instant.now();
    Thread.sleep(1_000);
    Map<String, Instant> asked = new LinkedHashMap<>();
    for (int r = 0; r < 20; r++) {
      String text = "reply " + r;
      Instant at = Instant.now();
      var reply =
          TgDeskApi.asAdmin()
              .post(
                  "/api/admin/messages",
                  Json.createObjectBuilder()
                      .add("botId", bot.id())
                      .add("lane", "agent-reply")
                      .add(
                          "messages",
                          Json.createArrayBuilder()
                              .add(
                                  Json.createObjectBuilder()
                                      .add("chatId", 990_000 + r)
                                      .add("text", text)))
                      .build());
      assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
      asked.put(text, at);
      Thread.sleep(250);
    }
    await()
        .atMost(Duration.ofMinutes(10))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> telegram.delivered(bot.token()).size() >= 10_020);
    Map<String, Instant> deliveredAt = new HashMap<>();
    telegram.delivered(bot.token()).forEach(d -> deliveredAt.put(d.text(), d.at()));
    List<Long> latencies =
        asked.entrySet().stream()
            .map(e -> Duration.between(e.getValue(), deliveredAt.get(e.getKey())).toMillis())
            .sorted()
            .toList();
    Instant bulkLast =
        deliveredAt.entrySet().stream()
            .filter(e -> e.getKey().startsWith("b"))
            .map(Map.Entry::getValue)
            .max(Instant::compareTo)
            .orElseThrow();
    System.out.printf(
        Locale.ROOT,
        "%nBENCH replies during a broadcast db=%s: 20 agent replies, request to Telegram p50 %d"
            + " ms, p99 %d ms, max %d ms; the 10,000 bulk messages ended %.1f s after acceptance;"
            + " 429s %d%n",
        System.getProperty("tgdesk.dbType"),
        latencies.get(latencies.size() / 2),
        latencies.get((int) Math.ceil(latencies.size() * 0.99) - 1),
        latencies.get(latencies.size() - 1),
        Duration.between(bulkAccepted, bulkLast).toMillis() / 1000.0,
        telegram.tooManyRequests(bot.token()));
    assertThat(latencies).hasSize(20);
  }

  /** Chats of 8 back to back, one chat after another, each after 10 one-offs. */
  private static List<Planned> chainsAmongOneOffs(long firstChat, long firstOneOff) {
    List<Planned> work = new ArrayList<>();
    for (int c = 0; c < 30; c++) {
      for (int n = 0; n < 10; n++) {
        work.add(new Planned(firstOneOff + c * 10L + n, 0));
      }
      for (int i = 0; i < 8; i++) {
        work.add(new Planned(firstChat + c, i));
      }
    }
    return work;
  }

  @Test
  void thirtyChatsOfEightOneAfterAnotherAmongThreeHundredOneOffs() {
    run("30 chats x 8 back to back + 300 one-offs", chainsAmongOneOffs(600_000, 610_000), Set.of());
  }

  @Test
  void thirtyChatsOfEightAmongThreeHundredOneOffsWithFivePercentOfTheChatsBlocked() {
    List<Planned> work = chainsAmongOneOffs(620_000, 630_000);
    Set<Long> blocked = new HashSet<>();
    work.stream().map(Planned::chatId).distinct().filter(c -> c % 20 == 7).forEach(blocked::add);
    run("30 chats x 8 + 300 one-offs, 5 % of chats blocked", work, blocked);
  }

  @Test
  void threeGroupsOfThirtyPlusSixtyOneOffs() {
    List<Planned> work = new ArrayList<>();
    for (int g = 0; g < 3; g++) {
      telegramGroups.add(-100_000_000_100L - g);
    }
    for (int c = 0; c < 60; c++) {
      work.add(new Planned(640_000 + c, 0));
    }
    for (int i = 0; i < 30; i++) {
      for (long g : telegramGroups) {
        work.add(new Planned(g, i));
      }
    }
    run("3 groups x 30 + 60 one-offs", work, Set.of());
  }

  @Test
  void sixHundredPrivateChatsOnceEach() {
    List<Planned> work = new ArrayList<>();
    for (int c = 0; c < 600; c++) {
      work.add(new Planned(650_000 + c, 0));
    }
    run("600 private chats x 1", work, Set.of());
  }

  /**
   * Seeded random mixes no workload above has: chains of 2-15, up to two groups, one-offs and a few
   * blocked chats, shuffled, each chat's messages spread through the request or back to back.
   */
  @Test
  void seededRandomMixes() {
    // -Dbench.seeds=11,37 runs chosen mixes only.
    for (long seed :
        java.util.Arrays.stream(System.getProperty("bench.seeds", "11,23,37").split(","))
            .mapToLong(Long::parseLong)
            .toArray()) {
      java.util.Random random = new java.util.Random(seed);
      List<Long> chats = new ArrayList<>();
      long base = 700_000 + seed * 1_000;
      int chains = 10 + random.nextInt(30);
      for (int c = 0; c < chains; c++) {
        int n = 2 + random.nextInt(14);
        for (int i = 0; i < n; i++) {
          chats.add(base + c);
        }
      }
      telegramGroups.clear();
      int groups = random.nextInt(3);
      for (int g = 0; g < groups; g++) {
        long group = -100_000_000_200L - seed * 10 - g;
        telegramGroups.add(group);
        for (int i = 0, n = 5 + random.nextInt(20); i < n; i++) {
          chats.add(group);
        }
      }
      for (int k = 0, n = 100 + random.nextInt(400); k < n; k++) {
        chats.add(base + 500 + k);
      }
      java.util.Collections.shuffle(chats, random);
      if (random.nextBoolean()) {
        Map<Long, Integer> count = new LinkedHashMap<>();
        chats.forEach(c -> count.merge(c, 1, Integer::sum));
        chats = new ArrayList<>();
        for (var e : count.entrySet()) {
          chats.addAll(java.util.Collections.nCopies(e.getValue(), e.getKey()));
        }
      }
      Map<Long, Integer> seq = new HashMap<>();
      List<Planned> work = new ArrayList<>();
      chats.forEach(c -> work.add(new Planned(c, seq.merge(c, 1, Integer::sum) - 1)));
      Set<Long> blocked = new HashSet<>();
      for (int b = 0; b < 3; b++) {
        blocked.add(base + random.nextInt(chains));
      }
      run("seeded mix " + seed + " (" + work.size() + " messages)", work, blocked);
    }
  }

  /**
   * The paid lane at its highest rate: 10,000 one-off bulk messages through a bot opted in to paid
   * broadcast at 1,000/s. Prints the rate reached and the server JVM's CPU time per message
   * (enqueue and delivery together; /proc of the Liberty process). Measured in three runs ({@code
   * -Dbench.paidRuns}), each with a bot of its own: the first run of the server (when this runs
   * first, a cold server, whose JIT compiles the delivery path meanwhile and takes a third of the
   * server's CPU or more), and later ones, nearer the rate the lane sustains.
   */
  @Test
  void tenThousandPaidBroadcastsAtAThousandPerSecond() {
    int runs = Integer.getInteger("bench.paidRuns", 3);
    for (int run = 1; run <= runs; run++) {
      paidBroadcast(run == 1 ? "the first run" : "run " + run, (run - 1) * 10_000);
    }
  }

  private void paidBroadcast(String which, int firstChat) {
    telegram.setLimits(FakeTelegram.Limits.telegramDefaults());
    RegisteredBot bot =
        Bots.register(
            telegram,
            "webhook",
            Json.createObjectBuilder()
                .add("paidBroadcastPerSecond", 1000)
                .add("enabled", false)
                .build());
    int n = 10_000;
    long cpuBefore = io.tgdesk.testing.LibertyServer.cpuNanos();
    Instant start = Instant.now();
    for (int from = 0; from < n; from += 1000) {
      JsonArrayBuilder messages = Json.createArrayBuilder();
      for (int i = from; i < from + 1000; i++) {
        messages.add(
            Json.createObjectBuilder().add("chatId", 700_000 + firstChat + i).add("text", "p" + i));
      }
      var reply =
          TgDeskApi.asAdmin()
              .post(
                  "/api/admin/messages",
                  Json.createObjectBuilder()
                      .add("botId", bot.id())
                      .add("lane", "bulk")
                      .add("messages", messages)
                      .build());
      assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
    }
    // Enqueued while the bot was disabled, so that the two costs are apart and the lane starts
    // full.
    Instant enqueued = Instant.now();
    long cpuEnqueued = io.tgdesk.testing.LibertyServer.cpuNanos();
    var enable =
        TgDeskApi.asAdmin()
            .patch(
                "/api/admin/bots/" + bot.id(),
                Json.createObjectBuilder().add("enabled", true).build());
    assertThat(enable.status()).as(enable.toString()).isEqualTo(200);
    Instant enabled = Instant.now();
    CpuUse sendingFrom = CpuUse.now();
    await()
        .atMost(Duration.ofMinutes(10))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> telegram.delivered(bot.token()).size() >= n);
    long cpuAfter = io.tgdesk.testing.LibertyServer.cpuNanos();
    CpuUse sendingTo = CpuUse.now();
    List<Delivered> delivered = telegram.delivered(bot.token());
    Instant first = delivered.stream().map(Delivered::at).min(Instant::compareTo).orElseThrow();
    Instant last = delivered.stream().map(Delivered::at).max(Instant::compareTo).orElseThrow();
    double sending = Duration.between(first, last).toMillis() / 1000.0;
    System.out.printf(
        Locale.ROOT,
        "%nBENCH paid [10,000 bulk at 1000/s, %s] db=%s: delivered %d/%d, paid %d, 429s %d, enqueue %.2f"
            + " s, from enabled to last %.2f s, sending %.2f s = %.0f msg/s (bound %.2f s), server CPU"
            + " per message: enqueue %.0f us, delivery %.0f us%n",
        which,
        System.getProperty("tgdesk.dbType"),
        delivered.size(),
        n,
        delivered.stream().filter(Delivered::paid).count(),
        telegram.tooManyRequests(bot.token()),
        Duration.between(start, enqueued).toMillis() / 1000.0,
        Duration.between(enabled, last).toMillis() / 1000.0,
        sending,
        (n - 1) / sending,
        (n - 1) / 1000.0,
        (cpuEnqueued - cpuBefore) / 1000.0 / n,
        (cpuAfter - cpuEnqueued) / 1000.0 / n);
    System.out.printf(
        Locale.ROOT,
        "BENCH paid [%s] CPU per message while sending: %s%n",
        which,
        sendingTo.perUnitSince(sendingFrom, n));
    assertThat(delivered).hasSize(n);
  }

  /**
   * One request of 10,000 bulk messages to a bot that is sending (paid broadcast at 1,000/s): how
   * long until the request is answered, and the same request sent again with the same {@code
   * Idempotency-Key} (a client that timed out and retries) adds nothing. Measured twice: the first
   * such request of the server (when this runs first, a cold server: the JIT compiles the insert
   * path meanwhile), and a second one to another bot once the first bulk is out.
   */
  @Test
  void tenThousandMessagesInOneRequestAreAcceptedAtOnce() {
    tenThousandInOneRequest("the first request");
    tenThousandInOneRequest("a second request");
  }

  private void tenThousandInOneRequest(String which) {
    telegram.setLimits(FakeTelegram.Limits.telegramDefaults());
    RegisteredBot bot =
        Bots.register(
            telegram,
            "webhook",
            Json.createObjectBuilder().add("paidBroadcastPerSecond", 1000).build());
    int n = 10_000;
    JsonArrayBuilder messages = Json.createArrayBuilder();
    for (int i = 0; i < n; i++) {
      messages.add(Json.createObjectBuilder().add("chatId", 800_000 + i).add("text", "q" + i));
    }
    String body =
        Json.createObjectBuilder()
            .add("botId", bot.id())
            .add("lane", "bulk")
            .add("messages", messages)
            .build()
            .toString();
    Map<String, String> key =
        Map.of("Content-Type", "application/json", "Idempotency-Key", "bench-" + bot.id());
    long cpuBefore = io.tgdesk.testing.LibertyServer.cpuNanos();
    Instant start = Instant.now();
    var first =
        TgDeskApi.asAdmin().send("POST", "/api/admin/messages", body, key, Duration.ofMinutes(10));
    Instant answered = Instant.now();
    long cpuAnswered = io.tgdesk.testing.LibertyServer.cpuNanos();
    assertThat(first.status()).as(first.toString()).isEqualTo(202);
    var again = TgDeskApi.asAdmin().send("POST", "/api/admin/messages", body, key);
    Instant answeredAgain = Instant.now();
    assertThat(again.status()).as(again.toString()).isEqualTo(202);
    assertThat(again.body()).isEqualTo(first.body());
    await()
        .atMost(Duration.ofMinutes(10))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> telegram.delivered(bot.token()).size() >= n);
    List<Delivered> delivered = telegram.delivered(bot.token());
    Instant last = delivered.stream().map(Delivered::at).max(Instant::compareTo).orElseThrow();
    System.out.printf(
        Locale.ROOT,
        "%nBENCH bulk [10,000 in one request, bot sending at 1000/s, %s] db=%s: answered 202"
            + " after %.2f s (server CPU %.0f us per message), the retry with the same"
            + " Idempotency-Key after %.2f s; delivered %d/%d, 429s %d, last delivery %.2f s after"
            + " the request%n",
        which,
        System.getProperty("tgdesk.dbType"),
        Duration.between(start, answered).toMillis() / 1000.0,
        (cpuAnswered - cpuBefore) / 1000.0 / n,
        Duration.between(answered, answeredAgain).toMillis() / 1000.0,
        delivered.size(),
        n,
        telegram.tooManyRequests(bot.token()),
        Duration.between(start, last).toMillis() / 1000.0);
    assertThat(delivered).hasSize(n);
  }

  private final List<Long> telegramGroups = new ArrayList<>();

  private void run(String name, List<Planned> work, Set<Long> blocked) {
    telegram.setLimits(FakeTelegram.Limits.telegramDefaults());
    RegisteredBot bot = Bots.webhookBot(telegram);
    for (long g : telegramGroups) {
      telegram.addChat(bot.token(), g, "supergroup", "group " + g, false);
    }
    blocked.forEach(
        c -> telegram.blockChat(bot.token(), c, "Forbidden: bot was blocked by the user"));

    Instant start = Instant.now();
    for (int from = 0; from < work.size(); from += 1000) {
      JsonArrayBuilder messages = Json.createArrayBuilder();
      work.subList(from, Math.min(work.size(), from + 1000))
          .forEach(
              p ->
                  messages.add(
                      Json.createObjectBuilder().add("chatId", p.chatId()).add("text", p.text())));
      var reply =
          TgDeskApi.asAdmin()
              .post(
                  "/api/admin/messages",
                  Json.createObjectBuilder()
                      .add("botId", bot.id())
                      .add("lane", "notice")
                      .add("messages", messages)
                      .build());
      assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
    }
    Instant enqueued = Instant.now();
    long expected = work.stream().filter(p -> !blocked.contains(p.chatId())).count();
    await()
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> settled(bot) == work.size());

    List<Delivered> delivered = telegram.delivered(bot.token());
    Instant last = delivered.stream().map(Delivered::at).max(Instant::compareTo).orElse(start);
    Map<String, Integer> seen = new HashMap<>();
    delivered.forEach(d -> seen.merge(d.text(), 1, Integer::sum));
    long duplicates = seen.values().stream().filter(n -> n > 1).mapToLong(n -> n - 1).sum();
    long lost =
        work.stream()
            .filter(p -> !blocked.contains(p.chatId()) && !seen.containsKey(p.text()))
            .count();
    long orderViolations = orderViolations(delivered);
    double makespan = Duration.between(start, last).toMillis() / 1000.0;
    double bound = lowerBound(work, blocked);
    System.out.printf(
        Locale.ROOT,
        "%nBENCH delivery [%s] db=%s: delivered %d/%d, lost %d, duplicates %d, order violations %d,"
            + " 429s %d, makespan %.2f s, lower bound %.2f s, efficiency %.3f%n",
        name,
        System.getProperty("tgdesk.dbType"),
        delivered.size(),
        expected,
        lost,
        duplicates,
        orderViolations,
        telegram.tooManyRequests(bot.token()),
        makespan,
        bound,
        bound / makespan);
    timeline(start, enqueued, telegram.calls(bot.token(), "sendMessage"));
    tail(start, last, delivered);
    printAudit(bot);
    printLongestChainSteps(bot, delivered);
    assertThat(lost).isZero();
    assertThat(duplicates).isZero();
    assertThat(orderViolations).isZero();
  }

  /** Where the makespan went: enqueueing, the wait for the first call, and gaps between calls. */
  private static void timeline(Instant start, Instant enqueued, List<FakeTelegram.Call> calls) {
    List<Instant> at = calls.stream().map(FakeTelegram.Call::at).sorted().toList();
    if (at.isEmpty()) {
      return;
    }
    double slow = 0;
    List<Double> gaps = new ArrayList<>();
    for (int i = 1; i < at.size(); i++) {
      double gap = Duration.between(at.get(i - 1), at.get(i)).toNanos() / 1e9;
      gaps.add(gap);
      slow += Math.max(0, gap - 1 / 30.0);
    }
    gaps.sort(java.util.Comparator.reverseOrder());
    // The closest 31 consecutive calls came: the simulator says 429 below 1 s minus its tolerance.
    double tightest = Double.MAX_VALUE;
    for (int i = 30; i < at.size(); i++) {
      tightest = Math.min(tightest, Duration.between(at.get(i - 30), at.get(i)).toNanos() / 1e9);
    }
    System.out.printf(
        Locale.ROOT,
        "BENCH timeline: enqueued after %.3f s, first call at %.3f s, calls %d over %.3f s"
            + " (at 30/s: %.3f s), time lost in gaps over 1/30 s: %.3f s, largest gaps %s, 31"
            + " consecutive calls within %.3f s at the closest%n",
        Duration.between(start, enqueued).toNanos() / 1e9,
        Duration.between(start, at.get(0)).toNanos() / 1e9,
        at.size(),
        Duration.between(at.get(0), at.get(at.size() - 1)).toNanos() / 1e9,
        (at.size() - 1) / 30.0,
        slow,
        gaps.subList(0, Math.min(8, gaps.size())).stream()
            .map(g -> String.format(Locale.ROOT, "%.3f", g))
            .toList(),
        tightest == Double.MAX_VALUE ? Double.NaN : tightest);
    // Calls in each second from the first: a tail of low counts is chains dripping out at 1/s.
    int[] perSecond =
        new int[(int) Duration.between(at.get(0), at.get(at.size() - 1)).toSeconds() + 1];
    at.forEach(t -> perSecond[(int) Duration.between(at.get(0), t).toSeconds()]++);
    System.out.printf(
        Locale.ROOT, "BENCH calls per second: %s%n", java.util.Arrays.toString(perSecond));
  }

  /**
   * The chats that delivered in the last second: when each started and how many it had. A chain
   * that starts late can only finish late, at one message a second.
   */
  private static void tail(Instant start, Instant last, List<Delivered> delivered) {
    Map<Long, List<Instant>> byChat = new HashMap<>();
    delivered.forEach(d -> byChat.computeIfAbsent(d.chatId(), c -> new ArrayList<>()).add(d.at()));
    List<String> late = new ArrayList<>();
    byChat.forEach(
        (chat, at) -> {
          Instant end = at.stream().max(Instant::compareTo).orElseThrow();
          if (Duration.between(end, last).toMillis() < 1000) {
            Instant begin = at.stream().min(Instant::compareTo).orElseThrow();
            late.add(
                String.format(
                    Locale.ROOT,
                    "chat %d: %d messages from %.2f s to %.2f s",
                    chat,
                    at.size(),
                    Duration.between(start, begin).toMillis() / 1000.0,
                    Duration.between(start, end).toMillis() / 1000.0));
          }
        });
    System.out.printf(Locale.ROOT, "BENCH last second: %s%n", late);
  }

  /**
   * The steps of the longest chain as the call audit saw them: from one call's answer (its start
   * plus its latency) to the start of the chat's next call, whose least is the chat's spacing.
   * Where a chain's steps take longer than the spacing, this says whether the time went before the
   * call (planning, hand-off, departure mark) or on its way (the latency).
   */
  private static void printLongestChainSteps(RegisteredBot bot, List<Delivered> delivered) {
    Map<Long, Long> perChat = new HashMap<>();
    delivered.forEach(d -> perChat.merge(d.chatId(), 1L, Long::sum));
    long chat =
        perChat.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    if (perChat.get(chat) < 3) {
      return;
    }
    List<JsonObject> calls =
        TgDeskApi.asAdmin()
            .get("/api/admin/diagnostics/calls?size=200&botId=" + bot.id() + "&chatId=" + chat)
            .json()
            .getJsonArray("items")
            .getValuesAs(JsonObject.class)
            .stream()
            .sorted(Comparator.comparing(c -> Instant.parse(c.getString("at"))))
            .toList();
    List<Long> answerToNext = new ArrayList<>();
    List<Long> latency = new ArrayList<>();
    for (int i = 1; i < calls.size(); i++) {
      JsonObject before = calls.get(i - 1);
      Instant answered =
          Instant.parse(before.getString("at"))
              .plusMillis(before.getJsonNumber("latencyMs").longValue());
      answerToNext.add(
          Duration.between(answered, Instant.parse(calls.get(i).getString("at"))).toMillis());
      latency.add(before.getJsonNumber("latencyMs").longValue());
    }
    System.out.printf(
        Locale.ROOT,
        "BENCH longest chain (chat %d, %d calls): answer to next call ms %s; latency ms %s%n",
        chat,
        calls.size(),
        answerToNext,
        latency);
  }

  /** The call audit under load: how many of the fake's requests it holds, and what it dropped. */
  private static void printAudit(RegisteredBot bot) {
    long requests =
        telegram.calls().stream()
            .filter(c -> bot.token().equals(c.token()) && !c.method().equals("getMe"))
            .count();
    long start = System.nanoTime();
    long audited =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    TgDeskApi.asAdmin()
                        .get("/api/admin/diagnostics/calls?size=1&botId=" + bot.id())
                        .json()
                        .getJsonNumber("total")
                        .longValue(),
                n -> n >= requests);
    var audit =
        TgDeskApi.asAdmin()
            .get("/api/admin/diagnostics/report?botId=" + bot.id())
            .json()
            .getJsonObject("figures")
            .getJsonObject("audit");
    System.out.printf(
        Locale.ROOT,
        "BENCH call audit: %d of %d requests audited (%.1f s after the last answer); since start"
            + " observed %d, written %d, dropped %d%n",
        audited,
        requests,
        (System.nanoTime() - start) / 1e9,
        audit.getJsonNumber("observed").longValue(),
        audit.getJsonNumber("written").longValue(),
        audit.getJsonNumber("dropped").longValue());
  }

  private static long settled(RegisteredBot bot) {
    var stats =
        TgDeskApi.asAdmin().get("/api/admin/outbox?size=1&state=pending&botId=" + bot.id()).json();
    var inFlight =
        TgDeskApi.asAdmin()
            .get("/api/admin/outbox?size=1&state=in_flight&botId=" + bot.id())
            .json();
    var all = TgDeskApi.asAdmin().get("/api/admin/outbox?size=1&botId=" + bot.id()).json();
    return all.getJsonNumber("total").longValue()
        - stats.getJsonNumber("total").longValue()
        - inFlight.getJsonNumber("total").longValue();
  }

  private static long orderViolations(List<Delivered> delivered) {
    Map<Long, Integer> lastSeq = new HashMap<>();
    long violations = 0;
    for (Delivered d : delivered) {
      int seq = Integer.parseInt(d.text().substring(d.text().indexOf('#') + 1));
      Integer before = lastSeq.put(d.chatId(), seq);
      if (before != null && seq < before) {
        violations++;
      }
    }
    return violations;
  }

  /**
   * The shortest possible makespan under Telegram's default limits, counting one call per blocked
   * chat (the first call finds out): the bot budget (30/s), 1/s per private chat, and per group 1/s
   * with at most 20 in any minute.
   */
  static double lowerBound(List<Planned> work, Set<Long> blocked) {
    Map<Long, Integer> perChat = new LinkedHashMap<>();
    for (Planned p : work) {
      perChat.merge(p.chatId(), 1, Integer::sum);
    }
    long calls = 0;
    double chatBound = 0;
    for (var e : perChat.entrySet()) {
      int n = blocked.contains(e.getKey()) ? 1 : e.getValue();
      calls += n;
      if (e.getKey() < 0) {
        double[] t = new double[n];
        for (int k = 0; k < n; k++) {
          t[k] = Math.max(k == 0 ? 0 : t[k - 1] + 1, k >= 20 ? t[k - 20] + 60 : 0);
        }
        chatBound = Math.max(chatBound, t[n - 1]);
      } else {
        chatBound = Math.max(chatBound, n - 1);
      }
    }
    return Math.max((calls - 1) / 30.0, chatBound);
  }
}
