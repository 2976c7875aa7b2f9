package io.tgdesk.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tgdesk.testing.Bots;
import io.tgdesk.testing.Bots.RegisteredBot;
import io.tgdesk.testing.FakeTelegram;
import io.tgdesk.testing.HostileJson;
import io.tgdesk.testing.Shopify;
import io.tgdesk.testing.Shopify.RegisteredShop;
import io.tgdesk.testing.TelegramUpdates;
import io.tgdesk.testing.TgDeskApi;
import io.tgdesk.testing.Tickets;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The robustness suite: at least 1,000 generated hostile or malformed bodies ({@link HostileJson},
 * seeded, so a failure replays) against each of the Telegram webhook, the Shopify webhook (signed,
 * and a share unsigned) and a set of admin and agent operations, sent in parallel. Nothing answers
 * 5xx, the server stays ready, and what was answered 2xx is exactly what was stored. Set {@code
 * -Dtgdesk.hostile.seed=N} to replay a run.
 */
// Beside the other classes (its own fake Bot API, bots and shops); its methods one after another.
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("HostileBodiesIT")
class HostileBodiesIT {

  static final int PER_TARGET = 1000;
  static final long SEED = Long.getLong("tgdesk.hostile.seed", 20261203L);
  static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  @RegisterExtension static final FakeTelegram telegram = FakeTelegram.start();

  /**
   * The queues the hostile bodies created go again: one that a mutation left without rules would
   * take the tickets of every later test.
   */
  @AfterAll
  static void removeTheQueuesItCreated() {
    for (JsonObject q :
        TgDeskApi.asAdmin().get("/api/admin/queues").jsonArray().getValuesAs(JsonObject.class)) {
      if (q.getString("name", "").startsWith("hostile-")) {
        TgDeskApi.asAdmin().delete("/api/admin/queues/" + q.getJsonNumber("id").longValue());
      }
    }
  }

  /** One request of the suite, and what it was. */
  record Case(String target, String description, HttpRequest request) {}

  /** Its answer. */
  record Outcome(Case c, int status, String body) {
    @Override
    public String toString() {
      return status
          + " "
          + c.target()
          + " ["
          + c.description()
          + "] "
          + (body.length() > 300 ? body.substring(0, 300) : body);
    }
  }

  @Test
  void thousandsOfHostileBodiesGetNo5xxAndLeaveOnlyWhatWasAccepted() throws Exception {
    HostileJson hostile = new HostileJson(SEED);
    RegisteredBot bot = Bots.webhookBot(telegram);
    RegisteredBot patchedBot = Bots.webhookBot(telegram);
    RegisteredShop shop = Shopify.configure(bot.id(), JsonObject.EMPTY_JSON_OBJECT);
    long userId = 880_000_000L + (SEED % 1000) * 1000 + System.nanoTime() % 1000;
    assertThat(Bots.deliver(bot, TelegramUpdates.privateText(userId, userId, "Ann", 1, "first")))
        .isEqualTo(200);
    long ticket =
        Tickets.awaitTickets(bot.id(), t -> !t.isEmpty()).get(0).getJsonNumber("id").longValue();
    long messagesBefore = agentMessages(ticket);
    long updatesBefore = total("/api/admin/updates?size=1&botId=" + bot.id());

    List<Case> cases = new ArrayList<>();
    long updateIds = userId * 10;
    for (int i = 0; i < PER_TARGET; i++) {
      JsonObject update =
          TelegramUpdates.privateText(++updateIds, userId + 1 + i % 50, "Ann", 10 + i, "hi " + i);
      HostileJson.Body body = hostile.mutate(update);
      cases.add(
          new Case(
              "telegram",
              body.description(),
              post(
                  bot.webhookPath(),
                  body.bytes(),
                  Map.of("X-Telegram-Bot-Api-Secret-Token", bot.secret()))));
    }
    int shopifyCases = PER_TARGET + PER_TARGET / 5;
    for (int i = 0; i < shopifyCases; i++) {
      JsonObject order =
          Shopify.order(
              9_000_000 + i,
              "#" + (1000 + i),
              5_000_000L + i,
              "ann" + i + "@example.com",
              "+4915112345" + (i % 100),
              "paid",
              null,
              java.time.Instant.now(),
              userId);
      HostileJson.Body body = hostile.mutate(order);
      boolean signed = i < PER_TARGET;
      Map<String, String> headers =
          Shopify.headers(
              shop.domain(),
              "orders/create",
              "hostile-" + SEED + "-" + i,
              signed ? shop.secret() : null,
              body.bytes());
      cases.add(
          new Case(
              signed ? "shopify-signed" : "shopify-unsigned",
              body.description(),
              post(Shopify.WEBHOOK, body.bytes(), headers)));
    }
    List<Operation> operations = operations(bot, patchedBot, shop, ticket, userId);
    for (int i = 0; i < PER_TARGET; i++) {
      Operation op = operations.get(hostile.random().nextInt(operations.size()));
      HostileJson.Body body = hostile.mutate(op.template().apply(i));
      cases.add(
          new Case(
              op.method() + " " + op.path(),
              body.description(),
              request(op.method(), op.path(), body.bytes(), op.credentials())));
    }

    long started = System.nanoTime();
    List<Outcome> outcomes = sendAll(cases, 12);
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    // A bot registered without apiBaseUrl (a mutation may null it) uses api.telegram.org, which
    // this test machine cannot reach: that 502 is the right answer for an unreachable Bot API.
    List<Outcome> serverErrors =
        outcomes.stream()
            .filter(o -> o.status() >= 500)
            .filter(
                o ->
                    !(o.status() == 502
                        && o.c().target().equals("POST /api/admin/bots")
                        && o.body().contains("api.telegram.org")))
            .toList();
    Map<String, Long> byTarget =
        outcomes.stream()
            .collect(
                java.util.stream.Collectors.groupingBy(
                    o ->
                        o.c().target().startsWith("telegram")
                                || o.c().target().startsWith("shopify")
                            ? o.c().target()
                            : "api",
                    java.util.stream.Collectors.counting()));
    System.out.println(
        "HostileBodiesIT seed "
            + SEED
            + ": "
            + outcomes.size()
            + " requests "
            + byTarget
            + " in "
            + took.toMillis()
            + " ms; 5xx: "
            + serverErrors.size());
    serverErrors.stream()
        .collect(
            java.util.stream.Collectors.groupingBy(
                o -> o.c().target() + " [" + o.c().description().replaceAll("\\d+", "N") + "]",
                java.util.TreeMap::new,
                java.util.stream.Collectors.counting()))
        .forEach((kind, n) -> System.out.println("  5xx x" + n + " " + kind));
    serverErrors.stream().limit(20).forEach(o -> System.out.println("  5xx e.g. " + o));

    assertThat(byTarget.get("telegram")).isGreaterThanOrEqualTo(PER_TARGET);
    assertThat(byTarget.get("shopify-signed")).isGreaterThanOrEqualTo(PER_TARGET);
    assertThat(byTarget.get("api")).isGreaterThanOrEqualTo(PER_TARGET);
    assertThat(TgDeskApi.getFromServer("/health/ready", Map.of()).status())
        .as("ready after the suite")
        .isEqualTo(200);

    // Nothing half-written: each 2xx is stored once, nothing else is. Updates whose update_id a
    // mutation replaced may share it (0, -1, 1.5 ...) and are then one update, deduplicated: for
    // them only the upper bound holds.
    List<Outcome> telegram200 =
        outcomes.stream()
            .filter(o -> o.c().target().equals("telegram") && o.status() == 200)
            .toList();
    long keptTheirId =
        telegram200.stream().filter(o -> o.c().description().startsWith("[message")).count();
    long stored = total("/api/admin/updates?size=1&botId=" + bot.id()) - updatesBefore;
    assertThat(stored)
        .as("updates stored for the webhook's 200s (%d kept their update_id)", keptTheirId)
        .isBetween(keptTheirId, (long) telegram200.size());
    assertThat(outcomes)
        .filteredOn(o -> o.c().target().equals("shopify-unsigned"))
        .allSatisfy(o -> assertThat(o.status()).isEqualTo(401));
    long shopify200 =
        outcomes.stream()
            .filter(o -> o.c().target().equals("shopify-signed") && o.status() == 200)
            .count();
    assertThat(total("/api/admin/shopify/events?size=1&shopId=" + shop.id()))
        .as("Shopify deliveries stored for the signed 200s")
        .isEqualTo(shopify200);
    long written =
        outcomes.stream()
            .filter(
                o ->
                    o.status() / 100 == 2
                        && (o.c().target().endsWith("/replies")
                            || o.c().target().endsWith("/notes")))
            .count();
    assertThat(agentMessages(ticket) - messagesBefore)
        .as("conversation messages for the accepted replies and notes")
        .isEqualTo(written);
    assertThat(serverErrors).as("5xx answers (seed " + SEED + ")").isEmpty();
  }

  record Operation(
      String method, String path, String credentials, Function<Integer, JsonObject> template) {}

  private static List<Operation> operations(
      RegisteredBot bot, RegisteredBot patchedBot, RegisteredShop shop, long ticket, long userId) {
    String fakeTelegram = telegram.baseUrl();
    return List.of(
        new Operation(
            "POST",
            "/api/admin/bots",
            TgDeskApi.ADMIN,
            i ->
                Json.createObjectBuilder()
                    .add("name", "hostile " + i)
                    .add("token", "123456" + i + ":AAE-hostile_token_" + i)
                    .add("mode", "webhook")
                    .add("webhookSecret", "hostile_secret_0123456789_" + i)
                    .add("apiBaseUrl", fakeTelegram)
                    .add("pollIntervalSeconds", 1)
                    .add("enabled", true)
                    .build()),
        new Operation(
            "PATCH",
            "/api/admin/bots/" + patchedBot.id(),
            TgDeskApi.ADMIN,
            i ->
                Json.createObjectBuilder()
                    .add("name", "patched " + i)
                    .add("pollTimeoutSeconds", 5)
                    .add("paidBroadcastPerSecond", 0)
                    .build()),
        new Operation(
            "POST",
            "/api/tickets/" + ticket + "/replies",
            TgDeskApi.AGENT,
            i -> Json.createObjectBuilder().add("text", "reply " + i).build()),
        new Operation(
            "POST",
            "/api/tickets/" + ticket + "/notes",
            TgDeskApi.AGENT,
            i -> Json.createObjectBuilder().add("text", "note " + i).build()),
        new Operation(
            "PUT",
            "/api/tickets/" + ticket + "/assignee",
            TgDeskApi.AGENT,
            i -> Json.createObjectBuilder().add("assignee", "agent").build()),
        new Operation(
            "PUT",
            "/api/agents/me/availability",
            TgDeskApi.AGENT,
            i -> Json.createObjectBuilder().add("availability", "online").build()),
        new Operation(
            "POST",
            "/api/admin/queues",
            TgDeskApi.ADMIN,
            i ->
                Json.createObjectBuilder()
                    .add("name", "hostile-" + SEED + "-" + i)
                    // Only this test's bot: a queue without rules would take other tests' tickets.
                    .add("botIds", Json.createArrayBuilder().add(patchedBot.id()))
                    .add("strategy", "manual")
                    .add("members", Json.createArrayBuilder().add("agent"))
                    .build()),
        new Operation(
            "POST",
            "/api/admin/messages",
            TgDeskApi.ADMIN,
            i ->
                Json.createObjectBuilder()
                    .add("botId", patchedBot.id())
                    .add("lane", "bulk")
                    .add(
                        "messages",
                        Json.createArrayBuilder()
                            .add(
                                Json.createObjectBuilder()
                                    .add("chatId", 770_000_000L + i)
                                    .add("text", "bulk " + i)))
                    .build()),
        new Operation(
            "POST",
            "/api/shopify/links",
            TgDeskApi.AGENT,
            i ->
                Json.createObjectBuilder()
                    .add("shopId", shop.id())
                    .add("telegramUserId", userId)
                    .add("email", "ann" + i + "@example.com")
                    .build()));
  }

  /** The ticket's replies and notes (not the system's lines, e.g. the Shopify order timeline). */
  private static long agentMessages(long ticket) {
    return Tickets.messages(Tickets.get(ticket)).stream()
        .filter(m -> "agent".equals(m.getString("author", "")))
        .count();
  }

  private static long total(String path) {
    var reply = TgDeskApi.asAdmin().get(path);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    return reply.json().getJsonNumber("total").longValue();
  }

  private static HttpRequest post(String path, byte[] body, Map<String, String> headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(TgDeskApi.baseUrl() + path))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json");
    headers.forEach(
        (k, v) -> {
          if (!k.equalsIgnoreCase("Content-Type")) {
            b.header(k, v);
          }
        });
    return b.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
  }

  private static HttpRequest request(String method, String path, byte[] body, String credentials) {
    return HttpRequest.newBuilder(URI.create(TgDeskApi.baseUrl() + path))
        .timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json")
        .header(
            "Authorization",
            "Basic "
                + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
        .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
  }

  /** Sends every case, at most {@code parallel} at a time; answers in no particular order. */
  private static List<Outcome> sendAll(List<Case> cases, int parallel) throws Exception {
    Semaphore slots = new Semaphore(parallel);
    ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    List<CompletableFuture<?>> all = new ArrayList<>();
    for (Case c : cases) {
      slots.acquire();
      all.add(
          HTTP.sendAsync(c.request(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
              .handle(
                  (r, e) -> {
                    slots.release();
                    outcomes.add(
                        e == null
                            ? new Outcome(c, r.statusCode(), r.body())
                            : new Outcome(c, 599, "no answer: " + e));
                    return null;
                  }));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get();
    await().atMost(Duration.ofSeconds(5)).until(() -> outcomes.size() == cases.size());
    return new ArrayList<>(outcomes);
  }
}
