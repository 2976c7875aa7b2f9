package io.tgdesk.customers;

import static io.tgdesk.testing.TelegramUpdates.editedPrivateText;
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
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Admins block and unblock customers: a blocked customer's updates are stored as ignored with the
 * reason, open no ticket, get no notice and no reply. A flooding customer keeps every message, is
 * flagged on the ticket and gets at most one automatic message per flood period.
 */
class CustomerBlockingIT {

  @RegisterExtension static final FakeTelegram telegram = FakeTelegram.start();

  private static final AtomicLong USER_IDS = new AtomicLong(7_300_000);
  private static final AtomicLong UPDATE_IDS = new AtomicLong(73_000);

  RegisteredBot bot;

  @BeforeEach
  void registerBot() {
    telegram.setLimits(FakeTelegram.Limits.unlimited());
    bot = Bots.webhookBot(telegram);
  }

  @Test
  void aBlockedCustomersUpdatesAreStoredAsIgnoredWithTheReasonAndOpenNoTicketUntilUnblocked() {
    long user = USER_IDS.incrementAndGet();
    long ticket = writes(user, 1, "hello");
    long customer = customerOf(ticket);

    var blocked = block(customer, "sends spam");
    var again = block(customer, "another reason");
    writes(user, 2, "buy cheap watches");
    Bots.deliver(
        bot,
        editedPrivateText(
            UPDATE_IDS.incrementAndGet(), user, "Eve", 1, "hello, edited", 1_700_000_100L));

    assertThat(blocked.status()).as(blocked.toString()).isEqualTo(200);
    assertThat(blocked.json().getBoolean("blocked")).isTrue();
    assertThat(blocked.json().getString("reason")).isEqualTo("sends spam");
    assertThat(blocked.json().getString("blockedBy")).isEqualTo("admin");
    assertThat(again.json().getString("reason"))
        .as("the first block stays")
        .isEqualTo("sends spam");
    assertThat(again.json().getString("blockedAt"))
        .isEqualTo(blocked.json().getString("blockedAt"));
    List<JsonObject> ignored =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> ignoredUpdates(user), u -> u.size() == 2);
    assertThat(ignored)
        .extracting(u -> u.getString("outcome"))
        .containsOnly("customer " + customer + " is blocked: sends spam");
    JsonObject detail = Tickets.get(ticket);
    assertThat(Tickets.messages(detail))
        .extracting(m -> m.getString("text"))
        .containsExactly("hello");
    assertThat(detail.getJsonObject("customer").getBoolean("blocked")).isTrue();
    assertThat(detail.getJsonObject("customer").getString("blockReason")).isEqualTo("sends spam");

    var unblocked = unblock(customer);
    var unblockedAgain = unblock(customer);
    writes(user, 3, "sorry, real question");

    assertThat(unblocked.json().getBoolean("blocked")).isFalse();
    assertThat(unblockedAgain.status()).isEqualTo(200);
    assertThat(Tickets.messages(Tickets.awaitTicket(ticket, t -> Tickets.messages(t).size() == 2)))
        .extracting(m -> m.getString("text"))
        .containsExactly("hello", "sorry, real question");
    assertThat(Tickets.get(ticket).getJsonObject("customer").getBoolean("blocked")).isFalse();
    assertThat(Tickets.ofBot(bot.id())).hasSize(1);
  }

  @Test
  void blockingNeedsAReasonAndAnExistingCustomer() {
    long ticket = writes(USER_IDS.incrementAndGet(), 1, "hi");
    long customer = customerOf(ticket);

    var blank =
        TgDeskApi.asAdmin()
            .post(
                "/api/admin/customers/" + customer + "/block",
                Json.createObjectBuilder().add("reason", "  ").build());
    var missing = TgDeskApi.asAdmin().post("/api/admin/customers/987654321/block", reason("x"));
    var asAgent =
        TgDeskApi.asAgent().post("/api/admin/customers/" + customer + "/block", reason("x"));

    assertThat(blank.status()).isEqualTo(400);
    assertThat(blank.json().getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("reason");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.contentType()).startsWith("application/problem+json");
    assertThat(asAgent.status()).isEqualTo(403);
    assertThat(Tickets.get(ticket).getJsonObject("customer").getBoolean("blocked")).isFalse();
  }

  @Test
  void aReplyToABlockedCustomerAnswers409NamingTheBlockAndNothingIsSent() {
    long ticket = writes(USER_IDS.incrementAndGet(), 1, "hello");
    long customer = customerOf(ticket);
    block(customer, "threatens agents");

    var reply =
        TgDeskApi.asAgent()
            .post(
                "/api/tickets/" + ticket + "/replies",
                Json.createObjectBuilder().add("text", "Hi there").build());

    assertThat(reply.status()).as(reply.toString()).isEqualTo(409);
    assertThat(reply.contentType()).startsWith("application/problem+json");
    assertThat(reply.json().getString("detail"))
        .contains("Customer " + customer + " is blocked")
        .contains("threatens agents");
    assertThat(Tickets.messages(Tickets.get(ticket))).hasSize(1);
    assertThat(telegram.delivered(bot.token())).isEmpty();
    unblock(customer);
    assertThat(
            TgDeskApi.asAgent()
                .post(
                    "/api/tickets/" + ticket + "/replies",
                    Json.createObjectBuilder().add("text", "Hi there").build())
                .status())
        .isEqualTo(201);
  }

  @Test
  void automaticMessagesSkipABlockedCustomerAndReachAFloodingOneOncePerPeriodKeepingEveryMessage() {
    var limited =
        TgDeskApi.asAdmin()
            .patch(
                "/api/admin/bots/" + bot.id(),
                Json.createObjectBuilder()
                    .add("floodMaxMessages", 3)
                    .add("floodPeriodSeconds", 60)
                    .build());
    assertThat(limited.status()).as(limited.toString()).isEqualTo(200);
    assertThat(limited.json().getInt("floodMaxMessages")).isEqualTo(3);
    Queues.closedToday(
        bot,
        "flood-" + UUID.randomUUID().toString().substring(0, 8),
        "Closed today; we answer tomorrow.");
    long flooder = USER_IDS.incrementAndGet();
    long blocked = USER_IDS.incrementAndGet();
    long quiet = USER_IDS.incrementAndGet();

    long ticket = writes(flooder, 1, "message 1");
    for (int i = 2; i <= 12; i++) {
      assertThat(Bots.deliver(bot, update(flooder, i, "message " + i))).isEqualTo(200);
    }
    long blockedTicket = writes(blocked, 1, "first");
    long quietTicket = writes(quiet, 1, "just one question");
    block(customerOf(blockedTicket), "spam");
    JsonObject detail =
        Tickets.awaitTicket(
            ticket, t -> Tickets.messages(t).stream().filter(m -> isCustomer(m)).count() == 12);
    // A status notice falls due for all three at once: the quiet customer's shows the sweep passed.
    setStatus(ticket, "resolved");
    setStatus(blockedTicket, "resolved");
    setStatus(quietTicket, "resolved");

    assertThat(detail.getBoolean("flooding")).isTrue();
    assertThat(detail.getJsonObject("flood").getInt("count")).isEqualTo(12);
    assertThat(detail.getJsonObject("flood").getString("since")).isNotBlank();
    assertThat(Tickets.messages(detail).stream().filter(m -> isCustomer(m)))
        .extracting(m -> m.getString("text"))
        .startsWith("message 1", "message 2")
        .endsWith("message 12");
    assertThat(
            Tickets.ofBot(bot.id()).stream()
                .filter(t -> t.getJsonNumber("id").longValue() == ticket)
                .findFirst()
                .orElseThrow()
                .getBoolean("flooding"))
        .isTrue();
    awaitDelivered(d -> d.chatId() == quiet && d.text().contains("resolved"), 1);
    // Each got the after-hours reply to their first message, and nothing since.
    assertThat(telegram.delivered(bot.token()).stream().filter(d -> d.chatId() == flooder))
        .extracting(Delivered::text)
        .containsExactly("Closed today; we answer tomorrow.");
    assertThat(telegram.delivered(bot.token()).stream().filter(d -> d.chatId() == blocked))
        .extracting(Delivered::text)
        .containsExactly("Closed today; we answer tomorrow.");
    assertThat(Tickets.get(quietTicket).getBoolean("flooding")).isFalse();
  }

  private static boolean isCustomer(JsonObject message) {
    return "customer".equals(message.getString("author"));
  }

  private static JsonObject update(long user, long messageId, String text) {
    return privateText(UPDATE_IDS.incrementAndGet(), user, "Eve", messageId, text);
  }

  /** The user writes; returns the id of the bot's ticket of that user once it exists. */
  private long writes(long user, long messageId, String text) {
    assertThat(Bots.deliver(bot, update(user, messageId, text))).isEqualTo(200);
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

  private static long customerOf(long ticket) {
    return Tickets.get(ticket).getJsonObject("customer").getJsonNumber("id").longValue();
  }

  private List<JsonObject> ignoredUpdates(long chat) {
    return TgDeskApi.asAdmin()
        .get("/api/admin/updates?state=ignored&size=50&botId=" + bot.id())
        .json()
        .getJsonArray("items")
        .getValuesAs(JsonObject.class)
        .stream()
        .filter(u -> u.containsKey("chatId") && u.getJsonNumber("chatId").longValue() == chat)
        .toList();
  }

  private static TgDeskApi.Reply block(long customer, String why) {
    return TgDeskApi.asAdmin().post("/api/admin/customers/" + customer + "/block", reason(why));
  }

  private static TgDeskApi.Reply unblock(long customer) {
    return TgDeskApi.asAdmin()
        .post("/api/admin/customers/" + customer + "/unblock", JsonValue.EMPTY_JSON_OBJECT);
  }

  private static JsonObject reason(String why) {
    return Json.createObjectBuilder().add("reason", why).build();
  }

  private static void setStatus(long ticket, String status) {
    var reply =
        TgDeskApi.asAgent()
            .post(
                "/api/tickets/" + ticket + "/status",
                Json.createObjectBuilder().add("status", status).build());
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
  }

  private List<Delivered> awaitDelivered(java.util.function.Predicate<Delivered> which, int n) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> telegram.delivered(bot.token()).stream().filter(which).toList(),
            l -> l.size() >= n);
  }
}
