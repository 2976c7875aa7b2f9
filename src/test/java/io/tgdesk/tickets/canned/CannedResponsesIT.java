package io.tgdesk.tickets.canned;

import static io.tgdesk.testing.TelegramUpdates.privateText;
import static org.assertj.core.api.Assertions.assertThat;

import io.tgdesk.testing.Bots;
import io.tgdesk.testing.Bots.RegisteredBot;
import io.tgdesk.testing.DependsOnDatabase;
import io.tgdesk.testing.FakeTelegram;
import io.tgdesk.testing.FakeTelegram.Delivered;
import io.tgdesk.testing.TgDeskApi;
import io.tgdesk.testing.Tickets;
import io.tgdesk.tickets.PrivateChatIT;
import io.tgdesk.tickets.replies.RepliesIT;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Canned responses: admins keep them with checked placeholders, agents list them and send one to a
 * ticket, where it goes out like a reply with its placeholders rendered for that ticket.
 */
class CannedResponsesIT {

  @RegisterExtension static final FakeTelegram telegram = FakeTelegram.start();
  RegisteredBot bot;
  String tag;

  @BeforeEach
  void registerBot() {
    telegram.setLimits(FakeTelegram.Limits.unlimited());
    bot = Bots.webhookBot(telegram);
    tag = UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void anAdminCreatesReadsChangesAndDeletesACannedResponseRecordingWhoDidIt() {
    String queue = createQueue("crq-" + tag);
    var created = create(body("Greeting " + tag, "Hi {customer.first_name}!", null, queue));

    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonObject c = created.json();
    long id = c.getJsonNumber("id").longValue();
    assertThat(created.headers().get("location").get(0))
        .endsWith("/api/admin/canned-responses/" + id);
    assertThat(c.getString("name")).isEqualTo("Greeting " + tag);
    assertThat(c.getString("queue")).isEqualTo(queue);
    assertThat(c.getJsonArray("placeholders").getString(0)).isEqualTo("customer.first_name");
    assertThat(c.getString("createdBy")).isEqualTo("admin");

    var changed =
        TgDeskApi.asAdmin()
            .patch(
                "/api/admin/canned-responses/" + id,
                Json.createObjectBuilder()
                    .add("text", "<b>Hello</b> {customer.name}")
                    .add("parseMode", "HTML")
                    .build());
    assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
    assertThat(changed.json().getString("name")).isEqualTo("Greeting " + tag);
    assertThat(changed.json().getString("queue")).as("kept when left out").isEqualTo(queue);
    assertThat(changed.json().getString("parseMode")).isEqualTo("HTML");
    var unqueued =
        TgDeskApi.asAdmin()
            .patch(
                "/api/admin/canned-responses/" + id,
                Json.createObjectBuilder().add("queue", "").build());
    assertThat(unqueued.json().get("queue")).isIn(null, JsonValue.NULL);
    JsonObject read = TgDeskApi.asAdmin().get("/api/admin/canned-responses/" + id).json();
    assertThat(read.getString("text")).isEqualTo("<b>Hello</b> {customer.name}");
    assertThat(read.getString("updatedBy")).isEqualTo("admin");

    assertThat(TgDeskApi.asAdmin().delete("/api/admin/canned-responses/" + id).status())
        .isEqualTo(204);
    assertThat(TgDeskApi.asAdmin().get("/api/admin/canned-responses/" + id).status())
        .isEqualTo(404);
  }

  @Test
  @DependsOnDatabase
  void aNameTakenRegardlessOfCaseIsRefusedWith409OnCreateAndOnRename() {
    long first = id(create(body("Refund " + tag, "We refunded you.", null, null)));
    long second = id(create(body("Other " + tag, "Something else.", null, null)));

    var duplicate = create(body("REFUND " + tag, "Again.", null, null));
    var rename =
        TgDeskApi.asAdmin()
            .patch(
                "/api/admin/canned-responses/" + second,
                Json.createObjectBuilder().add("name", "refund " + tag).build());

    assertThat(duplicate.status()).as(duplicate.toString()).isEqualTo(409);
    assertThat(duplicate.contentType()).startsWith("application/problem+json");
    assertThat(rename.status()).as(rename.toString()).isEqualTo(409);
    var sameName =
        TgDeskApi.asAdmin()
            .patch(
                "/api/admin/canned-responses/" + first,
                Json.createObjectBuilder().add("name", "Refund " + tag).build());
    assertThat(sameName.status()).as("keeping its own name").isEqualTo(200);
  }

  @Test
  void anUnknownPlaceholderIsRejectedWhenSavedWithA400NamingIt() {
    var unknown = create(body("Bad " + tag, "Hi {customer.age}, ticket {ticket.id}", null, null));

    assertThat(unknown.status()).as(unknown.toString()).isEqualTo(400);
    assertThat(unknown.contentType()).startsWith("application/problem+json");
    JsonObject error = unknown.json().getJsonArray("errors").getJsonObject(0);
    assertThat(error.getString("field")).isEqualTo("text");
    assertThat(error.getString("message")).contains("{customer.age}");
    assertThat(unknown.json().getString("detail")).contains("{customer.age}");

    var unclosed = create(body("Bad " + tag, "Hi {customer.first_name", null, null));
    assertThat(unclosed.status()).as(unclosed.toString()).isEqualTo(400);
    assertThat(unclosed.json().getString("detail")).contains("unclosed");

    long id = id(create(body("Good " + tag, "Hi {customer.first_name}", null, null)));
    var badChange =
        TgDeskApi.asAdmin()
            .patch(
                "/api/admin/canned-responses/" + id,
                Json.createObjectBuilder().add("text", "Hi {agent.nickname}").build());
    assertThat(badChange.status()).as(badChange.toString()).isEqualTo(400);
    assertThat(badChange.json().getString("detail")).contains("{agent.nickname}");
    assertThat(
            TgDeskApi.asAdmin().get("/api/admin/canned-responses/" + id).json().getString("text"))
        .isEqualTo("Hi {customer.first_name}");
  }

  @Test
  void aCannedResponseNeedsATextAndAnExistingQueue() {
    var r = create(body("Empty " + tag, "  ", "Bold", "no-such-queue-" + tag));

    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    assertThat(r.json().getJsonArray("errors").getValuesAs(JsonObject.class))
        .extracting(e -> e.getString("field"))
        .containsExactlyInAnyOrder("text", "parseMode", "queue");
  }

  @Test
  void agentsListTheResponsesOfAQueueWithThoseOfNoQueueButCannotChangeThem() {
    String billing = createQueue("bill-" + tag);
    String tech = createQueue("tech-" + tag);
    create(body("B " + tag, "billing answer", null, billing));
    create(body("T " + tag, "tech answer", null, tech));
    create(body("G " + tag, "general answer", null, null));

    var listed = TgDeskApi.asAgent().get("/api/canned-responses?size=500&queue=" + billing);

    assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
    List<String> names =
        listed.json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
            .map(o -> o.getString("name"))
            .filter(n -> n.endsWith(tag))
            .toList();
    assertThat(names).containsExactly("B " + tag, "G " + tag);
    assertThat(create(TgDeskApi.asAgent(), body("X " + tag, "x", null, null)).status())
        .isEqualTo(403);
    assertThat(TgDeskApi.asAgent().get("/api/canned-responses?queue=nope-" + tag).status())
        .isEqualTo(400);
    assertThat(
            TgDeskApi.asAgent().get("/api/canned-responses/placeholders").jsonArray().stream()
                .map(v -> v.asJsonObject().getString("name")))
        .contains("customer.first_name", "ticket.id", "agent.name", "queue.name");
  }

  @Test
  void aSentCannedResponseReachesTheCustomerRenderedOnTheAgentLaneAsTheAgentWithItsDeliveryState() {
    String queue = createQueue("send-" + tag);
    long canned =
        id(
            create(
                body(
                    "Welcome " + tag,
                    "Hi {customer.first_name}, {agent.name} here about #{ticket.id}"
                        + " ({ticket.subject}) in {queue.name}.",
                    null,
                    null)));
    long ticket = privateTicket(9101, "Ann", "Where is my parcel?");
    moveToQueue(ticket, queue);

    var preview = TgDeskApi.asAgent().get("/api/tickets/" + ticket + "/canned-responses/" + canned);
    var sent = send(ticket, canned);

    assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
    String expected =
        "Hi Ann, agent here about #" + ticket + " (Where is my parcel?) in " + queue + ".";
    assertThat(sent.json().getString("text")).isEqualTo(expected);
    assertThat(preview.status()).as(preview.toString()).isEqualTo(200);
    assertThat(preview.json().getString("text"))
        .as("the preview is what is sent")
        .isEqualTo(expected);
    assertThat(sent.json().getString("author")).isEqualTo("agent");
    assertThat(sent.json().getString("senderName")).isEqualTo("agent");
    long messageId = sent.json().getJsonNumber("id").longValue();
    JsonObject done = RepliesIT.awaitDelivery(ticket, messageId, "sent");
    Delivered delivered = telegram.delivered(bot.token()).get(0);
    assertThat(delivered.chatId()).isEqualTo(9101);
    assertThat(delivered.text()).isEqualTo(expected);
    assertThat(done.getJsonNumber("telegramMessageId").longValue())
        .isEqualTo(delivered.messageId());
    JsonObject entry =
        TgDeskApi.asAdmin()
            .get("/api/admin/outbox?botId=" + bot.id())
            .json()
            .getJsonArray("items")
            .getJsonObject(0);
    assertThat(entry.getString("lane")).isEqualTo("agent-reply");
    assertThat(entry.getString("category")).isEqualTo("canned-response");
  }

  @Test
  void aMissingValueRendersItsFallbackOrNothingNeverThePlaceholder() {
    long canned =
        id(
            create(
                body(
                    "Fallback " + tag,
                    "Queue: {queue.name|general}. Again: [{queue.name}]",
                    null,
                    null)));
    long ticket = privateTicket(9102, "Bo", "hello");
    moveToQueue(ticket, null);

    var sent = send(ticket, canned);

    assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
    long messageId = sent.json().getJsonNumber("id").longValue();
    RepliesIT.awaitDelivery(ticket, messageId, "sent");
    assertThat(telegram.delivered(bot.token()).get(0).text())
        .isEqualTo("Queue: general. Again: []");
  }

  @Test
  void valuesAreEscapedForTheParseModeSoACustomersNameCannotBreakTheMessage() {
    long canned = id(create(body("Html " + tag, "<b>Hi</b> {customer.first_name}", "HTML", null)));
    long ticket = privateTicket(9103, "Al <3 & co", "hello");

    long messageId = id(send(ticket, canned));

    RepliesIT.awaitDelivery(ticket, messageId, "sent");
    var call = telegram.calls(bot.token(), "sendMessage").get(0).params();
    assertThat(call.getString("text")).isEqualTo("<b>Hi</b> Al &lt;3 &amp; co");
    assertThat(call.getString("parse_mode")).isEqualTo("HTML");
  }

  @Test
  void sendingToAClosedOrUnknownTicketOrAnUnknownResponseIsRefusedAndAPreviewSendsNothing() {
    long canned = id(create(body("Closed " + tag, "Hi {customer.first_name}", null, null)));
    long ticket = privateTicket(9104, "Cy", "hello");
    var closed =
        TgDeskApi.asAgent()
            .post(
                "/api/tickets/" + ticket + "/status",
                Json.createObjectBuilder().add("status", "closed").build());
    assertThat(closed.status()).as(closed.toString()).isEqualTo(200);

    assertThat(send(ticket, canned).status()).isEqualTo(409);
    var preview = TgDeskApi.asAgent().get("/api/tickets/" + ticket + "/canned-responses/" + canned);
    assertThat(preview.status()).as("a preview sends nothing").isEqualTo(200);
    assertThat(preview.json().getString("text")).isEqualTo("Hi Cy");
    assertThat(send(ticket, 987654321L).status()).isEqualTo(404);
    assertThat(send(987654321L, canned).status()).isEqualTo(404);
    assertThat(
            TgDeskApi.anonymous()
                .post("/api/tickets/" + ticket + "/canned-responses/" + canned, null)
                .status())
        .isEqualTo(401);
    assertThat(Tickets.messages(Tickets.get(ticket)))
        .noneMatch(m -> "agent".equals(m.getString("author")));
    assertThat(telegram.calls(bot.token(), "sendMessage")).isEmpty();
  }

  @Test
  void aDeletedQueueLeavesItsCannedResponsesToEveryQueue() {
    JsonObject q = TgDeskApi.asAdmin().post("/api/admin/queues", queueBody("gone-" + tag)).json();
    long canned = id(create(body("Orphan " + tag, "text", null, "gone-" + tag)));

    assertThat(TgDeskApi.asAdmin().delete("/api/admin/queues/" + q.getJsonNumber("id")).status())
        .isEqualTo(204);

    JsonObject c = TgDeskApi.asAdmin().get("/api/admin/canned-responses/" + canned).json();
    assertThat(c.get("queue")).isIn(null, JsonValue.NULL);
  }

  private long privateTicket(long userId, String firstName, String text) {
    Bots.deliver(bot, privateText(1, userId, firstName, 1000, text));
    return PrivateChatIT.id(Tickets.awaitTickets(bot.id(), t -> t.size() == 1).get(0));
  }

  private void moveToQueue(long ticket, String queue) {
    var body = Json.createObjectBuilder();
    if (queue == null) {
      body.addNull("queue");
    } else {
      body.add("queue", queue);
    }
    var r =
        TgDeskApi.asAgent()
            .send(
                "PUT",
                "/api/tickets/" + ticket + "/queue",
                body.build().toString(),
                java.util.Map.of("Content-Type", "application/json"));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
  }

  private String createQueue(String name) {
    var r = TgDeskApi.asAdmin().post("/api/admin/queues", queueBody(name));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return name;
  }

  /** A queue that takes no tickets by routing (its only bot id is none of ours). */
  private static JsonObject queueBody(String name) {
    return Json.createObjectBuilder()
        .add("name", name)
        .add("botIds", Json.createArrayBuilder().add(-1))
        .build();
  }

  private static TgDeskApi.Reply send(long ticket, long canned) {
    return TgDeskApi.asAgent().post("/api/tickets/" + ticket + "/canned-responses/" + canned, null);
  }

  private static TgDeskApi.Reply create(JsonObject body) {
    return create(TgDeskApi.asAdmin(), body);
  }

  private static TgDeskApi.Reply create(TgDeskApi api, JsonObject body) {
    return api.post("/api/admin/canned-responses", body);
  }

  private static JsonObject body(String name, String text, String parseMode, String queue) {
    JsonObjectBuilder b = Json.createObjectBuilder().add("name", name).add("text", text);
    if (parseMode != null) {
      b.add("parseMode", parseMode);
    }
    if (queue != null) {
      b.add("queue", queue);
    }
    return b.build();
  }

  private static long id(TgDeskApi.Reply reply) {
    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    return reply.json().getJsonNumber("id").longValue();
  }
}
