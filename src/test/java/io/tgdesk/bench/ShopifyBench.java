package io.tgdesk.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tgdesk.testing.Bots;
import io.tgdesk.testing.Bots.RegisteredBot;
import io.tgdesk.testing.FakeTelegram;
import io.tgdesk.testing.FakeTelegram.Delivered;
import io.tgdesk.testing.Shopify;
import io.tgdesk.testing.Shopify.RegisteredShop;
import io.tgdesk.testing.TelegramUpdates;
import io.tgdesk.testing.TgDeskApi;
import io.tgdesk.testing.Tickets;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Shopify sale: 500 order webhooks in one minute for 200 linked customers (create, then paid and
 * fulfilled for most), while agents reply in 30 other chats every second. Prints the webhook answer
 * times, Telegram calls per second against the 30/s budget, 429s, notices sent against order events
 * that asked for one (the rest were coalesced), and agent-reply latency during the burst. Not a
 * timed test: it only asserts that nothing is lost and no webhook failed.
 */
class ShopifyBench {

  @RegisterExtension static final FakeTelegram telegram = FakeTelegram.start();

  private static final int CUSTOMERS = 200;
  private static final int WEBHOOKS = 500;
  private static final Duration BURST = Duration.ofSeconds(60);

  @Test
  void fiveHundredOrderWebhooksInAMinuteForTwoHundredLinkedCustomers() throws Exception {
    telegram.setLimits(FakeTelegram.Limits.telegramDefaults());
    RegisteredBot bot = Bots.webhookBot(telegram);
    RegisteredShop shop =
        Shopify.configure(
            bot.id(),
            Json.createObjectBuilder()
                .add("noticesEnabled", true)
                .add("noticeWindowSeconds", 10)
                .build());
    long userBase = 700_000_000L + (System.nanoTime() % 1_000_000);
    for (int c = 0; c < CUSTOMERS; c++) {
      Bots.deliver(bot, TelegramUpdates.privateText(c + 1, userBase + c, "C" + c, c + 1, "hi"));
    }
    Tickets.awaitTickets(bot.id(), l -> l.size() == CUSTOMERS);

    // The plan: every customer's order is created; 300 more events pay or fulfil 150 of them.
    List<String[]> plan = new ArrayList<>();
    Instant t0 = Instant.parse("2026-11-28T12:00:00Z");
    for (int c = 0; c < CUSTOMERS; c++) {
      plan.add(new String[] {"orders/create", "" + c, "0"});
    }
    for (int c = 0; c < 150; c++) {
      plan.add(new String[] {"orders/paid", "" + c, "1"});
      plan.add(new String[] {"orders/fulfilled", "" + c, "2"});
    }
    assertThat(plan).hasSize(WEBHOOKS);

    List<Long> answerMillis = Collections.synchronizedList(new ArrayList<>());
    List<Integer> statuses = Collections.synchronizedList(new ArrayList<>());
    Map<String, Instant> agentSent = new ConcurrentHashMap<>();
    ExecutorService senders = Executors.newFixedThreadPool(8);
    var scheduler = Executors.newScheduledThreadPool(2);
    long periodMicros = BURST.toNanos() / 1000 / WEBHOOKS;
    long orderBase = 5_000_000_000L + (System.nanoTime() % 1_000_000);
    Instant start = Instant.now();
    for (int i = 0; i < plan.size(); i++) {
      String[] p = plan.get(i);
      int c = Integer.parseInt(p[1]);
      int step = Integer.parseInt(p[2]);
      JsonObject order =
          Shopify.order(
              orderBase + c,
              "#" + (1000 + c),
              null,
              null,
              null,
              step == 0 ? "pending" : "paid",
              step == 2 ? "fulfilled" : null,
              t0.plusSeconds(step * 30L),
              userBase + c);
      byte[] body = order.toString().getBytes(StandardCharsets.UTF_8);
      var headers =
          Shopify.headers(shop.domain(), p[0], UUID.randomUUID().toString(), shop.secret(), body);
      scheduler.schedule(
          () ->
              senders.execute(
                  () -> {
                    long s = System.nanoTime();
                    int status = Shopify.post(body, headers).status();
                    answerMillis.add((System.nanoTime() - s) / 1_000_000);
                    statuses.add(status);
                  }),
          i * periodMicros,
          TimeUnit.MICROSECONDS);
    }
    // Agents reply in 30 other chats, one reply per second, through the agent-reply lane.
    for (int s = 0; s < BURST.toSeconds(); s++) {
      int n = s;
      scheduler.schedule(
          () -> {
            String text = "agent reply " + n;
            agentSent.put(text, Instant.now());
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
                                        .add("chatId", 900_000 + (n % 30))
                                        .add("text", text)))
                        .build());
          },
          s * 1000L,
          TimeUnit.MILLISECONDS);
    }
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> statuses.size() == WEBHOOKS);
    Instant burstEnd = Instant.now();
    await()
        .atMost(Duration.ofMinutes(10))
        .pollInterval(Duration.ofSeconds(2))
        .until(
            () ->
                TgDeskApi.asAdmin()
                            .get(
                                "/api/admin/shopify/events?size=1&state=received&shopId="
                                    + shop.id())
                            .json()
                            .getInt("total")
                        == 0
                    && outboxOpen(bot) == 0);
    scheduler.shutdown();
    senders.shutdown();

    List<Delivered> delivered = telegram.delivered(bot.token());
    List<Delivered> notices =
        delivered.stream().filter(d -> !d.text().startsWith("agent reply")).toList();
    List<Long> agentLatency = new ArrayList<>();
    for (Delivered d : delivered) {
      Instant sent = agentSent.get(d.text());
      if (sent != null) agentLatency.add(Duration.between(sent, d.at()).toMillis());
    }
    long noticeAsks =
        TgDeskApi.asAdmin()
            .get("/api/admin/shopify/events?size=500&shopId=" + shop.id())
            .json()
            .getJsonArray("items")
            .getValuesAs(JsonObject.class)
            .stream()
            .filter(e -> e.getString("outcome", "").contains("notice queued"))
            .count();
    long processed = count(shop, "processed");
    // Concurrent senders may deliver an order's fulfilled event before its paid one: the older
    // paid payload is then stale and ignored, as it should be.
    long stale = count(shop, "ignored");
    long failed = count(shop, "failed");
    System.out.printf(
        Locale.ROOT,
        "%nBENCH shopify db=%s: %d webhooks in %.1f s (statuses %s); answer ms p50 %d p99 %d max %d;"
            + " processed %d, ignored as stale %d, failed %d; notices asked %d, sent %d (coalesced %d); Telegram calls/s max %d"
            + " (limit 30); 429s %d; agent replies %d, latency ms p50 %d p99 %d max %d;"
            + " all settled %.1f s after the burst%n",
        System.getProperty("tgdesk.dbType"),
        WEBHOOKS,
        Duration.between(start, burstEnd).toMillis() / 1000.0,
        statuses.stream().distinct().toList(),
        pct(answerMillis, 50),
        pct(answerMillis, 99),
        pct(answerMillis, 100),
        processed,
        stale,
        failed,
        noticeAsks,
        notices.size(),
        noticeAsks - notices.size(),
        maxPerSecond(delivered),
        telegram.tooManyRequests(bot.token()),
        agentLatency.size(),
        pct(agentLatency, 50),
        pct(agentLatency, 99),
        pct(agentLatency, 100),
        Duration.between(burstEnd, Instant.now()).toMillis() / 1000.0);
    assertThat(statuses).containsOnly(200);
    assertThat(processed + stale).isEqualTo(WEBHOOKS);
    assertThat(failed).isZero();
    assertThat(agentLatency).hasSize((int) BURST.toSeconds());
  }

  private static long count(RegisteredShop shop, String state) {
    return TgDeskApi.asAdmin()
        .get("/api/admin/shopify/events?size=1&state=" + state + "&shopId=" + shop.id())
        .json()
        .getInt("total");
  }

  private static long outboxOpen(RegisteredBot bot) {
    long pending =
        TgDeskApi.asAdmin()
            .get("/api/admin/outbox?size=1&state=pending&botId=" + bot.id())
            .json()
            .getInt("total");
    long inFlight =
        TgDeskApi.asAdmin()
            .get("/api/admin/outbox?size=1&state=in_flight&botId=" + bot.id())
            .json()
            .getInt("total");
    return pending + inFlight;
  }

  private static long pct(List<Long> values, int p) {
    if (values.isEmpty()) return -1;
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }

  /** The most calls delivered within any one second. */
  private static int maxPerSecond(List<Delivered> delivered) {
    List<Instant> at = delivered.stream().map(Delivered::at).sorted().toList();
    int max = 0;
    int from = 0;
    for (int to = 0; to < at.size(); to++) {
      while (Duration.between(at.get(from), at.get(to)).toMillis() >= 1000) from++;
      max = Math.max(max, to - from + 1);
    }
    return max;
  }
}
