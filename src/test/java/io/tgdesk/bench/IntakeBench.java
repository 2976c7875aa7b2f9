package io.tgdesk.bench;

import static io.tgdesk.testing.TelegramUpdates.privateText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tgdesk.testing.Bots;
import io.tgdesk.testing.Bots.RegisteredBot;
import io.tgdesk.testing.FakeTelegram;
import io.tgdesk.testing.TgDeskApi;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Webhook intake under load: N concurrent clients post distinct updates (many chats) as fast as the
 * server acknowledges them. Prints updates/s and ack latency percentiles, then how long the
 * processor took to turn them all into conversation messages. Checks that every update was stored
 * and acknowledged with 200.
 */
class IntakeBench {

  static final int WARMUP = Integer.getInteger("bench.warmup", 300);
  static final int UPDATES = Integer.getInteger("bench.updates", 4000);
  static final int CHATS = Integer.getInteger("bench.chats", 200);

  @RegisterExtension static final FakeTelegram telegram = FakeTelegram.start();

  @Test
  void webhookIntakeWith1Client() throws Exception {
    run(1);
  }

  @Test
  void webhookIntakeWith4Clients() throws Exception {
    run(4);
  }

  @Test
  void webhookIntakeWith16Clients() throws Exception {
    run(16);
  }

  @Test
  void webhookIntakeWith64Clients() throws Exception {
    run(64);
  }

  private void run(int clients) throws Exception {
    RegisteredBot bot = Bots.webhookBot(telegram);
    AtomicLong nextUpdate = new AtomicLong(1);
    send(bot, clients, WARMUP, nextUpdate); // JIT, pools, caches

    long started = System.nanoTime();
    long[] latencies = send(bot, clients, UPDATES, nextUpdate);
    double seconds = (System.nanoTime() - started) / 1e9;

    long total = WARMUP + UPDATES;
    long processedBy =
        await()
            .atMost(Duration.ofMinutes(5))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> processed(bot), n -> n == total);
    double drainSeconds = (System.nanoTime() - started) / 1e9;

    Arrays.sort(latencies);
    System.out.printf(
        "%nBENCH intake db=%s clients=%d updates=%d: %.0f updates/s acknowledged;"
            + " ack latency p50=%.1f ms p95=%.1f ms p99=%.1f ms max=%.1f ms;"
            + " all %d processed after %.1f s (%.0f updates/s end to end)%n",
        System.getProperty("tgdesk.dbType"),
        clients,
        UPDATES,
        UPDATES / seconds,
        pct(latencies, 50),
        pct(latencies, 95),
        pct(latencies, 99),
        latencies[latencies.length - 1] / 1e6,
        processedBy,
        drainSeconds,
        UPDATES / drainSeconds);
    assertThat(processedBy).isEqualTo(total);
  }

  private static long[] send(RegisteredBot bot, int clients, int count, AtomicLong nextUpdate)
      throws Exception {
    long[] latencies = new long[count];
    AtomicLong index = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<?>> futures = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      futures.add(
          pool.submit(
              () -> {
                long i;
                while ((i = index.getAndIncrement()) < count) {
                  long updateId = nextUpdate.getAndIncrement();
                  long chat = 100_000 + updateId % CHATS;
                  var update =
                      privateText(
                          updateId, chat, "Customer" + chat, updateId, "message " + updateId);
                  long t0 = System.nanoTime();
                  int status = Bots.deliver(bot, update);
                  latencies[(int) i] = System.nanoTime() - t0;
                  assertThat(status).isEqualTo(200);
                }
                return null;
              }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    pool.shutdown();
    return latencies;
  }

  private static long processed(RegisteredBot bot) {
    return TgDeskApi.asAdmin()
        .get("/api/admin/updates?size=1&state=processed&botId=" + bot.id())
        .json()
        .getJsonNumber("total")
        .longValue();
  }

  private static double pct(long[] sorted, int p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, i)] / 1e6;
  }
}
