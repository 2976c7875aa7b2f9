package io.tgdesk.customers;

import static io.tgdesk.testing.TelegramUpdates.privateText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tgdesk.testing.Bots;
import io.tgdesk.testing.Bots.RegisteredBot;
import io.tgdesk.testing.DependsOnDatabase;
import io.tgdesk.testing.FakeTelegram;
import io.tgdesk.testing.HostReceiver;
import io.tgdesk.testing.TgDeskApi;
import io.tgdesk.testing.Tickets;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A customer's data for admins: the export of everything held about them, the erasure (idempotent,
 * in batches, recorded, announced to the host, after which the user starts from zero) and the
 * retention of closed tickets' content. The proof that an erasure leaves nothing in any column is
 * {@link ErasureProofScenario} (it needs the server down).
 */
class CustomerDataIT {

  @RegisterExtension static final FakeTelegram telegram = FakeTelegram.start();
  @RegisterExtension static final HostReceiver host = HostReceiver.start();

  private static final AtomicLong USER_IDS = new AtomicLong(8_300_000_000L);
  private static long endpoint;

  @BeforeAll
  static void hostEndpoint() {
    var reply =
        TgDeskApi.asAdmin()
            .post(
                "/api/admin/event-endpoints",
                Json.createObjectBuilder().add("url", host.url()).build());
    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    endpoint = reply.json().getJsonNumber("id").longValue();
  }

  @AfterAll
  static void removeEndpoint() {
    // Endpoints are global: left behind, they would get the events of later test classes.
    TgDeskApi.asAdmin().delete("/api/admin/event-endpoints/" + endpoint);
  }

  @Test
  void anExportHoldsProfileTicketsRevisionsMediaNotesOutboxAuditShopifyAndHostEvents() {
    CustomerWithHistory c = new CustomerWithHistory(telegram).fill(telegram, false);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> host.accepted().stream().anyMatch(r -> mentions(r, c)));

    var reply = TgDeskApi.asAdmin().get("/api/admin/customers/" + c.customerId + "/export");

    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    JsonObject export = reply.json();
    JsonObject profile = export.getJsonObject("customer");
    assertThat(profile.getString("firstName")).isEqualTo(c.firstName);
    assertThat(profile.getString("lastName")).isEqualTo(c.lastName);
    assertThat(profile.getString("username")).isEqualTo(c.username);
    assertThat(profile.getJsonNumber("telegramUserId").longValue()).isEqualTo(c.userId);
    String body = reply.body();
    assertThat(body)
        .contains(
            c.firstText, // the revision before the edit
            c.editedText,
            c.caption,
            c.fileId,
            c.phoneDigits, // the shared contact
            c.topicText,
            c.replyText,
            c.noteText,
            c.email); // the Shopify link
    assertThat(export.getJsonArray("tickets")).hasSize(2);
    assertThat(export.getJsonArray("outbox")).isNotEmpty();
    assertThat(export.getJsonArray("auditedCalls")).isNotEmpty();
    assertThat(export.getJsonArray("storedUpdates")).hasSizeGreaterThanOrEqualTo(5);
    assertThat(export.getJsonArray("shopify").getJsonObject(0).getJsonArray("orders")).hasSize(1);
    assertThat(export.getJsonArray("hostEvents")).isNotEmpty();
    assertThat(export.containsKey("erasure")).isFalse();

    var byUser = TgDeskApi.asAdmin().get("/api/admin/customers/export?telegramUserId=" + c.userId);
    assertThat(byUser.status()).as(byUser.toString()).isEqualTo(200);
    assertThat(byUser.json().getJsonArray("customers"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(
                        e.asJsonObject().getJsonObject("customer").getJsonNumber("id").longValue())
                    .isEqualTo(c.customerId));
    var byBotAndUser =
        TgDeskApi.asAdmin()
            .get(
                "/api/admin/customers/export?telegramUserId="
                    + c.userId
                    + "&botId="
                    + (c.bot.id() + 100_000));
    assertThat(byBotAndUser.status()).as(byBotAndUser.toString()).isEqualTo(404);
  }

  @Test
  void anUnknownCustomerIs404ProblemJsonAndAnExportWithoutAUserIs400() {
    for (var reply :
        List.of(
            TgDeskApi.asAdmin().get("/api/admin/customers/987654321/export"),
            TgDeskApi.asAdmin().post("/api/admin/customers/987654321/erase", null),
            TgDeskApi.asAdmin().get("/api/admin/customers/export?telegramUserId=987654321"))) {
      assertThat(reply.status()).as(reply.toString()).isEqualTo(404);
      assertThat(reply.contentType()).contains("application/problem+json");
      assertThat(reply.json().getString("detail")).contains("987654321");
    }
    var missing = TgDeskApi.asAdmin().get("/api/admin/customers/export");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.body()).contains("telegramUserId");
  }

  @Test
  @DependsOnDatabase
  void anErasureGoesInBatchesCancelsWhatWaitsIsRecordedOnceAndTheUserStartsFromZero() {
    RegisteredBot bot = Bots.webhookBot(telegram);
    long user = USER_IDS.incrementAndGet();
    for (int i = 1; i <= 12; i++) {
      Bots.deliver(bot, privateText(i, user, "Erin", 1000 + i, "message " + i + " of Erin"));
    }
    JsonObject ticket = Tickets.awaitTickets(bot.id(), t -> t.size() == 1).get(0);
    long ticketId = ticket.getJsonNumber("id").longValue();
    long customerId = ticket.getJsonObject("customer").getJsonNumber("id").longValue();
    Tickets.awaitTicket(ticketId, t -> Tickets.messages(t).size() == 12);
    telegram.failNext(bot.token(), 1, 429, "Too Many Requests: retry after 90");
    var reply =
        TgDeskApi.asAgent()
            .post(
                "/api/tickets/" + ticketId + "/replies",
                Json.createObjectBuilder().add("text", "waiting for Erin").build());
    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    await().atMost(Duration.ofSeconds(20)).until(() -> telegram.tooManyRequests(bot.token()) > 0);

    var first = TgDeskApi.asAdmin().post("/api/admin/customers/" + customerId + "/erase", null);
    var again = TgDeskApi.asAdmin().post("/api/admin/customers/" + customerId + "/erase", null);

    assertThat(first.status()).as(first.toString()).isEqualTo(200);
    JsonObject erasure = first.json();
    assertThat(erasure.getString("state")).isEqualTo("done");
    assertThat(erasure.getString("requestedBy")).isEqualTo("admin");
    assertThat(erasure.getInt("tickets")).isEqualTo(1);
    assertThat(erasure.getInt("messages")).isEqualTo(13);
    assertThat(erasure.getInt("outboxEntries")).isGreaterThanOrEqualTo(1);
    // The tests' batch size is 5: 13 messages take three batches at least.
    assertThat(erasure.getInt("batches")).isGreaterThanOrEqualTo(3);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json()).isEqualTo(erasure);

    JsonObject skeleton = Tickets.get(ticketId);
    assertThat(skeleton.getString("status")).isEqualTo("closed");
    assertThat(skeleton.getString("subject")).isEqualTo("(erased)");
    assertThat(Tickets.messages(skeleton)).hasSize(13).noneMatch(m -> m.containsKey("text"));
    JsonObject export =
        TgDeskApi.asAdmin().get("/api/admin/customers/" + customerId + "/export").json();
    assertThat(export.getJsonObject("customer").containsKey("firstName")).isFalse();
    assertThat(export.getJsonObject("customer").containsKey("erasedAt")).isTrue();
    assertThat(export.getJsonObject("erasure")).isEqualTo(erasure);
    assertThat(export.toString()).doesNotContain("Erin");
    var outbox = TgDeskApi.asAdmin().get("/api/admin/outbox?botId=" + bot.id()).body();
    assertThat(outbox).contains("cancelled").doesNotContain("waiting for Erin");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                host.accepted().stream()
                    .anyMatch(
                        r ->
                            r.type().equals("customer.erased")
                                && r.json().getJsonObject("ticket").getJsonNumber("id").longValue()
                                    == ticketId));

    Bots.deliver(bot, privateText(13, user, "Erin", 1013, "me again"));
    List<JsonObject> tickets = Tickets.awaitTickets(bot.id(), t -> t.size() == 2);
    JsonObject fresh =
        tickets.stream()
            .filter(t -> t.getJsonNumber("id").longValue() != ticketId)
            .findFirst()
            .orElseThrow();
    assertThat(fresh.getJsonObject("customer").getJsonNumber("id").longValue())
        .isNotEqualTo(customerId);
    assertThat(fresh.getString("status")).isEqualTo("open");
  }

  @Test
  @DependsOnDatabase
  void anErasureWhileTheCustomerKeepsWritingAndAnAgentKeepsReplyingIsDone() throws Exception {
    RegisteredBot bot = Bots.webhookBot(telegram);
    long user = USER_IDS.incrementAndGet();
    Bots.deliver(bot, privateText(1, user, "Fay", 2000, "hello from Fay"));
    JsonObject ticket = Tickets.awaitTickets(bot.id(), t -> t.size() == 1).get(0);
    long ticketId = ticket.getJsonNumber("id").longValue();
    long customerId = ticket.getJsonObject("customer").getJsonNumber("id").longValue();
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService busy = Executors.newFixedThreadPool(2);
    try {
      // The customer writes and an agent answers, as fast as they are answered.
      busy.submit(
          () -> {
            for (int i = 2; !stop.get(); i++) {
              Bots.deliver(bot, privateText(i, user, "Fay", 2000 + i, "Fay again " + i));
            }
            return null;
          });
      busy.submit(
          () -> {
            while (!stop.get()) {
              TgDeskApi.asAgent()
                  .post(
                      "/api/tickets/" + ticketId + "/replies",
                      Json.createObjectBuilder().add("text", "an answer").build());
            }
            return null;
          });
      Thread.sleep(1_000);
      for (int round = 0; round < 3; round++) {
        var erased =
            TgDeskApi.asAdmin().post("/api/admin/customers/" + customerId + "/erase", null);
        assertThat(erased.status()).as(erased.toString()).isEqualTo(200);
        assertThat(erased.json().getString("state")).isEqualTo("done");
      }
    } finally {
      stop.set(true);
      busy.shutdown();
      assertThat(busy.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(Tickets.messages(Tickets.get(ticketId))).noneMatch(m -> m.containsKey("text"));
  }

  @Test
  @DependsOnDatabase
  void aRetentionDryRunCountsAndTheRunErasesOnlyClosedTicketsContent() {
    RegisteredBot bot = Bots.webhookBot(telegram);
    long closedUser = USER_IDS.incrementAndGet();
    long openUser = USER_IDS.incrementAndGet();
    Bots.deliver(bot, privateText(1, closedUser, "Cleo", 1, "old problem of Cleo"));
    Bots.deliver(bot, privateText(2, closedUser, "Cleo", 2, "more of Cleo"));
    Bots.deliver(bot, privateText(3, openUser, "Otto", 1, "open problem of Otto"));
    List<JsonObject> tickets = Tickets.awaitTickets(bot.id(), t -> t.size() == 2);
    long closed = idOf(tickets, closedUser);
    long open = idOf(tickets, openUser);
    Tickets.awaitTicket(closed, t -> Tickets.messages(t).size() == 2);
    var status =
        TgDeskApi.asAgent()
            .post(
                "/api/tickets/" + closed + "/status",
                Json.createObjectBuilder().add("status", "closed").build());
    assertThat(status.status()).isEqualTo(200);
    String run = "/api/admin/customers/retention?olderThanDays=0&botId=" + bot.id();

    var dry = TgDeskApi.asAdmin().post(run + "&dryRun=true", null);
    boolean keptByDryRun =
        Tickets.messages(Tickets.get(closed)).stream().anyMatch(m -> m.containsKey("text"));
    var done = TgDeskApi.asAdmin().post(run, null);
    var after = TgDeskApi.asAdmin().post(run + "&dryRun=true", null);

    assertThat(dry.status()).as(dry.toString()).isEqualTo(200);
    assertThat(dry.json().getBoolean("dryRun")).isTrue();
    assertThat(dry.json().getInt("tickets")).isEqualTo(1);
    assertThat(dry.json().getInt("messages")).isGreaterThanOrEqualTo(2);
    assertThat(keptByDryRun).isTrue();
    assertThat(done.json().getInt("tickets")).isEqualTo(1);
    assertThat(after.json().getInt("tickets")).isZero();
    assertThat(after.json().getInt("updates")).isZero();
    JsonObject erased = Tickets.get(closed);
    assertThat(erased.getString("subject")).isEqualTo("(erased)");
    assertThat(Tickets.messages(erased)).hasSizeGreaterThanOrEqualTo(2);
    assertThat(erased.toString()).doesNotContain("of Cleo");
    assertThat(Tickets.get(open).toString()).contains("open problem of Otto");
  }

  @Test
  void aRetentionRunWithoutAnAgeWhileTheRetentionIsOffIs400NamingTheField() {
    var reply = TgDeskApi.asAdmin().post("/api/admin/customers/retention?dryRun=true", null);
    var bad = TgDeskApi.asAdmin().post("/api/admin/customers/retention?dryRun=maybe", null);

    assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
    assertThat(reply.body()).contains("olderThanDays");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body()).contains("dryRun");
  }

  private static long idOf(List<JsonObject> tickets, long user) {
    return tickets.stream()
        .filter(t -> t.getJsonNumber("chatId").longValue() == user)
        .findFirst()
        .orElseThrow()
        .getJsonNumber("id")
        .longValue();
  }

  private static boolean mentions(HostReceiver.Received r, CustomerWithHistory c) {
    return new String(r.body(), java.nio.charset.StandardCharsets.UTF_8).contains(c.firstName);
  }
}
