package io.tgdesk.bench;

import static io.tgdesk.testing.TelegramUpdates.privateText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tgdesk.testing.Bots;
import io.tgdesk.testing.Bots.RegisteredBot;
import io.tgdesk.testing.FakeTelegram;
import io.tgdesk.testing.FakeTelegram.Delivered;
import io.tgdesk.testing.Queues;
import io.tgdesk.testing.TgDeskApi;
import io.tgdesk.testing.Tickets;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A flood: one customer sends 200 messages in 10 s through the webhook while ten other customers
 * keep writing (one message every 100 ms between them) and agents reply to them (one reply every
 * 500 ms). The bot's queue is closed, so every customer is owed an after-hours reply. Prints the
 * other customers' ack latency, the replies' latency from the reply request to Telegram's answer,
 * and the flooder's; checks that the flooder's ticket holds all 200 messages, is flagged as
 * flooding, and that TgDesk sent the flooder at most one automatic message. Runs on the default
 * flood limit (20 messages in 10 s).
 */
class FloodBench {

  static final int FLOOD = Integer.getInteger("bench.flood.messages", 200);
  static final Duration SPAN = Duration.ofSeconds(10);
  static final int OTHERS = 10;
  static final long FLOODER = 9_100_000;

  @RegisterExtension static final FakeTelegram telegram = FakeTelegram.start();

  private final AtomicLong updateIds = new AtomicLong(1);

  @Test
  void oneCustomerFloodsWhileTheOthersAreServed() throws Exception {
    RegisteredBot bot = Bots.webhookBot(telegram);
    Queues.closedToday(bot, "flood-bench-" + bot.id(), "We are closed today.");
    List<Long> others = new ArrayList<>();
    List<Long> otherTickets = new ArrayList<>();
    for (int i = 0; i < OTHERS; i++) {
      long user = FLOODER + 1 + i;
      others.add(user);
      otherTickets.add(ticketOf(bot, user, "hello from " + user));
    }
    // Their after-hours replies are out before the flood starts.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> telegram.delivered(bot.token()).size() >= OTHERS);
    String loadBefore = loadAverage();

    ExecutorService pool = Executors.newFixedThreadPool(3);
    long start = System.nanoTime();
    Future<long[]> flood =
        pool.submit(
            () ->
                paced(
                    start,
                    FLOOD,
                    SPAN.toNanos() / FLOOD,
                    i -> deliver(bot, FLOODER, 1000 + i, "flood " + i)));
    int otherCount = (int) (SPAN.toMillis() / 100);
    Future<long[]> quiet =
        pool.submit(
            () ->
                paced(
                    start,
                    otherCount,
                    Duration.ofMillis(100).toNanos(),
                    i -> deliver(bot, others.get(i % OTHERS), 2000 + i, "still there? " + i)));
    Map<String, Instant> asked = new ConcurrentHashMap<>();
    int replyCount = (int) (SPAN.toMillis() / 500);
    Future<long[]> replies =
        pool.submit(
            () ->
                paced(
                    start,
                    replyCount,
                    Duration.ofMillis(500).toNanos(),
                    i -> {
                      String text = "agent reply " + i;
                      asked.put(text, Instant.now());
                      var r =
                          TgDeskApi.asAgent()
                              .post(
                                  "/api/tickets/" + otherTickets.get(i % OTHERS) + "/replies",
                                  Json.createObjectBuilder().add("text", text).build());
                      assertThat(r.status()).as(r.toString()).isEqualTo(201);
                    }));
    long[] floodAcks = flood.get();
    long[] quietAcks = quiet.get();
    replies.get();
    double sent = (System.nanoTime() - start) / 1e9;
    pool.shutdown();

    long ticket =
        Tickets.ofBot(bot.id()).stream()
            .filter(t -> userOf(t) == FLOODER)
            .findFirst()
            .orElseThrow()
            .getJsonNumber("id")
            .longValue();
    JsonObject detail =
        await()
            .atMost(Duration.ofMinutes(3))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> Tickets.get(ticket), t -> customerMessages(t) == FLOOD);
    double stored = (System.nanoTime() - start) / 1e9;
    List<Delivered> replyDeliveries =
        await()
            .atMost(Duration.ofMinutes(2))
            .until(
                () ->
                    telegram.delivered(bot.token()).stream()
                        .filter(d -> d.text() != null && d.text().startsWith("agent reply"))
                        .toList(),
                l -> l.size() == replyCount);
    // Anything TgDesk would still send the flooder on its own has had time to go.
    Thread.sleep(5000);
    List<Delivered> toFlooder =
        telegram.delivered(bot.token()).stream().filter(d -> d.chatId() == FLOODER).toList();
    long[] replyLatencies =
        replyDeliveries.stream()
            .mapToLong(d -> Duration.between(asked.get(d.text()), d.at()).toNanos())
            .sorted()
            .toArray();
    Arrays.sort(floodAcks);
    Arrays.sort(quietAcks);
    System.out.printf(
        "%nBENCH flood db=%s: %d messages of one customer sent in %.1f s; stored in the ticket"
            + " after %.1f s; flooding=%s count=%s; automatic messages to the flooder: %d%n"
            + "  other customers' acks (%d): p50=%.1f ms p95=%.1f ms p99=%.1f ms max=%.1f ms%n"
            + "  flooder's acks: p50=%.1f ms p95=%.1f ms max=%.1f ms%n"
            + "  replies (%d), request to sent: p50=%.0f ms p95=%.0f ms max=%.0f ms%n"
            + "  load average before: %s; after: %s%n",
        System.getProperty("tgdesk.dbType"),
        FLOOD,
        sent,
        stored,
        detail.getBoolean("flooding"),
        detail.containsKey("flood") && !detail.isNull("flood")
            ? detail.getJsonObject("flood").get("count")
            : "-",
        toFlooder.size(),
        quietAcks.length,
        pct(quietAcks, 50),
        pct(quietAcks, 95),
        pct(quietAcks, 99),
        quietAcks[quietAcks.length - 1] / 1e6,
        pct(floodAcks, 50),
        pct(floodAcks, 95),
        floodAcks[floodAcks.length - 1] / 1e6,
        replyLatencies.length,
        pct(replyLatencies, 50),
        pct(replyLatencies, 95),
        replyLatencies[replyLatencies.length - 1] / 1e6,
        loadBefore,
        loadAverage());
    assertThat(customerMessages(detail)).isEqualTo(FLOOD);
    assertThat(toFlooder).hasSizeLessThanOrEqualTo(1);
  }

  /** Runs {@code n} actions, the i-th at {@code start + i * every}; returns each one's time. */
  private static long[] paced(long start, int n, long every, java.util.function.IntConsumer action)
      throws InterruptedException {
    long[] took = new long[n];
    for (int i = 0; i < n; i++) {
      long due = start + i * every;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      long t0 = System.nanoTime();
      action.accept(i);
      took[i] = System.nanoTime() - t0;
    }
    return took;
  }

  private void deliver(RegisteredBot bot, long user, long messageId, String text) {
    int status =
        Bots.deliver(
            bot, privateText(updateIds.getAndIncrement(), user, "C" + user, messageId, text));
    assertThat(status).isEqualTo(200);
  }

  private long ticketOf(RegisteredBot bot, long user, String text) {
    deliver(bot, user, 1, text);
    return Tickets.awaitTickets(bot.id(), t -> t.stream().anyMatch(x -> userOf(x) == user)).stream()
        .filter(x -> userOf(x) == user)
        .findFirst()
        .orElseThrow()
        .getJsonNumber("id")
        .longValue();
  }

  private static long userOf(JsonObject ticket) {
    return ticket.getJsonObject("customer").getJsonNumber("telegramUserId").longValue();
  }

  private static long customerMessages(JsonObject ticket) {
    return Tickets.messages(ticket).stream()
        .filter(m -> "customer".equals(m.getString("author")))
        .count();
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  private static double pct(long[] sorted, int p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, i)] / 1e6;
  }
}
