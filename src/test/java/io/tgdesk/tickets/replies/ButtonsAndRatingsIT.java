package io.tgdesk.tickets.replies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tgdesk.testing.Bots;
import io.tgdesk.testing.Bots.RegisteredBot;
import io.tgdesk.testing.DependsOnDatabase;
import io.tgdesk.testing.FakeTelegram;
import io.tgdesk.testing.FakeTelegram.Call;
import io.tgdesk.testing.FakeTelegram.Delivered;
import io.tgdesk.testing.HostReceiver;
import io.tgdesk.testing.HostReceiver.Received;
import io.tgdesk.testing.Outboxes;
import io.tgdesk.testing.TelegramUpdates;
import io.tgdesk.testing.TgDeskApi;
import io.tgdesk.testing.Tickets;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Buttons under agents' replies, customers' presses of them (webhook and long polling), the answers
 * to presses past a saturated bulk lane, satisfaction ratings from the prompt to the host's
 * ticket.rated and the report, and "typing..." that is coalesced, drops when stale and never goes
 * ahead of a message. Asserted on the fake Bot API's log and the host receiver.
 */
class ButtonsAndRatingsIT {

  /** The shipped English texts CSAT_PROMPT and CSAT_THANKS. */
  static final String PROMPT = "How did we do? Rate us from 1 to 5.";

  static final String THANKS = "Thank you for your rating!";

  @RegisterExtension static final FakeTelegram telegram = FakeTelegram.start();
  @RegisterExtension static final HostReceiver host = HostReceiver.start();

  private static final AtomicLong UPDATE_IDS = new AtomicLong(29_000_000);
  private static final AtomicLong USER_IDS = new AtomicLong(29_000_000);
  private static final List<String> CLEANUP = new ArrayList<>();

  @AfterAll
  static void removeEndpointsAndQueues() {
    // Endpoints and queues are global: left behind, they would touch later classes.
    CLEANUP.forEach(path -> TgDeskApi.asAdmin().delete(path));
  }

  @Test
  void aReplysButtonsReachTelegramAsAnInlineKeyboardAndAnOverlongValueIsRefusedNamingTheLimit() {
    RegisteredBot bot = Bots.webhookBot(telegram);
    long user = USER_IDS.incrementAndGet();
    long ticket = customerWrites(bot, user, "Can I change my delivery date?");

    var tooLong =
        reply(ticket, "Pick one", buttons(List.of(List.of(button("Ok", "é".repeat(33))))));
    assertThat(tooLong.status()).as(tooLong.toString()).isEqualTo(422);
    assertThat(tooLong.body()).contains("buttons[0][0].value").contains("66 bytes").contains("64");

    var sent =
        reply(
            ticket,
            "Which day suits you?",
            buttons(
                List.of(
                    List.of(button("Monday", "day:mon"), button("Tuesday", "day:tue")),
                    List.of(button("Другой день", "day:other")))));

    assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
    assertThat(sent.json().getJsonArray("buttons").getJsonArray(1).getJsonObject(0))
        .isEqualTo(
            Json.createObjectBuilder()
                .add("label", "Другой день")
                .add("value", "day:other")
                .build());
    Call call = awaitSend(bot, user, "Which day suits you?");
    JsonArray keyboard =
        call.params().getJsonObject("reply_markup").getJsonArray("inline_keyboard");
    assertThat(keyboard).hasSize(2);
    assertThat(keyboard.getJsonArray(0).getJsonObject(1))
        .isEqualTo(
            Json.createObjectBuilder()
                .add("text", "Tuesday")
                .add("callback_data", "day:tue")
                .build());
    assertThat(keyboard.getJsonArray(1).getJsonObject(0).getString("callback_data"))
        .isEqualTo("day:other");
  }

  @Test
  void aPressIsStoredAsTheCustomersAnswerNamingTheButtonAndItsQueryIsAnswered() {
    RegisteredBot bot = Bots.webhookBot(telegram);
    long user = USER_IDS.incrementAndGet();
    long ticket = customerWrites(bot, user, "Is my parcel insured?");
    reply(
        ticket,
        "Do you want insurance?",
        buttons(List.of(List.of(button("Yes", "ins:yes"), button("No", "ins:no")))));
    long messageId = awaitDelivered(bot, user, "Do you want insurance?").messageId();
    // An edit of the reply keeps its buttons (Telegram takes them off an edit without them).
    long replyId =
        Tickets.messages(Tickets.get(ticket)).stream()
            .filter(m -> "Do you want insurance?".equals(m.getString("text", null)))
            .findFirst()
            .orElseThrow()
            .getJsonNumber("id")
            .longValue();
    var edited =
        TgDeskApi.asAgent()
            .patch(
                "/api/tickets/" + ticket + "/replies/" + replyId,
                Json.createObjectBuilder().add("text", "Do you want it insured?").build());
    assertThat(edited.status()).as(edited.toString()).isEqualTo(200);
    awaitDelivered(bot, user, "Do you want it insured?");

    JsonObject press =
        telegram.pressButton(
            bot.token(),
            UPDATE_IDS.incrementAndGet(),
            user,
            messageId,
            "ins:no",
            user,
            "Ann",
            null);
    assertThat(Bots.deliver(bot, press)).isEqualTo(200);

    JsonObject detail =
        Tickets.awaitTicket(
            ticket, t -> Tickets.messages(t).stream().anyMatch(m -> m.containsKey("pressed")));
    JsonObject answer =
        Tickets.messages(detail).stream().filter(m -> m.containsKey("pressed")).findFirst().get();
    assertThat(answer.getString("author")).isEqualTo("customer");
    assertThat(answer.getString("text")).isEqualTo("No");
    assertThat(answer.getJsonObject("pressed"))
        .isEqualTo(Json.createObjectBuilder().add("label", "No").add("value", "ins:no").build());
    awaitAnswered(bot, user, 1);
    assertThat(
            telegram
                .calls(bot.token(), "answerCallbackQuery")
                .get(0)
                .params()
                .getString("callback_query_id"))
        .isEqualTo(press.getJsonObject("callback_query").getString("id"));
  }

  @Test
  void aPressArrivingByLongPollingIsAnsweredAndStoredToo() {
    RegisteredBot bot = Bots.pollingBot(telegram);
    long user = USER_IDS.incrementAndGet();
    telegram.enqueueUpdate(
        bot.token(),
        TelegramUpdates.privateText(UPDATE_IDS.incrementAndGet(), user, "Bo", 1, "Hello"));
    long ticket =
        Tickets.awaitTickets(bot.id(), l -> !l.isEmpty()).get(0).getJsonNumber("id").longValue();
    reply(ticket, "Rate the courier?", buttons(List.of(List.of(button("Fine", "courier:ok")))));
    long messageId = awaitDelivered(bot, user, "Rate the courier?").messageId();

    telegram.enqueueUpdate(
        bot.token(),
        telegram.pressButton(
            bot.token(),
            UPDATE_IDS.incrementAndGet(),
            user,
            messageId,
            "courier:ok",
            user,
            "Bo",
            null));

    awaitAnswered(bot, user, 1);
    Tickets.awaitTicket(
        ticket,
        t ->
            Tickets.messages(t).stream()
                .anyMatch(m -> m.containsKey("pressed") && m.getString("text").equals("Fine")));
  }

  @Test
  void aPressIsAnsweredAheadOfTheBulkThatSaturatesTheBot() {
    RegisteredBot bot = Bots.webhookBot(telegram);
    long user = USER_IDS.incrementAndGet();
    long ticket = customerWrites(bot, user, "Hi");
    reply(ticket, "Shall we call you?", buttons(List.of(List.of(button("Call me", "call")))));
    long messageId = awaitDelivered(bot, user, "Shall we call you?").messageId();
    saturateWithBulk(bot, 240);

    JsonObject press =
        telegram.pressButton(
            bot.token(), UPDATE_IDS.incrementAndGet(), user, messageId, "call", user, "Cy", null);
    assertThat(Bots.deliver(bot, press)).isEqualTo(200);

    Delivered answered = awaitAnswered(bot, user, 1).get(0);
    // The bulk queued before the press (about 200 messages, 7 s of the bot's budget) was still
    // going out after the answer: the answer overtook it instead of waiting its turn.
    await()
        .atMost(Duration.ofSeconds(40))
        .until(() -> telegram.count(bot.token(), "sendMessage") >= 241);
    long bulkAfterAnswer =
        telegram.delivered(bot.token()).stream()
            .filter(d -> d.method().equals("sendMessage") && d.at().isAfter(answered.at()))
            .count();
    assertThat(bulkAfterAnswer)
        .as(
            () ->
                "the answer's outbox entry: "
                    + Outboxes.entriesOf(bot.id()).stream()
                        .filter(e -> e.getString("method").equals("answerCallbackQuery"))
                        .toList())
        .isGreaterThan(100);
  }

  /** A second press changes the rating, the next message is its comment; the report counts it. */
  @Test
  @DependsOnDatabase
  void customerRatesAResolvedTicketWithAButtonAndTheHostGetsTicketRated() {
    RegisteredBot bot = Bots.webhookBot(telegram);
    JsonObject endpoint = registerEndpoint();
    String queue = "csat-" + UUID.randomUUID().toString().substring(0, 8);
    String agent = "rater-" + UUID.randomUUID().toString().substring(0, 8);
    var created =
        TgDeskApi.asAdmin()
            .post(
                "/api/admin/queues",
                Json.createObjectBuilder()
                    .add("name", queue)
                    .add("position", -100)
                    .add("botIds", Json.createArrayBuilder().add(bot.id()))
                    .add("ratingPrompt", true)
                    .build());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.json().getBoolean("ratingPrompt")).isTrue();
    CLEANUP.add("/api/admin/queues/" + created.json().getJsonNumber("id"));
    long user = USER_IDS.incrementAndGet();
    long ticket = customerWrites(bot, user, "My order never came");
    put("/api/tickets/" + ticket + "/queue", Json.createObjectBuilder().add("queue", queue));
    put("/api/tickets/" + ticket + "/assignee", Json.createObjectBuilder().add("assignee", agent));

    changeStatus(ticket, "resolved");

    Delivered prompt = awaitDelivered(bot, user, PROMPT);
    JsonArray row =
        telegram.calls(bot.token(), "sendMessage").stream()
            .filter(c -> c.params().getString("text").equals(PROMPT))
            .findFirst()
            .orElseThrow()
            .params()
            .getJsonObject("reply_markup")
            .getJsonArray("inline_keyboard")
            .getJsonArray(0);
    assertThat(row.getValuesAs(JsonObject.class).stream().map(b -> b.getString("text")))
        .containsExactly("1", "2", "3", "4", "5");

    press(bot, user, prompt.messageId(), "csat:" + ticket + ":4");
    assertThat(awaitAnswered(bot, user, 1).get(0).text()).isEqualTo(THANKS);
    JsonObject rated = awaitEvent(ticket, e -> e.getJsonObject("rating").getInt("score") == 4);
    assertThat(rated.getJsonObject("ticket").getString("status")).isEqualTo("resolved");
    assertThat(rated.getJsonObject("ticket").getString("queue")).isEqualTo(queue);
    assertThat(Tickets.get(ticket).getJsonObject("rating").getInt("score")).isEqualTo(4);

    press(bot, user, prompt.messageId(), "csat:" + ticket + ":2");
    awaitAnswered(bot, user, 2);
    awaitEvent(ticket, e -> e.getJsonObject("rating").getInt("score") == 2);

    Bots.deliver(bot, privateText(user, "Took too long"));
    JsonObject commented =
        awaitEvent(
            ticket,
            e -> "Took too long".equals(e.getJsonObject("rating").getString("comment", null)));
    assertThat(commented.getJsonObject("rating").getInt("score")).isEqualTo(2);
    JsonObject detail = Tickets.get(ticket);
    assertThat(detail.getString("status")).isEqualTo("resolved");
    assertThat(detail.getJsonObject("rating").getString("comment")).isEqualTo("Took too long");
    assertThat(Tickets.messages(detail).stream().map(m -> m.getString("text", "")))
        .contains("Took too long");
    // One prompt for the one resolution.
    assertThat(telegram.delivered(bot.token()).stream().filter(d -> PROMPT.equals(d.text())))
        .hasSize(1);
    assertThat(host.accepted().stream().filter(r -> r.signedWith(endpoint.getString("secret"))))
        .isNotEmpty();

    JsonObject byQueue = report("queue", queue);
    assertThat(byQueue.getInt("count")).isEqualTo(1);
    assertThat(byQueue.getJsonNumber("average").doubleValue()).isEqualTo(2.0);
    assertThat(byQueue.getJsonObject("distribution"))
        .isEqualTo(
            Json.createObjectBuilder()
                .add("1", 0)
                .add("2", 1)
                .add("3", 0)
                .add("4", 0)
                .add("5", 0)
                .build());
    assertThat(report("agent", agent).getInt("count")).isEqualTo(1);
    assertThat(TgDeskApi.asAdmin().get("/api/admin/ratings?groupBy=team").status()).isEqualTo(400);
  }

  @Test
  void typingIsCoalescedDropsWhenStaleAndNeverGoesAheadOfAMessage() {
    RegisteredBot bot = Bots.webhookBot(telegram);
    long quiet = USER_IDS.incrementAndGet();
    long quietTicket = customerWrites(bot, quiet, "Anyone there?");
    long idle = USER_IDS.incrementAndGet();
    long idleTicket = customerWrites(bot, idle, "Hi?");
    long busy = USER_IDS.incrementAndGet();
    long busyTicket = customerWrites(bot, busy, "Hello?");

    assertThat(typing(quietTicket)).isEqualTo(202);
    assertThat(typing(quietTicket)).isEqualTo(204); // the one queued covers it
    await().atMost(Duration.ofSeconds(10)).until(() -> chatActions(bot, quiet) == 1);
    assertThat(typing(quietTicket)).isEqualTo(204); // sent under 4 s ago
    assertThat(chatActions(bot, quiet)).isEqualTo(1);

    // Lowest lane: while bulk fills the budget, "typing..." waits, and is dropped after 4 s
    // rather than shown late.
    saturateWithBulk(bot, 300);
    assertThat(typing(idleTicket)).isEqualTo(202);
    JsonObject stale = awaitChatAction(bot, idle, e -> e.getString("state").equals("cancelled"));
    assertThat(stale.getString("lastError")).contains("stale");
    assertThat(chatActions(bot, idle)).isZero();

    // A message queued for the chat goes first; the "typing..." waiting before it is cancelled.
    assertThat(typing(busyTicket)).isEqualTo(202);
    reply(busyTicket, "Yes, here to help", null);
    awaitDelivered(bot, busy, "Yes, here to help");
    JsonObject superseded =
        awaitChatAction(bot, busy, e -> e.getString("state").equals("cancelled"));
    assertThat(superseded.getString("lastError")).contains("superseded");
    assertThat(chatActions(bot, busy)).isZero();
    // Bulk was still waiting: the typing lane got nothing while it did.
    assertThat(telegram.count(bot.token(), "sendMessage")).isLessThan(300);
  }

  // ---- helpers ----

  /** The one chat action queued for the chat, once it satisfies the condition. */
  private static JsonObject awaitChatAction(
      RegisteredBot bot, long chat, java.util.function.Predicate<JsonObject> condition) {
    return await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                Outboxes.entriesOf(bot.id()).stream()
                    .filter(e -> e.getString("method").equals("sendChatAction"))
                    .filter(e -> e.getJsonNumber("chatId").longValue() == chat)
                    .toList(),
            l -> l.size() == 1 && condition.test(l.get(0)))
        .get(0);
  }

  private static long customerWrites(RegisteredBot bot, long user, String text) {
    assertThat(Bots.deliver(bot, privateText(user, text))).isEqualTo(200);
    return Tickets.awaitTickets(
            bot.id(), l -> l.stream().anyMatch(t -> t.getJsonNumber("chatId").longValue() == user))
        .stream()
        .filter(t -> t.getJsonNumber("chatId").longValue() == user)
        .findFirst()
        .orElseThrow()
        .getJsonNumber("id")
        .longValue();
  }

  private static JsonObject privateText(long user, String text) {
    return TelegramUpdates.privateText(
        UPDATE_IDS.incrementAndGet(), user, "Ann", UPDATE_IDS.incrementAndGet(), text);
  }

  private static JsonObject button(String label, String value) {
    return Json.createObjectBuilder().add("label", label).add("value", value).build();
  }

  private static JsonArray buttons(List<List<JsonObject>> rows) {
    var out = Json.createArrayBuilder();
    rows.forEach(r -> out.add(Json.createArrayBuilder(r)));
    return out.build();
  }

  private static TgDeskApi.Reply reply(long ticket, String text, JsonArray buttons) {
    var body = Json.createObjectBuilder().add("text", text);
    if (buttons != null) {
      body.add("buttons", buttons);
    }
    return TgDeskApi.asAgent().post("/api/tickets/" + ticket + "/replies", body.build());
  }

  private static int typing(long ticket) {
    return TgDeskApi.asAgent()
        .send("POST", "/api/tickets/" + ticket + "/typing", null, java.util.Map.of())
        .status();
  }

  @Test
  void aBotsOwnThanksLongerThanTelegramAllowsInAnAnswerIsShortenedNotRefused() {
    RegisteredBot bot = Bots.webhookBot(telegram);
    String longThanks = "Thank you! " + "We read every rating. ".repeat(14);
    assertThat(longThanks.length()).isGreaterThan(200);
    var own =
        TgDeskApi.asAdmin()
            .send(
                "PUT",
                "/api/admin/bots/" + bot.id() + "/texts/CSAT_THANKS/en",
                Json.createObjectBuilder().add("text", longThanks).build().toString(),
                json());
    assertThat(own.status()).as(own.toString()).isEqualTo(200);
    long user = USER_IDS.incrementAndGet();
    String queue = "thanks-" + UUID.randomUUID().toString().substring(0, 8);
    var created =
        TgDeskApi.asAdmin()
            .post(
                "/api/admin/queues",
                Json.createObjectBuilder()
                    .add("name", queue)
                    .add("botIds", Json.createArrayBuilder().add(bot.id()))
                    .add("ratingPrompt", true)
                    .build());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    CLEANUP.add("/api/admin/queues/" + created.json().getJsonNumber("id"));
    long ticket = customerWrites(bot, user, "Where is my refund?");
    put("/api/tickets/" + ticket + "/queue", Json.createObjectBuilder().add("queue", queue));
    changeStatus(ticket, "resolved");
    long messageId = awaitDelivered(bot, user, PROMPT).messageId();

    press(bot, user, messageId, "csat:" + ticket + ":5");

    String answered = awaitAnswered(bot, user, 1).get(0).text();
    assertThat(answered).hasSize(200).endsWith("…");
    assertThat(longThanks).startsWith(answered.substring(0, 199));
  }

  private static void put(String path, jakarta.json.JsonObjectBuilder body) {
    var reply = TgDeskApi.asAgent().send("PUT", path, body.build().toString(), json());
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
  }

  private static void changeStatus(long ticket, String status) {
    var reply =
        TgDeskApi.asAgent()
            .post(
                "/api/tickets/" + ticket + "/status",
                Json.createObjectBuilder().add("status", status).build());
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
  }

  private static java.util.Map<String, String> json() {
    return java.util.Map.of("Content-Type", "application/json");
  }

  private static void press(RegisteredBot bot, long user, long messageId, String data) {
    JsonObject update =
        telegram.pressButton(
            bot.token(), UPDATE_IDS.incrementAndGet(), user, messageId, data, user, "Ann", null);
    assertThat(Bots.deliver(bot, update)).isEqualTo(200);
  }

  private static Call awaitSend(RegisteredBot bot, long chat, String text) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                telegram.calls(bot.token(), "sendMessage").stream()
                    .filter(c -> c.status() == 200)
                    .filter(c -> c.params().getJsonNumber("chat_id").longValue() == chat)
                    .filter(c -> text.equals(c.params().getString("text", null)))
                    .findFirst(),
            java.util.Optional::isPresent)
        .get();
  }

  private static Delivered awaitDelivered(RegisteredBot bot, long chat, String text) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                telegram.delivered(bot.token()).stream()
                    .filter(d -> d.chatId() == chat && text.equals(d.text()))
                    .findFirst(),
            java.util.Optional::isPresent)
        .get();
  }

  private static List<Delivered> awaitAnswered(RegisteredBot bot, long chat, int n) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () ->
                telegram.delivered(bot.token()).stream()
                    .filter(d -> d.method().equals("answerCallbackQuery") && d.chatId() == chat)
                    .toList(),
            l -> l.size() >= n);
  }

  private static long chatActions(RegisteredBot bot, long chat) {
    return telegram.delivered(bot.token()).stream()
        .filter(d -> d.method().equals("sendChatAction") && d.chatId() == chat)
        .count();
  }

  /** Bulk messages to other chats, and waits until they fill the bot's budget. */
  private static void saturateWithBulk(RegisteredBot bot, int n) {
    long base = 290_000_000L + bot.id() * 1_000;
    Outboxes.send(
        bot.id(),
        "bulk",
        IntStream.range(0, n).mapToObj(i -> new Outboxes.Msg(base + i, "bulk " + i)).toList());
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> telegram.count(bot.token(), "sendMessage") >= 40);
  }

  private static JsonObject registerEndpoint() {
    var reply =
        TgDeskApi.asAdmin()
            .post(
                "/api/admin/event-endpoints",
                Json.createObjectBuilder()
                    .add("url", host.url())
                    .add("eventTypes", Json.createArrayBuilder().add("ticket.rated"))
                    .build());
    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    CLEANUP.add("/api/admin/event-endpoints/" + reply.json().getJsonNumber("id"));
    return reply.json();
  }

  /** Waits for a ticket.rated event of the ticket that satisfies the condition. */
  private static JsonObject awaitEvent(
      long ticket, java.util.function.Predicate<JsonObject> condition) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                host.accepted().stream()
                    .filter(r -> "ticket.rated".equals(r.type()))
                    .map(Received::json)
                    .filter(
                        e -> e.getJsonObject("ticket").getJsonNumber("id").longValue() == ticket)
                    .filter(condition)
                    .findFirst(),
            java.util.Optional::isPresent)
        .get();
  }

  private static JsonObject report(String groupBy, String key) {
    var reply = TgDeskApi.asAdmin().get("/api/admin/ratings?groupBy=" + groupBy);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    return reply.json().getJsonArray("groups").getValuesAs(JsonObject.class).stream()
        .filter(g -> key.equals(g.getString("key", null)))
        .findFirst()
        .orElseThrow();
  }
}
