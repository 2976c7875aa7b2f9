package io.tgdesk.telegram.inbound;

import static io.tgdesk.testing.TelegramUpdates.privateText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tgdesk.testing.Bots;
import io.tgdesk.testing.Bots.RegisteredBot;
import io.tgdesk.testing.DependsOnDatabase;
import io.tgdesk.testing.FakeTelegram;
import io.tgdesk.testing.Queues;
import io.tgdesk.testing.TgDeskApi;
import io.tgdesk.testing.Tickets;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Telegram Business: a business account connects the bot, its customers' messages become tickets,
 * agents answer them through the connection (business_connection_id) with the delivery engine, a
 * connection that is disabled or does not let the bot reply keeps its messages but gets nothing
 * sent, and edits and deletions reach the conversation. Updates are shaped as the Bot API sends
 * them (field names of Bot API 7.2 and 9.0), with ids adapted.
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("BusinessConnectionIT")
class BusinessConnectionIT {

  @RegisterExtension static final FakeTelegram telegram = FakeTelegram.start();

  private static final AtomicLong NEXT_ID = new AtomicLong(9_100_000);
  private static final long OWNER = 6_100_000_001L;
  private static final String CLOSED_TODAY = "Closed today; we answer tomorrow.";

  RegisteredBot bot;
  long customer;
  String connection;

  @BeforeEach
  void registerBot() {
    telegram.setLimits(FakeTelegram.Limits.unlimited());
    bot = Bots.webhookBot(telegram);
    customer = NEXT_ID.incrementAndGet();
    connection = "J7tOq3chfVFkrSPT" + UUID.randomUUID().toString().substring(0, 6);
  }

  @Test
  void aConnectionIsShownToAdminsWithWhoConnectedWhetherTheBotMayReplyAndWhenItWasDisabled() {
    deliver(connectionUpdate(true, true));
    List<JsonObject> enabled = awaitConnections(c -> c.getBoolean("enabled"));
    assertThat(enabled).hasSize(1);
    JsonObject c = enabled.get(0);
    assertThat(c.getString("id")).isEqualTo(connection);
    assertThat(c.getJsonNumber("userId").longValue()).isEqualTo(OWNER);
    assertThat(c.getString("userName")).isEqualTo("Rosa's Flowers");
    assertThat(c.getJsonNumber("userChatId").longValue()).isEqualTo(OWNER);
    assertThat(c.getBoolean("canReply")).isTrue();
    assertThat(absent(c, "disabledAt")).isTrue();

    deliver(connectionUpdate(false, true));
    JsonObject disabled = awaitConnections(x -> !x.getBoolean("enabled")).get(0);

    assertThat(disabled.getString("disabledAt")).isNotBlank();
    assertThat(
            TgDeskApi.asAgent()
                .get("/api/admin/bots/" + bot.id() + "/business-connections")
                .status())
        .isEqualTo(403);
    assertThat(TgDeskApi.asAdmin().get("/api/admin/bots/987654321/business-connections").status())
        .isEqualTo(404);
  }

  @Test
  @DependsOnDatabase // the message key: the same message id in the bot's and the business's chat
  void aBusinessCustomersMessageBecomesATicketThatAnAgentAnswersThroughTheConnection() {
    deliver(connectionUpdate(true, true));
    // The same person writing to the bot itself is another conversation (message ids too).
    deliver(privateText(NEXT_ID.incrementAndGet(), customer, "Ann", 31, "a question to the bot"));
    Tickets.awaitTickets(bot.id(), t -> t.size() == 1);
    Queues.closedToday(
        bot, "business-" + UUID.randomUUID().toString().substring(0, 8), CLOSED_TODAY);
    deliver(businessMessage(customer, 31, "Do you deliver roses on Sunday?"));
    // The business account's own answer in the same chat is not the customer's.
    deliver(businessMessageFrom(OWNER, customer, 32, "Let me check"));

    List<JsonObject> tickets = Tickets.awaitTickets(bot.id(), t -> t.size() == 2);
    JsonObject ticket =
        tickets.stream()
            .map(t -> Tickets.get(t.getJsonNumber("id").longValue()))
            .filter(t -> !absent(t, "businessConnectionId"))
            .findFirst()
            .orElseThrow();
    long id = ticket.getJsonNumber("id").longValue();
    assertThat(ticket.getString("businessConnectionId")).isEqualTo(connection);
    assertThat(ticket.getString("subject")).isEqualTo("Do you deliver roses on Sunday?");
    assertThat(ticket.getJsonNumber("chatId").longValue()).isEqualTo(customer);
    assertThat(Tickets.messages(ticket))
        .extracting(m -> m.getString("text"))
        .containsExactly("Do you deliver roses on Sunday?", CLOSED_TODAY);

    var posted =
        TgDeskApi.asAgent()
            .post(
                "/api/tickets/" + id + "/replies",
                Json.createObjectBuilder().add("text", "Yes, until noon.").build());

    assertThat(posted.status()).as(posted.toString()).isEqualTo(201);
    Tickets.awaitTicket(
        id,
        t ->
            Tickets.messages(t).stream()
                .anyMatch(
                    m ->
                        !absent(m, "delivery")
                            && "sent".equals(m.getJsonObject("delivery").getString("state"))
                            && "Yes, until noon.".equals(m.getString("text"))));
    List<FakeTelegram.Call> sends = telegram.calls(bot.token(), "sendMessage");
    assertThat(sends)
        .filteredOn(s -> s.status() == 200)
        .extracting(s -> s.params().getString("text"))
        .containsExactlyInAnyOrder(CLOSED_TODAY, "Yes, until noon.");
    assertThat(sends)
        .allSatisfy(
            s -> {
              assertThat(s.params().getString("business_connection_id")).isEqualTo(connection);
              assertThat(s.params().get("chat_id").toString()).isEqualTo(Long.toString(customer));
            });
  }

  @Test
  void aMessageOnAConnectionThatMayNotReplyIsStoredButNeverAnswered() {
    // Bot API before 9.0: can_reply at the top of the connection.
    deliver(connectionUpdate(true, false));
    Queues.closedToday(
        bot, "business-" + UUID.randomUUID().toString().substring(0, 8), CLOSED_TODAY);
    telegram.setBusinessConnection(bot.token(), connection, false);
    deliver(businessMessage(customer, 41, "Anyone there?"));

    long id =
        Tickets.awaitTickets(bot.id(), t -> t.size() == 1).get(0).getJsonNumber("id").longValue();
    JsonObject ticket = Tickets.awaitTicket(id, t -> Tickets.messages(t).size() == 1);
    var reply =
        TgDeskApi.asAgent()
            .post(
                "/api/tickets/" + id + "/replies",
                Json.createObjectBuilder().add("text", "Hello!").build());

    assertThat(Tickets.messages(ticket))
        .extracting(m -> m.getString("author"))
        .as("no automatic answer")
        .containsExactly("customer");
    assertThat(reply.status()).as(reply.toString()).isEqualTo(409);
    assertThat(reply.json().getString("detail")).contains("does not let the bot reply");
    assertThat(telegram.count(bot.token(), "sendMessage")).isZero();

    deliver(connectionUpdate(false, true));
    awaitConnections(c -> !c.getBoolean("enabled"));
    var afterDisabling =
        TgDeskApi.asAgent()
            .post(
                "/api/tickets/" + id + "/replies",
                Json.createObjectBuilder().add("text", "Hello?").build());
    assertThat(afterDisabling.status()).isEqualTo(409);
    assertThat(afterDisabling.json().getString("detail")).contains("is disabled");
    assertThat(telegram.count(bot.token(), "sendMessage")).isZero();
  }

  @Test
  void telegramRefusingABusinessReplyFailsThatReplyOnlyAndTheBotsOwnChatStaysReachable() {
    deliver(connectionUpdate(true, true));
    deliver(privateText(NEXT_ID.incrementAndGet(), customer, "Ann", 61, "to the bot"));
    Tickets.awaitTickets(bot.id(), t -> t.size() == 1);
    deliver(businessMessage(customer, 62, "to the business"));
    List<JsonObject> tickets = Tickets.awaitTickets(bot.id(), t -> t.size() == 2);
    long business = idOf(tickets, true);
    long own = idOf(tickets, false);
    // The business took the bot's right to reply away; TgDesk has not heard of it yet.
    telegram.setBusinessConnection(bot.token(), connection, false);

    reply(business, "via the business");
    Tickets.awaitTicket(business, t -> "failed".equals(lastDeliveryState(t)));
    reply(own, "via the bot");
    JsonObject ownTicket = Tickets.awaitTicket(own, t -> "sent".equals(lastDeliveryState(t)));

    assertThat(ownTicket.getJsonObject("reachability").getBoolean("reachable")).isTrue();
    assertThat(Tickets.get(business).getJsonObject("reachability").getBoolean("reachable"))
        .isTrue();
  }

  private long idOf(List<JsonObject> tickets, boolean business) {
    return tickets.stream()
        .map(t -> Tickets.get(t.getJsonNumber("id").longValue()))
        .filter(t -> absent(t, "businessConnectionId") != business)
        .findFirst()
        .orElseThrow()
        .getJsonNumber("id")
        .longValue();
  }

  private static void reply(long ticket, String text) {
    var posted =
        TgDeskApi.asAgent()
            .post(
                "/api/tickets/" + ticket + "/replies",
                Json.createObjectBuilder().add("text", text).build());
    assertThat(posted.status()).as(posted.toString()).isEqualTo(201);
  }

  private static String lastDeliveryState(JsonObject ticket) {
    List<JsonObject> messages = Tickets.messages(ticket);
    JsonObject last = messages.get(messages.size() - 1);
    return absent(last, "delivery") ? null : last.getJsonObject("delivery").getString("state");
  }

  @Test
  void editsAndDeletionsOfABusinessCustomerReachTheConversation() {
    deliver(connectionUpdate(true, true));
    deliver(businessMessage(customer, 51, "I want 10 tulips"));
    deliver(businessMessage(customer, 52, "and a card"));
    long id =
        Tickets.awaitTickets(bot.id(), t -> t.size() == 1).get(0).getJsonNumber("id").longValue();
    Tickets.awaitTicket(id, t -> Tickets.messages(t).size() == 2);

    deliver(edited(customer, 51, "I want 12 tulips"));
    deliver(deleted(customer, 52));

    JsonObject ticket =
        Tickets.awaitTicket(
            id,
            t ->
                "I want 12 tulips".equals(Tickets.messages(t).get(0).getString("text"))
                    && !absent(Tickets.messages(t).get(1), "deletedAt"));
    JsonObject edited = Tickets.messages(ticket).get(0);
    assertThat(edited.getJsonArray("revisions").getJsonObject(0).getString("text"))
        .isEqualTo("I want 10 tulips");
    assertThat(Tickets.messages(ticket).get(1).getString("text")).isEqualTo("and a card");
    assertThat(Tickets.messages(ticket)).hasSize(2);
  }

  /** Nulls are left out of the API's answers. */
  private static boolean absent(JsonObject o, String key) {
    return !o.containsKey(key) || o.isNull(key);
  }

  private void deliver(JsonObject update) {
    assertThat(Bots.deliver(bot, update)).isEqualTo(200);
  }

  private List<JsonObject> awaitConnections(java.util.function.Predicate<JsonObject> condition) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                TgDeskApi.asAdmin()
                    .get("/api/admin/bots/" + bot.id() + "/business-connections")
                    .jsonArray()
                    .getValuesAs(JsonObject.class),
            list -> !list.isEmpty() && list.stream().allMatch(condition));
  }

  /**
   * A business_connection update. {@code rights} true: Bot API 9.0's shape (rights.can_reply);
   * false: the earlier one (can_reply at the top).
   */
  private JsonObject connectionUpdate(boolean enabled, boolean rights) {
    String reply =
        rights
            ? "\"rights\": {\"can_reply\": true, \"can_read_messages\": true}"
            : "\"can_reply\": false";
    return json(
        """
        {"update_id": %d,
         "business_connection": {
           "id": "%s",
           "user": {"id": %d, "is_bot": false, "first_name": "Rosa's Flowers",
                    "username": "rosas_flowers", "language_code": "en", "is_premium": true},
           "user_chat_id": %d,
           "date": 1717430400,
           %s,
           "is_enabled": %s}}
        """
            .formatted(NEXT_ID.incrementAndGet(), connection, OWNER, OWNER, reply, enabled));
  }

  private JsonObject businessMessage(long from, long messageId, String text) {
    return businessMessageFrom(from, from, messageId, text);
  }

  /** A business_message in the chat of {@code chat} (the customer), written by {@code from}. */
  private JsonObject businessMessageFrom(long from, long chat, long messageId, String text) {
    return json(
        """
        {"update_id": %d,
         "business_message": {
           "message_id": %d,
           "from": {"id": %d, "is_bot": false, "first_name": "Ann", "language_code": "en"},
           "chat": {"id": %d, "first_name": "Ann", "type": "private"},
           "date": %d,
           "business_connection_id": "%s",
           "text": "%s"}}
        """
            .formatted(NEXT_ID.incrementAndGet(), messageId, from, chat, now(), connection, text));
  }

  private JsonObject edited(long from, long messageId, String text) {
    return json(
        """
        {"update_id": %d,
         "edited_business_message": {
           "message_id": %d,
           "from": {"id": %d, "is_bot": false, "first_name": "Ann"},
           "chat": {"id": %d, "first_name": "Ann", "type": "private"},
           "date": %d,
           "edit_date": %d,
           "business_connection_id": "%s",
           "text": "%s"}}
        """
            .formatted(
                NEXT_ID.incrementAndGet(),
                messageId,
                from,
                from,
                now() - 5,
                now(),
                connection,
                text));
  }

  private JsonObject deleted(long chat, long messageId) {
    return json(
        """
        {"update_id": %d,
         "deleted_business_messages": {
           "business_connection_id": "%s",
           "chat": {"id": %d, "first_name": "Ann", "type": "private"},
           "message_ids": [%d]}}
        """
            .formatted(NEXT_ID.incrementAndGet(), connection, chat, messageId));
  }

  private static long now() {
    return Instant.now().getEpochSecond();
  }

  private static JsonObject json(String text) {
    try (var reader = Json.createReader(new StringReader(text))) {
      return reader.readObject();
    }
  }
}
