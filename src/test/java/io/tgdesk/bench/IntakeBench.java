package io.tgdesk.bench;

import static io.tgdesk.testing.TelegramUpdates.privateText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tgdesk.testing.Bots;
import io.tgdesk.testing.Bots.RegisteredBot;
import io.tgdesk.testing.FakeTelegram;
import io.tgdesk.testing.LibertyServer;
import jakarta.json.JsonObject;
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
  void webhookIntakeWith40Clients() throws Exception {
    run(40);
  }

  @Test
  void webhookIntakeWith64Clients() throws Exception {
    run(64);
  }

  /**
   * Telegram's default {@code max_connections}: the acknowledged rate against the same endpoint
   * refusing every delivery at the secret check (401, nothing stored), from the same 40 clients.
   * Three rounds of refusals then acknowledgements, each round's refusals measured once the
   * processor has caught up, so that the machine's speed and load cancel out; the median round is
   * the figure.
   */
  @Test
  void webhookIntakeAt40ConnectionsAgainstTheRefusalRate() throws Exception {
    int clients = 40;
    int rounds = 3;
    RegisteredBot bot = Bots.webhookBot(telegram);
    RegisteredBot stranger =
        new RegisteredBot(bot.id(), bot.token(), "not-the-secret", bot.username());
    AtomicLong nextUpdate = new AtomicLong(1);
    AtomicLong nextRefused = new AtomicLong(1_000_000_000L);
    send(stranger, clients, WARMUP, nextRefused, 401);
    send(bot, clients, WARMUP, nextUpdate, 200);
    List<double[]> results = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      long stored = nextUpdate.get() - 1;
      await().atMost(Duration.ofMinutes(2)).until(() -> Bots.processedUpdates(bot) == stored);
      long t0 = System.nanoTime();
      long[] refusedLatencies = send(stranger, clients, UPDATES, nextRefused, 401);
      double refused = UPDATES / ((System.nanoTime() - t0) / 1e9);
      long t1 = System.nanoTime();
      long[] latencies = send(bot, clients, UPDATES, nextUpdate, 200);
      double acked = UPDATES / ((System.nanoTime() - t1) / 1e9);
      Arrays.sort(refusedLatencies);
      Arrays.sort(latencies);
      results.add(
          new double[] {
            acked / refused,
            acked,
            pct(latencies, 50),
            pct(latencies, 99),
            latencies[latencies.length - 1] / 1e6,
            refused,
            pct(refusedLatencies, 99)
          });
    }
    long total = nextUpdate.get() - 1;
    long processedBy =
        await()
            .atMost(Duration.ofMinutes(5))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> Bots.processedUpdates(bot), n -> n == total);
    results.sort((a, b) -> Double.compare(a[0], b[0]));
    for (double[] r : results) {
      System.out.printf(
          "%nBENCH intake db=%s clients=%d updates=%d: %.0f updates/s acknowledged, p50=%.1f ms"
              + " p99=%.1f ms max=%.1f ms; %.0f/s refused at the secret check, p99=%.1f ms;"
              + " acknowledged/refused = %.2f%s%n",
          System.getProperty("tgdesk.dbType"),
          clients,
          UPDATES,
          r[1],
          r[2],
          r[3],
          r[4],
          r[5],
          r[6],
          r[0],
          r == results.get(rounds / 2) ? " (median round)" : "");
    }
    assertThat(processedBy).isEqualTo(total);
  }

  /**
   * A burst of {@code bench.burstSeconds} (30) at 40 connections, as fast as acknowledged, then the
   * processor's backlog (stored, not yet processed) each second until it is empty: how many updates
   * were processed while the burst lasted, and how long after it every update has been processed.
   */
  @Test
  void aBurstAt40ConnectionsIsProcessedSoonAfter() throws Exception {
    int clients = 40;
    long burstNanos = Duration.ofSeconds(Integer.getInteger("bench.burstSeconds", 30)).toNanos();
    RegisteredBot bot = Bots.webhookBot(telegram);
    AtomicLong nextUpdate = new AtomicLong(1);
    send(bot, clients, WARMUP, nextUpdate, 200);
    await().atMost(Duration.ofMinutes(2)).until(() -> Bots.processedUpdates(bot) == WARMUP);

    long started = System.nanoTime();
    List<Future<?>> futures =
        onClients(
            clients,
            () -> {
              while (System.nanoTime() - started < burstNanos) {
                assertThat(Bots.deliver(bot, update(nextUpdate.getAndIncrement()))).isEqualTo(200);
              }
            });
    StringBuilder curve = new StringBuilder();
    long stored;
    long done;
    int second = 0;
    long doneAtEnd = -1;
    long cpuAtEnd = 0;
    long nanosAtEnd = 0;
    do {
      long wakeAt = started + (second + 1) * 1_000_000_000L;
      Thread.sleep(Math.max(0, (wakeAt - System.nanoTime()) / 1_000_000));
      second++;
      stored = nextUpdate.get() - 1;
      done = Bots.processedUpdates(bot);
      curve.append(String.format(" %ds:%d", second, stored - done));
      if (doneAtEnd < 0 && System.nanoTime() - started >= burstNanos) {
        // The burst is over: from here the server only processes (and answers this poll).
        doneAtEnd = done;
        cpuAtEnd = LibertyServer.cpuNanos();
        nanosAtEnd = System.nanoTime();
      }
    } while (System.nanoTime() - started < burstNanos || stored - done > 0 || second < 2);
    long cpuAfter = LibertyServer.cpuNanos() - cpuAtEnd;
    double secondsAfter = (System.nanoTime() - nanosAtEnd) / 1e9;
    for (Future<?> f : futures) {
      f.get();
    }
    double burst = burstNanos / 1e9;
    long sent = nextUpdate.get() - 1 - WARMUP;
    long drained = done - doneAtEnd;
    System.out.printf(
        "%nBENCH intake burst db=%s clients=%d: %d updates in %.0f s (%.0f/s), %d of them"
            + " processed during it (%.0f/s); all processed %.0f s after the burst ended;"
            + " after it %d processed at %.0f/s,"
            + " server CPU %.0f us per update; backlog per second:%s%n",
        System.getProperty("tgdesk.dbType"),
        clients,
        sent,
        burst,
        sent / burst,
        doneAtEnd - WARMUP,
        (doneAtEnd - WARMUP) / burst,
        second - burst,
        drained,
        drained / secondsAfter,
        drained == 0 ? 0.0 : cpuAfter / 1000.0 / drained,
        curve);
    assertThat(Bots.processedUpdates(bot)).isEqualTo(WARMUP + sent);
  }

  private void run(int clients) throws Exception {
    RegisteredBot bot = Bots.webhookBot(telegram);
    AtomicLong nextUpdate = new AtomicLong(1);
    send(bot, clients, WARMUP, nextUpdate, 200); // JIT, pools, caches

    long started = System.nanoTime();
    long[] latencies = send(bot, clients, UPDATES, nextUpdate, 200);
    double seconds = (System.nanoTime() - started) / 1e9;

    long total = WARMUP + UPDATES;
    long processedBy =
        await()
            .atMost(Duration.ofMinutes(5))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> Bots.processedUpdates(bot), n -> n == total);
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

  private static long[] send(
      RegisteredBot bot, int clients, int count, AtomicLong nextUpdate, int expectedStatus)
      throws Exception {
    long[] latencies = new long[count];
    AtomicLong index = new AtomicLong();
    List<Future<?>> futures =
        onClients(
            clients,
            () -> {
              long i;
              while ((i = index.getAndIncrement()) < count) {
                var update = update(nextUpdate.getAndIncrement());
                long t0 = System.nanoTime();
                int status = Bots.deliver(bot, update);
                latencies[(int) i] = System.nanoTime() - t0;
                assertThat(status).isEqualTo(expectedStatus);
              }
            });
    for (Future<?> f : futures) {
      f.get();
    }
    return latencies;
  }

  /** Runs {@code work} on {@code clients} threads at once; the futures say when each ended. */
  private static List<Future<?>> onClients(int clients, Runnable work) {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<?>> futures = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      futures.add(pool.submit(work));
    }
    pool.shutdown(); // the submitted work still runs to its end
    return futures;
  }

  /** A customer's text in one of {@link #CHATS} private chats. */
  private static JsonObject update(long updateId) {
    long chat = 100_000 + updateId % CHATS;
    return privateText(updateId, chat, "Customer" + chat, updateId, "message " + updateId);
  }

  private static double pct(long[] sorted, int p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, i)] / 1e6;
  }
}
