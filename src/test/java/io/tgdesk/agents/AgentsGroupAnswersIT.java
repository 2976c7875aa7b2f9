package io.tgdesk.agents;

import static io.tgdesk.testing.TelegramUpdates.privateText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tgdesk.testing.Bots;
import io.tgdesk.testing.Bots.RegisteredBot;
import io.tgdesk.testing.FakeTelegram;
import io.tgdesk.testing.TgDeskApi;
import io.tgdesk.testing.Tickets;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Agents answer customers from their ticket's topic: replies, edits, /delete, notes, commands,
 * replies to the customer's messages, files copied, linking with a one-time code, and one handling
 * of a message that several bots of the group receive.
 */
// Mostly waits on the group limit (20 a minute) with its own bots and groups: runs beside others.
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("AgentsGroupAnswersIT")
class AgentsGroupAnswersIT {

  @RegisterExtension static final FakeTelegram telegram = FakeTelegram.start();

  RegisteredBot bot;
  long group;
  long customer;
  long agentUser;
  final AtomicLong updateIds = new AtomicLong(1000);
  final AtomicLong groupMessageIds = new AtomicLong(5000);

  @BeforeEach
  void botForumAndAgent() {
    bot = Bots.webhookBot(telegram);
    group = -1_009_000_000_000L - ThreadLocalRandom.current().nextLong(1_000_000_000L);
    customer = 7_000_000L + ThreadLocalRandom.current().nextLong(1_000_000L);
    agentUser = 90_000_000L + ThreadLocalRandom.current().nextLong(1_000_000_000L);
    joinGroup(bot);
    register(bot);
  }

  void joinGroup(RegisteredBot b) {
    telegram.addChat(b.token(), group, "supergroup", "Acme agents", true);
    telegram.setBotMember(b.token(), group, "administrator", true);
  }

  void register(RegisteredBot b) {
    var reply =
        TgDeskApi.asAdmin()
            .postResendingLostRaces(
                "/api/admin/agent-groups",
                Json.createObjectBuilder()
                    .add("botId", b.id())
                    .add("chatId", group)
                    .add("coalesceTexts", false)
                    .build());
    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
  }

  void mapAgent(long telegramUserId) {
    var reply =
        TgDeskApi.asAdmin()
            .post(
                "/api/admin/agents/telegram",
                Json.createObjectBuilder()
                    .add("telegramUserId", telegramUserId)
                    .add("user", "agent")
                    .build());
    assertThat(reply.status()).as(reply.toString()).isBetween(200, 201);
  }

  /** The customer writes; returns the ticket's id, its topic's thread and the copy's id. */
  record Conversation(long ticketId, long thread, long copy) {}

  Conversation customerWrites(String text) {
    deliver(bot, privateText(updateIds.incrementAndGet(), customer, "Ann", 10, text));
    List<FakeTelegram.Delivered> calls = inGroup(bot, has("sendMessage", 1));
    long thread =
        calls.stream()
            .filter(d -> d.method().equals("createForumTopic"))
            .findFirst()
            .orElseThrow()
            .messageId();
    long copy =
        calls.stream()
            .filter(d -> d.method().equals("sendMessage"))
            .findFirst()
            .orElseThrow()
            .messageId();
    long ticket = Tickets.ofBot(bot.id()).get(0).getJsonNumber("id").longValue();
    return new Conversation(ticket, thread, copy);
  }

  void deliver(RegisteredBot b, JsonObject update) {
    if (update.containsKey("message")) {
      telegram.receive(b.token(), update.getJsonObject("message"));
    }
    assertThat(Bots.deliver(b, update)).isEqualTo(200);
  }

  /** A message of a group member (not a bot) in a topic ({@code thread} null: General). */
  JsonObjectBuilder groupMessage(long messageId, long from, Long thread) {
    JsonObjectBuilder m =
        Json.createObjectBuilder()
            .add("message_id", messageId)
            .add(
                "from",
                Json.createObjectBuilder()
                    .add("id", from)
                    .add("is_bot", false)
                    .add("first_name", "Bob"))
            .add(
                "chat",
                Json.createObjectBuilder()
                    .add("id", group)
                    .add("title", "Acme agents")
                    .add("is_forum", true)
                    .add("type", "supergroup"))
            .add("date", Instant.now().getEpochSecond());
    if (thread != null) {
      m.add("message_thread_id", thread).add("is_topic_message", true);
    }
    return m;
  }

  JsonObject update(String type, JsonObjectBuilder message) {
    return Json.createObjectBuilder()
        .add("update_id", updateIds.incrementAndGet())
        .add(type, message)
        .build();
  }

  /** Member {@code from} writes {@code text} in the topic; returns the group message's id. */
  long say(long from, Long thread, String text) {
    long id = groupMessageIds.incrementAndGet();
    deliver(bot, update("message", groupMessage(id, from, thread).add("text", text)));
    return id;
  }

  long replyTo(long from, long thread, String text, long repliedTo) {
    long id = groupMessageIds.incrementAndGet();
    deliver(
        bot,
        update(
            "message",
            groupMessage(id, from, thread)
                .add("text", text)
                .add(
                    "reply_to_message",
                    groupMessage(repliedTo, from, thread).add("text", "earlier"))));
    return id;
  }

  List<FakeTelegram.Delivered> inGroup(
      RegisteredBot b, Predicate<List<FakeTelegram.Delivered>> until) {
    return awaitCalls(b, group, until);
  }

  List<FakeTelegram.Delivered> toCustomer(Predicate<List<FakeTelegram.Delivered>> until) {
    return awaitCalls(bot, customer, until);
  }

  static List<FakeTelegram.Delivered> awaitCalls(
      RegisteredBot b, long chat, Predicate<List<FakeTelegram.Delivered>> until) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> telegram.delivered(b.token()).stream().filter(d -> d.chatId() == chat).toList(),
            until);
  }

  static Predicate<List<FakeTelegram.Delivered>> has(String method, int count) {
    return l -> l.stream().filter(d -> d.method().equals(method)).count() >= count;
  }

  static Predicate<List<FakeTelegram.Delivered>> hasText(String method, String text) {
    return l -> l.stream().anyMatch(d -> d.method().equals(method) && text.equals(d.text()));
  }

  static Predicate<List<FakeTelegram.Delivered>> answered(String start) {
    return l ->
        l.stream()
            .anyMatch(
                d ->
                    d.method().equals("sendMessage")
                        && d.text() != null
                        && d.text().startsWith(start));
  }

  List<JsonObject> messagesOf(long ticket) {
    return Tickets.messages(Tickets.get(ticket));
  }

  /**
   * Whether the message view has a value for {@code key}: a field without one is left out, and
   * {@link JsonObject#isNull} throws for it (the send may not have been recorded yet).
   */
  static boolean present(JsonObject m, String key) {
    return m.containsKey(key) && !m.isNull(key);
  }

  JsonObject awaitMessage(long ticket, Predicate<JsonObject> which) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> messagesOf(ticket).stream().filter(which).findFirst(),
            java.util.Optional::isPresent)
        .orElseThrow();
  }

  @Test
  void anAgentAnswersACustomerEntirelyFromTheGroup() {
    Conversation c = customerWrites("where is my order?");

    var code = TgDeskApi.asAgent().post("/api/agents/me/telegram-link", null);
    assertThat(code.status()).as(code.toString()).isEqualTo(201);
    String linkCode = code.json().getString("code");
    long linkMessage = say(agentUser, null, "/link " + linkCode);
    inGroup(bot, answered("Bob (Telegram " + agentUser + ") is now linked to TgDesk user agent"));
    assertThat(inGroup(bot, has("deleteMessage", 1)))
        .anyMatch(d -> d.method().equals("deleteMessage") && d.messageId() == linkMessage);

    long answer = say(agentUser, c.thread(), "It ships today.");
    FakeTelegram.Delivered sent =
        toCustomer(hasText("sendMessage", "It ships today.")).stream()
            .filter(d -> "It ships today.".equals(d.text()))
            .findFirst()
            .orElseThrow();
    JsonObject reply =
        awaitMessage(
            c.ticketId(),
            m ->
                "It ships today.".equals(m.getString("text", null))
                    && present(m, "telegramMessageId"));
    assertThat(reply.getString("author")).isEqualTo("agent");
    assertThat(reply.getString("senderName")).isEqualTo("agent");
    assertThat(reply.getBoolean("internal")).isFalse();

    deliver(
        bot,
        update(
            "edited_message",
            groupMessage(answer, agentUser, c.thread())
                .add("text", "It ships tomorrow.")
                .add("edit_date", Instant.now().getEpochSecond())));
    FakeTelegram.Delivered edit =
        toCustomer(has("editMessageText", 1)).stream()
            .filter(d -> d.method().equals("editMessageText"))
            .findFirst()
            .orElseThrow();
    assertThat(edit.messageId()).isEqualTo(sent.messageId());
    assertThat(edit.text()).isEqualTo("It ships tomorrow.");
    JsonObject edited =
        awaitMessage(c.ticketId(), m -> "It ships tomorrow.".equals(m.getString("text", null)));
    assertThat(edited.getJsonArray("revisions")).hasSize(1);

    say(agentUser, c.thread(), "/resolve");
    Tickets.awaitTicket(c.ticketId(), t -> "resolved".equals(t.getString("status")));
    inGroup(bot, answered("Ticket " + c.ticketId() + " is resolved"));
  }

  @Test
  void aCustomersMessageAndAnAgentsAnswerPolledTogetherAreBothAppliedAtOnce() {
    Conversation c = customerWrites("where is my order?");
    var code = TgDeskApi.asAgent().post("/api/agents/me/telegram-link", null);
    assertThat(code.status()).as(code.toString()).isEqualTo(201);
    say(agentUser, null, "/link " + code.json().getString("code"));
    inGroup(bot, answered("Bob (Telegram " + agentUser + ") is now linked to TgDesk user agent"));
    var polling =
        TgDeskApi.asAdmin()
            .patch(
                "/api/admin/bots/" + bot.id(),
                Json.createObjectBuilder()
                    .add("mode", "polling")
                    .add("pollIntervalSeconds", 0)
                    .add("pollTimeoutSeconds", 1)
                    .build());
    assertThat(polling.status()).as(polling.toString()).isEqualTo(200);

    // One getUpdates answer: the customer writes again, and the agent answers in the topic. The
    // answer is applied in a transaction of its own, which must not wait for the customer's.
    JsonObject again = privateText(updateIds.incrementAndGet(), customer, "Ann", 11, "any news?");
    JsonObject answer =
        update(
            "message",
            groupMessage(groupMessageIds.incrementAndGet(), agentUser, c.thread())
                .add("text", "It ships today."));
    telegram.receive(bot.token(), again.getJsonObject("message"));
    telegram.receive(bot.token(), answer.getJsonObject("message"));
    telegram.enqueueUpdates(bot.token(), List.of(again, answer));

    // Well within the 60 s a lock wait lasts on Derby (and without end on PostgreSQL).
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> telegram.delivered(bot.token()),
            calls ->
                calls.stream()
                    .anyMatch(d -> d.chatId() == customer && "It ships today.".equals(d.text())));
    assertThat(messagesOf(c.ticketId()))
        .extracting(m -> m.getString("text", null))
        .contains("any news?", "It ships today.");
  }

  @Test
  void membersWhoAreNoAgentsWriteNotesAndAgentsMarkThem() {
    Conversation c = customerWrites("hello");
    say(agentUser, c.thread(), "looks like a refund case");
    awaitMessage(c.ticketId(), m -> "looks like a refund case".equals(m.getString("text", null)));
    mapAgent(agentUser);
    say(agentUser, c.thread(), "!internal: check the warehouse");
    say(agentUser, c.thread(), "/note call them tomorrow");

    awaitMessage(c.ticketId(), m -> "call them tomorrow".equals(m.getString("text", null)));
    List<JsonObject> notes =
        messagesOf(c.ticketId()).stream().filter(m -> m.getBoolean("internal")).toList();
    assertThat(notes)
        .anyMatch(
            n ->
                n.getString("text").equals("looks like a refund case")
                    && n.getString("senderName").equals("Bob (Telegram " + agentUser + ")"))
        .anyMatch(
            n ->
                n.getString("text").equals("internal: check the warehouse")
                    && n.getString("senderName").equals("agent"));
    assertThat(telegram.delivered(bot.token()))
        .noneMatch(d -> d.chatId() == customer && d.method().equals("sendMessage"));
  }

  @Test
  void commandsChangeTheTicketAndAreAnsweredInTheTopic() {
    Conversation c = customerWrites("hello");
    say(agentUser, c.thread(), "/pending");
    inGroup(bot, answered("Refused: you are not linked to a TgDesk agent"));
    mapAgent(agentUser);

    say(agentUser, c.thread(), "/pending");
    Tickets.awaitTicket(c.ticketId(), t -> "pending".equals(t.getString("status")));
    say(agentUser, c.thread(), "/me");
    Tickets.awaitTicket(c.ticketId(), t -> "agent".equals(t.getString("assignee", null)));
    say(agentUser, c.thread(), "/assign @admin");
    Tickets.awaitTicket(c.ticketId(), t -> "admin".equals(t.getString("assignee", null)));
    say(agentUser, c.thread(), "/close");
    Tickets.awaitTicket(c.ticketId(), t -> "closed".equals(t.getString("status")));
    say(agentUser, c.thread(), "A reply to a closed ticket");
    inGroup(bot, answered("Not sent: The ticket is closed"));
    say(agentUser, c.thread(), "/reopen");
    Tickets.awaitTicket(c.ticketId(), t -> "open".equals(t.getString("status")));
    say(agentUser, c.thread(), "/frobnicate");
    inGroup(bot, answered("Unknown command /frobnicate"));
    say(agentUser, null, "/close");
    inGroup(bot, answered("This topic belongs to no ticket"));

    List<FakeTelegram.Delivered> answers =
        inGroup(bot, answered("Ticket " + c.ticketId() + " is open"));
    assertThat(answers)
        .anyMatch(d -> ("Ticket " + c.ticketId() + " is assigned to admin.").equals(d.text()))
        .allMatch(
            d ->
                d.method().equals("sendMessage")
                    ? d.threadId() == null || d.threadId() == c.thread()
                    : true);
  }

  @Test
  void cannedResponsesAreSentByName() {
    String name = "ships-" + ThreadLocalRandom.current().nextInt(1_000_000);
    var created =
        TgDeskApi.asAdmin()
            .post(
                "/api/admin/canned-responses",
                Json.createObjectBuilder()
                    .add("name", name)
                    .add("text", "Your parcel ships today.")
                    .build());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    Conversation c = customerWrites("hello");
    mapAgent(agentUser);

    say(agentUser, c.thread(), "/canned no-such-" + name);
    inGroup(bot, answered("No canned response is named no-such-" + name));
    say(agentUser, c.thread(), "/canned " + name);
    toCustomer(hasText("sendMessage", "Your parcel ships today."));
    inGroup(bot, answered("Canned response " + name + " sent"));
  }

  @Test
  void aReplyToTheCustomersMessageRepliesToTheOriginal() {
    Conversation c = customerWrites("my order is 1001");
    mapAgent(agentUser);
    replyTo(agentUser, c.thread(), "Found it", c.copy());

    toCustomer(hasText("sendMessage", "Found it"));
    JsonObject params =
        telegram.calls(bot.token(), "sendMessage").stream()
            .map(FakeTelegram.Call::params)
            .filter(p -> "Found it".equals(p.getString("text", null)))
            .findFirst()
            .orElseThrow();
    assertThat(params.getJsonObject("reply_parameters").getJsonNumber("message_id").longValue())
        .isEqualTo(10);
  }

  @Test
  void aFileIsCopiedToTheCustomerAndItsCaptionEditsFollow() {
    Conversation c = customerWrites("hello");
    mapAgent(agentUser);
    long id = groupMessageIds.incrementAndGet();
    JsonObjectBuilder photo =
        groupMessage(id, agentUser, c.thread())
            .add("caption", "the label")
            .add(
                "photo",
                Json.createArrayBuilder()
                    .add(
                        Json.createObjectBuilder()
                            .add("file_id", "agent-ph-" + id)
                            .add("file_unique_id", "agent-uph-" + id)
                            .add("file_size", 40_000)
                            .add("width", 800)
                            .add("height", 600)));
    deliver(bot, update("message", photo));

    FakeTelegram.Delivered copy =
        toCustomer(has("copyMessage", 1)).stream()
            .filter(d -> d.method().equals("copyMessage"))
            .findFirst()
            .orElseThrow();
    assertThat(copy.text()).isEqualTo("the label");
    assertThat(telegram.files(bot.token())).isEmpty();
    awaitMessage(
        c.ticketId(),
        m -> "the label".equals(m.getString("text", null)) && present(m, "telegramMessageId"));

    deliver(
        bot,
        update(
            "edited_message",
            groupMessage(id, agentUser, c.thread())
                .add("caption", "the new label")
                .add("edit_date", Instant.now().getEpochSecond())));
    FakeTelegram.Delivered edit =
        toCustomer(has("editMessageCaption", 1)).stream()
            .filter(d -> d.method().equals("editMessageCaption"))
            .findFirst()
            .orElseThrow();
    assertThat(edit.messageId()).isEqualTo(copy.messageId());
  }

  @Test
  void slashDeleteInReplyToOwnMessageDeletesTheCustomersCopy() {
    Conversation c = customerWrites("hello");
    mapAgent(agentUser);
    long answer = say(agentUser, c.thread(), "wrong answer");
    FakeTelegram.Delivered sent =
        toCustomer(hasText("sendMessage", "wrong answer")).stream()
            .filter(d -> "wrong answer".equals(d.text()))
            .findFirst()
            .orElseThrow();
    awaitMessage(
        c.ticketId(),
        m -> "wrong answer".equals(m.getString("text", null)) && present(m, "telegramMessageId"));

    replyTo(agentUser, c.thread(), "/delete", answer);

    FakeTelegram.Delivered deletion =
        toCustomer(has("deleteMessage", 1)).stream()
            .filter(d -> d.method().equals("deleteMessage"))
            .findFirst()
            .orElseThrow();
    assertThat(deletion.messageId()).isEqualTo(sent.messageId());
    inGroup(bot, answered("Deleted in the customer's chat."));
    awaitMessage(
        c.ticketId(),
        m -> "wrong answer".equals(m.getString("text", null)) && present(m, "deletedAt"));
  }

  @Test
  void botsServiceMessagesAndTheGeneralTopicGetNoAnswer() {
    Conversation c = customerWrites("hello");
    mapAgent(agentUser);
    deliver(
        bot,
        io.tgdesk.testing.TelegramUpdates.topicCreated(
            updateIds.incrementAndGet(), group, agentUser, "Bob", 9_999, "Some topic"));
    long fromBot = groupMessageIds.incrementAndGet();
    deliver(
        bot,
        update(
            "message",
            groupMessage(fromBot, agentUser, c.thread())
                .add(
                    "from",
                    Json.createObjectBuilder()
                        .add("id", 42)
                        .add("is_bot", true)
                        .add("first_name", "OtherBot"))
                .add("text", "/close")));
    say(agentUser, null, "chatting in General");
    say(agentUser, 9_999L, "a topic of no ticket");
    say(agentUser, c.thread(), "/me");

    List<FakeTelegram.Delivered> group =
        inGroup(bot, answered("Ticket " + c.ticketId() + " is assigned to agent."));
    assertThat(group.stream().filter(d -> d.method().equals("sendMessage")).map(d -> d.text()))
        .containsExactly("hello", "Ticket " + c.ticketId() + " is assigned to agent.");
    assertThat(Tickets.get(c.ticketId()).getString("status")).isEqualTo("open");
  }

  @Test
  void aWrongLinkCodeLinksNobodyAndAMemberWhoIsNoAgentIsAnsweredOncePerPeriod() {
    Conversation c = customerWrites("hello");
    say(agentUser, c.thread(), "/me");
    inGroup(bot, answered("Refused: you are not linked"));
    say(agentUser, null, "/link NOTACODE42");
    for (int i = 0; i < 5; i++) {
      say(agentUser, c.thread(), "/me");
    }

    // Every one of them processed, and none answered but the first: the group's 20 a minute
    // belong to the customers' copies.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                TgDeskApi.asAdmin()
                    .get("/api/admin/updates?botId=" + bot.id() + "&size=100")
                    .json()
                    .getJsonArray("items")
                    .getValuesAs(JsonObject.class),
            l ->
                l.size() >= 8
                    && l.stream().noneMatch(u -> u.getString("state").equals("received")));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> TgDeskApi.asAdmin().get("/api/admin/agent-groups/" + group + "/load").json(),
            load ->
                load.getJsonArray("bots").getValuesAs(JsonObject.class).stream()
                    .allMatch(b -> b.getJsonNumber("backlog").longValue() == 0));
    assertThat(
            telegram.delivered(bot.token()).stream()
                .filter(d -> d.chatId() == group && d.method().equals("sendMessage"))
                .filter(d -> d.text().startsWith("Refused") || d.text().startsWith("Not linked")))
        .hasSize(1);
    assertThat(
            TgDeskApi.asAgent()
                .get("/api/tickets/" + c.ticketId())
                .json()
                .getString("assignee", null))
        .isNull();
  }

  @Test
  void aMessageThatEveryBotOfTheGroupReceivesIsHandledOnce() {
    RegisteredBot second = Bots.webhookBot(telegram);
    joinGroup(second);
    register(second);
    Conversation c = customerWrites("hello");
    mapAgent(agentUser);

    long id = groupMessageIds.incrementAndGet();
    JsonObject first =
        update("message", groupMessage(id, agentUser, c.thread()).add("text", "Once only"));
    JsonObject again =
        update("message", groupMessage(id, agentUser, c.thread()).add("text", "Once only"));
    deliver(second, again);
    deliver(bot, first);

    toCustomer(hasText("sendMessage", "Once only"));
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                messagesOf(c.ticketId()).stream()
                    .filter(m -> "Once only".equals(m.getString("text", null)))
                    .count(),
            n -> n == 1);
    assertThat(
            telegram.delivered(bot.token()).stream()
                .filter(d -> d.chatId() == customer && "Once only".equals(d.text())))
        .hasSize(1);
  }

  @Test
  void aBotInTheGroupThatDoesNotServeItHandlesNothing() {
    RegisteredBot stranger = Bots.webhookBot(telegram);
    joinGroup(stranger);
    Conversation c = customerWrites("hello");
    mapAgent(agentUser);

    long id = groupMessageIds.incrementAndGet();
    deliver(
        stranger,
        update("message", groupMessage(id, agentUser, c.thread()).add("text", "Not through me")));

    var outcome =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () ->
                    TgDeskApi.asAdmin()
                        .get("/api/admin/updates?botId=" + stranger.id())
                        .json()
                        .getJsonArray("items")
                        .getValuesAs(JsonObject.class),
                l -> l.stream().anyMatch(u -> !u.getString("state").equals("received")));
    assertThat(outcome.get(0).getString("state")).isEqualTo("ignored");
    assertThat(messagesOf(c.ticketId()))
        .noneMatch(m -> "Not through me".equals(m.getString("text", null)));
    assertThat(telegram.delivered(stranger.token())).isEmpty();
  }
}
