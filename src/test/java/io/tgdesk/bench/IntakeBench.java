package io.tgdesk.bench;

import static io.tgdesk.testing.TelegramUpdates.privateText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tgdesk.testing.Bots;
import io.tgdesk.testing.Bots.RegisteredBot;
import io.tgdesk.testing.FakeTelegram;
import io.tgdesk.testing.TgDeskApi;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Webhook intake under load. {@link #acknowledgementAt1To40Connections}: N concurrent connections
 * (1, 4, 16, 40; Telegram opens up to {@code max_connections}, 40 by default) post distinct updates
 * (many chats) as fast as the server acknowledges them, and at 40 connections the same endpoint
 * refusing every delivery at the secret check, for comparison: acknowledgements per second and
 * latency percentiles. {@link #aThirtySecondBurstAt40Connections}: 40 connections post for 30 s,
 * and the backlog (stored but not yet a conversation message) is printed every second until it is
 * empty. Checks correctness only: every update acknowledged with 200 and processed exactly once,
 * every refusal a 401.
 */
class IntakeBench {

  static final int WARMUP = Integer.getInteger("bench.warmup", 1000);
  static final int UPDATES = Integer.getInteger("bench.updates", 4000);
  static final int CHATS = Integer.getInteger("bench.chats", 200);
  static final int BURST_SECONDS = Integer.getInteger("bench.burst-seconds", 30);

  @RegisterExtension static final FakeTelegram telegram = FakeTelegram.start();

  /** What one measurement saw: how many, over how long, and each request's latency. */
  record Run(int connections, long requests, double seconds, long[] latencies) {
    double rate() {
      return requests / seconds;
    }

    String summary() {
      long[] sorted = latencies.clone();
      Arrays.sort(sorted);
      return String.format(
          "%d connections: %.0f/s, p50=%.1f ms p99=%.1f ms max=%.1f ms",
          connections,
          rate(),
          pct(sorted, 50),
          pct(sorted, 99),
          sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
    }
  }

  @Test
  void acknowledgementAt1To40Connections() throws Exception {
    String db = System.getProperty("tgdesk.dbType");
    List<String> lines = new ArrayList<>();
    for (int connections : new int[] {1, 4, 16, 40}) {
      RegisteredBot bot = Bots.webhookBot(telegram);
      AtomicLong nextUpdate = new AtomicLong(1);
      post(bot, connections, WARMUP, nextUpdate, 200, Long.MAX_VALUE); // JIT, pools, caches
      awaitProcessed(bot, WARMUP);
      Run run = post(bot, connections, UPDATES, nextUpdate, 200, Long.MAX_VALUE);
      long started = System.nanoTime();
      awaitProcessed(bot, WARMUP + UPDATES);
      double drain = (System.nanoTime() - started) / 1e9;
      lines.add(
          String.format(
              "BENCH intake db=%s acknowledged %s; all processed %.1f s after the last ack",
              db, run.summary(), drain));
      if (connections == 40) {
        RegisteredBot stranger = new RegisteredBot(bot.id(), bot.token(), "wrong-secret", "x");
        post(stranger, connections, WARMUP, new AtomicLong(1), 401, Long.MAX_VALUE);
        Run refused = post(stranger, connections, UPDATES, new AtomicLong(1), 401, Long.MAX_VALUE);
        lines.add(
            String.format(
                "BENCH intake db=%s refused (wrong secret) %s; acknowledged/refused = %.2f",
                db, refused.summary(), run.rate() / refused.rate()));
      }
    }
    System.out.println();
    lines.forEach(System.out::println);
  }

  @Test
  void aThirtySecondBurstAt40Connections() throws Exception {
    String db = System.getProperty("tgdesk.dbType");
    RegisteredBot bot = Bots.webhookBot(telegram);
    AtomicLong nextUpdate = new AtomicLong(1);
    post(bot, 40, WARMUP, nextUpdate, 200, Long.MAX_VALUE);
    awaitProcessed(bot, WARMUP);

    AtomicLong acknowledged = new AtomicLong(WARMUP);
    AtomicBoolean posted = new AtomicBoolean();
    List<String> curve = new ArrayList<>();
    ExecutorService sampler = Executors.newSingleThreadExecutor();
    long start = System.nanoTime();
    long end = start + Duration.ofSeconds(BURST_SECONDS).toNanos();
    Future<?> sampling =
        sampler.submit(
            () -> {
              for (int second = 1; ; second++) {
                long due = start + Duration.ofSeconds(second).toNanos();
                Thread.sleep(Math.max(0, (due - System.nanoTime()) / 1_000_000));
                long backlog = unprocessed(bot);
                curve.add(second + "s:" + backlog);
                if (posted.get() && backlog == 0) {
                  return (System.nanoTime() - end) / 1e9;
                }
              }
            });
    Run burst = post(bot, 40, Integer.MAX_VALUE, nextUpdate, 200, end, acknowledged);
    posted.set(true);
    double emptyAfter = (double) sampling.get();
    sampler.shutdown();
    System.out.printf(
        "%nBENCH intake db=%s burst of %d s: acknowledged %d updates, %s;"
            + " backlog empty %.1f s after the burst%nBENCH intake db=%s backlog per second: %s%n",
        db,
        BURST_SECONDS,
        burst.requests(),
        burst.summary(),
        emptyAfter,
        db,
        String.join(" ", curve));
    assertThat(processed(bot)).isEqualTo(acknowledged.get());
    assertThat(unprocessed(bot)).isZero();
  }

  private static Run post(
      RegisteredBot bot,
      int connections,
      int count,
      AtomicLong nextUpdate,
      int expectedStatus,
      long untilNanos)
      throws Exception {
    return post(bot, connections, count, nextUpdate, expectedStatus, untilNanos, new AtomicLong());
  }

  /**
   * Posts {@code count} distinct updates, or as many as fit before {@code untilNanos}, over that
   * many connections, each as soon as the previous answer came.
   */
  private static Run post(
      RegisteredBot bot,
      int connections,
      int count,
      AtomicLong nextUpdate,
      int expectedStatus,
      long untilNanos,
      AtomicLong acknowledged)
      throws Exception {
    List<long[]> perConnection = new ArrayList<>();
    AtomicLong index = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(connections);
    List<Future<long[]>> futures = new ArrayList<>();
    long started = System.nanoTime();
    for (int c = 0; c < connections; c++) {
      futures.add(
          pool.submit(
              () -> {
                long[] mine = new long[1024];
                int n = 0;
                while (index.getAndIncrement() < count && System.nanoTime() < untilNanos) {
                  long updateId = nextUpdate.getAndIncrement();
                  long chat = 100_000 + updateId % CHATS;
                  byte[] body =
                      privateText(
                              updateId, chat, "Customer" + chat, updateId, "message " + updateId)
                          .toString()
                          .getBytes(StandardCharsets.UTF_8);
                  long t0 = System.nanoTime();
                  int status =
                      TgDeskApi.anonymous()
                          .postBytes(
                              bot.webhookPath(),
                              body,
                              Map.of(
                                  "Content-Type",
                                  "application/json",
                                  "X-Telegram-Bot-Api-Secret-Token",
                                  bot.secret()))
                          .status();
                  long latency = System.nanoTime() - t0;
                  assertThat(status).isEqualTo(expectedStatus);
                  acknowledged.incrementAndGet();
                  if (n == mine.length) {
                    mine = Arrays.copyOf(mine, n * 2);
                  }
                  mine[n++] = latency;
                }
                return Arrays.copyOf(mine, n);
              }));
    }
    for (Future<long[]> f : futures) {
      perConnection.add(f.get());
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    pool.shutdown();
    long[] all = perConnection.stream().flatMapToLong(Arrays::stream).toArray();
    return new Run(connections, all.length, seconds, all);
  }

  /** Waits until none is left to process (a cheap count), then checks the total once. */
  private static void awaitProcessed(RegisteredBot bot, long total) {
    LongPredicate done = n -> n == 0;
    await()
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> unprocessed(bot), done::test);
    assertThat(processed(bot)).isEqualTo(total);
  }

  /**
   * Stored but not yet processed (state received; none fails here): read by the index on the state,
   * so that asking every second costs the server little while a burst runs.
   */
  private static long unprocessed(RegisteredBot bot) {
    return TgDeskApi.asAdmin()
        .get("/api/admin/updates?size=1&state=received&botId=" + bot.id())
        .json()
        .getJsonNumber("total")
        .longValue();
  }

  private static long processed(RegisteredBot bot) {
    return TgDeskApi.asAdmin()
        .get("/api/admin/updates?size=1&state=processed&botId=" + bot.id())
        .json()
        .getJsonNumber("total")
        .longValue();
  }

  private static double pct(long[] sorted, int p) {
    if (sorted.length == 0) {
      return 0;
    }
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, i)] / 1e6;
  }
}
