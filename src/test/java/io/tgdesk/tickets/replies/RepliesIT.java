package io.tgdesk.tickets.replies;

import static io.tgdesk.testing.TelegramUpdates.privateText;
import static io.tgdesk.testing.TelegramUpdates.topicCreated;
import static io.tgdesk.testing.TelegramUpdates.topicText;
import static org.assertj.core.api.Assertions.assertThat;

import io.tgdesk.testing.Bots;
import io.tgdesk.testing.Bots.RegisteredBot;
import io.tgdesk.testing.DependsOnDatabase;
import io.tgdesk.testing.FakeTelegram;
import io.tgdesk.testing.FakeTelegram.Delivered;
import io.tgdesk.testing.TgDeskApi;
import io.tgdesk.testing.Tickets;
import io.tgdesk.tickets.PrivateChatIT;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Agents answer tickets: replies go through the delivery engine into the ticket's chat and topic,
 * show their delivery state, can be edited and deleted; internal notes are never sent.
 */
// Uses its own bot and chats only: runs beside others.
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("RepliesIT")
public class RepliesIT {

  static final long GROUP = -1009876543210L;
  @RegisterExtension static final FakeTelegram telegram = FakeTelegram.start();
  RegisteredBot bot;

  @BeforeEach
  void registerBot() {
    telegram.setLimits(FakeTelegram.Limits.unlimited());
    bot = Bots.webhookBot(telegram);
  }

  @Test
  void aReplyReachesTheCustomersChatOnTheAgentLaneAndShowsItWasSentWithTheTelegramMessageId() {
    long ticket = privateTicket(8001, "Where is my parcel?");

    var posted = reply(TgDeskApi.asAgent(), ticket, "It left the warehouse today.", null);

    assertThat(posted.status()).as(posted.toString()).isEqualTo(201);
    assertThat(posted.json().getString("author")).isEqualTo("agent");
    assertThat(posted.json().getString("senderName")).isEqualTo("agent");
    assertThat(posted.json().getBoolean("internal")).isFalse();
    long messageId = posted.json().getJsonNumber("id").longValue();
    JsonObject sent = awaitDelivery(ticket, messageId, "sent");
    Delivered delivered = telegram.delivered(bot.token()).get(0);
    assertThat(delivered.method()).isEqualTo("sendMessage");
    assertThat(delivered.chatId()).isEqualTo(8001);
    assertThat(delivered.threadId()).isNull();
    assertThat(delivered.text()).isEqualTo("It left the warehouse today.");
    assertThat(sent.getJsonNumber("telegramMessageId").longValue())
        .isEqualTo(delivered.messageId());
    assertThat(sent.getJsonObject("delivery").getString("action")).isEqualTo("send");
    JsonObject entry =
        TgDeskApi.asAdmin()
            .get("/api/admin/outbox?botId=" + bot.id())
            .json()
            .getJsonArray("items")
            .getJsonObject(0);
    assertThat(entry.getString("lane")).isEqualTo("agent-reply");
    assertThat(entry.getString("category")).isEqualTo("agent-reply");
  }

  @Test
  void repliesPostedAtOnceOnOneTicketAreAllSavedAndSent() throws Exception {
    // Several agents (or double clicks) at once, and the engine recording each sent reply on the
    // ticket: the replies wait for each other on the ticket, none is refused as a conflict.
    long ticket = privateTicket(8004, "anyone there?");
    int n = 16;
    java.util.concurrent.ExecutorService agents =
        java.util.concurrent.Executors.newFixedThreadPool(8);
    List<TgDeskApi.Reply> posted;
    try {
      List<java.util.concurrent.Future<TgDeskApi.Reply>> futures = new java.util.ArrayList<>();
      for (int i = 1; i <= n; i++) {
        String text = "answer " + i;
        futures.add(agents.submit(() -> reply(TgDeskApi.asAgent(), ticket, text, null)));
      }
      posted = new java.util.ArrayList<>();
      for (var f : futures) {
        posted.add(f.get());
      }
    } finally {
      agents.shutdownNow();
    }

    assertThat(posted).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(201));
    for (TgDeskApi.Reply r : posted) {
      awaitDelivery(ticket, r.json().getJsonNumber("id").longValue(), "sent");
    }
    assertThat(telegram.delivered(bot.token()))
        .filteredOn(d -> d.chatId() == 8004)
        .extracting(Delivered::text)
        .hasSize(n)
        .doesNotHaveDuplicates();
  }

  @Test
  void aReplyOnATopicTicketGoesIntoItsTopic() {
    Bots.topicGroup(telegram, bot, GROUP, "Acme support");
    telegram.addTopic(bot.token(), GROUP, 55, "Refund");
    Bots.deliver(bot, topicCreated(1, GROUP, 7001, "Ann", 55, "Refund"));
    Bots.deliver(bot, topicText(2, GROUP, 7001, "Ann", 55, 9001, "charged twice"));
    long ticket = PrivateChatIT.id(Tickets.awaitTickets(bot.id(), t -> t.size() == 1).get(0));

    long messageId = id(reply(TgDeskApi.asAgent(), ticket, "Refund issued.", "HTML"));

    awaitDelivery(ticket, messageId, "sent");
    Delivered delivered = telegram.delivered(bot.token()).get(0);
    assertThat(delivered.chatId()).isEqualTo(GROUP);
    assertThat(delivered.threadId()).isEqualTo(55L);
    assertThat(delivered.text()).isEqualTo("Refund issued.");
    assertThat(telegram.calls(bot.token(), "sendMessage").get(0).params().getString("parse_mode"))
        .isEqualTo("HTML");
  }

  @Test
  void aReplyToABlockedChatShowsFailedWithTheReasonAndCannotBeEdited() {
    long ticket = privateTicket(8002, "hello");
    telegram.blockChat(bot.token(), 8002, "Forbidden: bot was blocked by the user");

    long messageId = id(reply(TgDeskApi.asAgent(), ticket, "Hi Ann", null));

    JsonObject failed = awaitDelivery(ticket, messageId, "failed");
    assertThat(failed.getJsonObject("delivery").getString("error")).contains("blocked by the user");
    assertThat(failed.get("telegramMessageId")).isIn(null, JsonValue.NULL);
    var edit = edit(TgDeskApi.asAgent(), ticket, messageId, "Hi again");
    assertThat(edit.status()).as(edit.toString()).isEqualTo(409);
  }

  @Test
  void anEditOfASentReplyEditsTheTelegramMessageAndKeepsThePreviousText() {
    long ticket = privateTicket(8003, "question");
    long messageId = id(reply(TgDeskApi.asAgent(), ticket, "Answer v1", null));
    long telegramId =
        awaitDelivery(ticket, messageId, "sent").getJsonNumber("telegramMessageId").longValue();

    var edited =
        TgDeskApi.asAgent()
            .send(
                "PUT",
                "/api/tickets/" + ticket + "/replies/" + messageId,
                Json.createObjectBuilder().add("text", "Answer v2").build().toString(),
                Map.of("Content-Type", "application/json"));

    assertThat(edited.status()).as(edited.toString()).isEqualTo(200);
    assertThat(edited.json().getString("text")).isEqualTo("Answer v2");
    JsonObject done = awaitDelivery(ticket, messageId, "sent", "edit");
    assertThat(done.getJsonArray("revisions").getJsonObject(0).getString("text"))
        .isEqualTo("Answer v1");
    List<Delivered> edits =
        telegram.delivered(bot.token()).stream()
            .filter(d -> d.method().equals("editMessageText"))
            .toList();
    assertThat(edits).hasSize(1);
    assertThat(edits.get(0).messageId()).isEqualTo(telegramId);
    assertThat(edits.get(0).chatId()).isEqualTo(8003);
    assertThat(edits.get(0).text()).isEqualTo("Answer v2");
  }

  @Test
  void quickSuccessiveEditsAreCoalescedAndTheLastTextWins() {
    long ticket = privateTicket(8004, "question");
    long messageId = id(reply(TgDeskApi.asAgent(), ticket, "draft 0", null));
    awaitDelivery(ticket, messageId, "sent");
    // Each answer takes a while: edits made meanwhile wait in the outbox and replace each other.
    // Long enough for the four edits below to be made while the first is answered, also on a
    // loaded machine (at 2 s, one CI run sent three edits).
    telegram.delayAnswers(bot.token(), Duration.ofSeconds(6));

    for (int i = 1; i <= 4; i++) {
      var r = edit(TgDeskApi.asAgent(), ticket, messageId, "draft " + i);
      // An edit that meets the engine claiming the previous one is answered 409 "send it again"
      // and saves nothing; sent again, it is taken.
      for (int again = 0; again < 3 && r.status() == 409; again++) {
        assertThat(r.body()).contains("Send it again");
        r = edit(TgDeskApi.asAgent(), ticket, messageId, "draft " + i);
      }
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    awaitDelivery(ticket, messageId, "sent", "edit");
    telegram.delayAnswers(bot.token(), Duration.ZERO);
    List<Delivered> edits =
        telegram.delivered(bot.token()).stream()
            .filter(d -> d.method().equals("editMessageText"))
            .toList();
    assertThat(edits.size()).isBetween(1, 2);
    assertThat(edits.get(edits.size() - 1).text()).isEqualTo("draft 4");
    assertThat(Tickets.get(ticket).getJsonArray("messages").getJsonObject(1).getString("text"))
        .isEqualTo("draft 4");
  }

  @Test
  void aDeletedReplyIsDeletedAtTelegramAndMarkedDeleted() {
    long ticket = privateTicket(8005, "question");
    long messageId = id(reply(TgDeskApi.asAgent(), ticket, "oops, wrong customer", null));
    long telegramId =
        awaitDelivery(ticket, messageId, "sent").getJsonNumber("telegramMessageId").longValue();

    var deleted = TgDeskApi.asAgent().delete("/api/tickets/" + ticket + "/replies/" + messageId);

    assertThat(deleted.status()).as(deleted.toString()).isEqualTo(202);
    JsonObject done = awaitDelivery(ticket, messageId, "sent", "delete");
    assertThat(done.getString("deletedAt")).isNotBlank();
    assertThat(telegram.delivered(bot.token()))
        .anyMatch(d -> d.method().equals("deleteMessage") && d.messageId() == telegramId);
    assertThat(edit(TgDeskApi.asAgent(), ticket, messageId, "again").status()).isEqualTo(409);
  }

  @Test
  void anAgentCannotEditSomeoneElsesReplyButAnAdminCan() {
    long ticket = privateTicket(8006, "question");
    long messageId = id(reply(TgDeskApi.asAdmin(), ticket, "from the admin", null));
    awaitDelivery(ticket, messageId, "sent");

    var byAgent = edit(TgDeskApi.asAgent(), ticket, messageId, "changed by the agent");
    var byAdmin = edit(TgDeskApi.asAdmin(), ticket, messageId, "changed by the admin");

    assertThat(byAgent.status()).as(byAgent.toString()).isEqualTo(403);
    assertThat(byAgent.contentType()).startsWith("application/problem+json");
    assertThat(byAdmin.status()).as(byAdmin.toString()).isEqualTo(200);
  }

  @Test
  void anInternalNoteIsStoredButNeverSentToTelegram() {
    long ticket = privateTicket(8007, "question");

    var note =
        TgDeskApi.asAgent()
            .post(
                "/api/tickets/" + ticket + "/notes",
                Json.createObjectBuilder().add("text", "VIP customer, be nice").build());
    // A reply after the note: once it is sent, the note had its chance to be sent too.
    awaitDelivery(ticket, id(reply(TgDeskApi.asAgent(), ticket, "Hello!", null)), "sent");

    assertThat(note.status()).as(note.toString()).isEqualTo(201);
    assertThat(note.json().getBoolean("internal")).isTrue();
    assertThat(note.json().get("delivery")).isIn(null, JsonValue.NULL);
    assertThat(Tickets.messages(Tickets.get(ticket)))
        .extracting(m -> m.getString("text"))
        .contains("VIP customer, be nice");
    assertThat(telegram.delivered(bot.token()))
        .extracting(Delivered::text)
        .containsExactly("Hello!");
  }

  @Test
  void badRepliesAreRefusedWithTheFailingFields() {
    long ticket = privateTicket(8008, "question");

    var blank = reply(TgDeskApi.asAgent(), ticket, " ", "Bogus");
    var tooLong = reply(TgDeskApi.asAgent(), ticket, "x".repeat(4097), null);
    var unknownTicket = reply(TgDeskApi.asAgent(), 987654321L, "hi", null);

    assertThat(blank.status()).isEqualTo(400);
    assertThat(blank.contentType()).startsWith("application/problem+json");
    assertThat(blank.json().getJsonArray("errors").getValuesAs(JsonObject.class))
        .extracting(e -> e.getString("field"))
        .containsExactlyInAnyOrder("text", "parseMode");
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(unknownTicket.status()).isEqualTo(404);
    assertThat(telegram.delivered(bot.token())).isEmpty();
  }

  @Test
  void aClosedTicketTakesNoReply() {
    long ticket = privateTicket(8009, "question");
    TgDeskApi.asAgent()
        .post(
            "/api/tickets/" + ticket + "/status",
            Json.createObjectBuilder().add("status", "closed").build());

    var r = reply(TgDeskApi.asAgent(), ticket, "hello?", null);

    assertThat(r.status()).as(r.toString()).isEqualTo(409);
  }

  @Test
  @DependsOnDatabase
  void aReplyWhoseTelegramMessageIdIsAlreadyKnownIsSentOnceAndTheFailedFollowUpIsShown() {
    // The customer's own message has id 1, and the fake numbers the bot's first message to that
    // chat 1 too: recording the reply's Telegram id on its message hits the unique constraint.
    Bots.deliver(bot, privateText(1, 8021, "Ann", 1, "hello"));
    long ticket = PrivateChatIT.id(Tickets.awaitTickets(bot.id(), t -> t.size() == 1).get(0));

    var posted = reply(TgDeskApi.asAgent(), ticket, "Hi Ann, how can I help?", null);

    assertThat(posted.status()).as(posted.toString()).isEqualTo(201);
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                TgDeskApi.asAdmin()
                    .get("/api/admin/outbox?botId=" + bot.id())
                    .json()
                    .getJsonArray("items")
                    .getJsonObject(0),
            e -> e.getString("state").equals("sent"));
    // Long enough for a resend to happen, had the entry gone back to pending.
    org.awaitility.Awaitility.await().pollDelay(Duration.ofSeconds(3)).until(() -> true);
    assertThat(telegram.delivered(bot.token())).hasSize(1);
    JsonObject now =
        TgDeskApi.asAdmin()
            .get("/api/admin/outbox?botId=" + bot.id())
            .json()
            .getJsonArray("items")
            .getJsonObject(0);
    assertThat(now.getString("state")).isEqualTo("sent");
    assertThat(now.getInt("attempts")).isEqualTo(1);
    assertThat(now.getJsonNumber("telegramMessageId").longValue()).isEqualTo(1);
    assertThat(now.getString("followUpError", "")).contains("follow-up");
  }

  private long privateTicket(long userId, String text) {
    Bots.deliver(bot, privateText(1, userId, "Ann", 1000, text));
    return PrivateChatIT.id(Tickets.awaitTickets(bot.id(), t -> t.size() == 1).get(0));
  }

  public static TgDeskApi.Reply reply(TgDeskApi api, long ticket, String text, String parseMode) {
    var body = Json.createObjectBuilder().add("text", text);
    if (parseMode != null) {
      body.add("parseMode", parseMode);
    }
    return api.post("/api/tickets/" + ticket + "/replies", body.build());
  }

  static TgDeskApi.Reply edit(TgDeskApi api, long ticket, long messageId, String text) {
    return api.patch(
        "/api/tickets/" + ticket + "/replies/" + messageId,
        Json.createObjectBuilder().add("text", text).build());
  }

  static long id(TgDeskApi.Reply reply) {
    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    return reply.json().getJsonNumber("id").longValue();
  }

  public static JsonObject awaitDelivery(long ticket, long messageId, String state) {
    return awaitDelivery(ticket, messageId, state, "send");
  }

  /** Waits until the message's last delivery action is in the given state; returns the message. */
  public static JsonObject awaitDelivery(long ticket, long messageId, String state, String action) {
    JsonObject detail =
        Tickets.awaitTicket(
            ticket,
            t ->
                Tickets.messages(t).stream()
                    .anyMatch(
                        m ->
                            m.getJsonNumber("id").longValue() == messageId
                                && m.get("delivery") instanceof JsonObject
                                && m.getJsonObject("delivery").getString("action").equals(action)
                                && m.getJsonObject("delivery").getString("state").equals(state)));
    return Tickets.messages(detail).stream()
        .filter(m -> m.getJsonNumber("id").longValue() == messageId)
        .findFirst()
        .orElseThrow();
  }
}
