package io.tgdesk.agents;

import static io.tgdesk.testing.TelegramUpdates.editedPrivateText;
import static io.tgdesk.testing.TelegramUpdates.privatePhoto;
import static io.tgdesk.testing.TelegramUpdates.privateReply;
import static io.tgdesk.testing.TelegramUpdates.privateText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tgdesk.testing.Bots;
import io.tgdesk.testing.Bots.RegisteredBot;
import io.tgdesk.testing.FakeTelegram;
import io.tgdesk.testing.Outboxes;
import io.tgdesk.testing.TgDeskApi;
import io.tgdesk.testing.Tickets;
import io.tgdesk.tickets.PrivateChatIT;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * What customers do shows in their topic: media copied, edits, replies, a deleted topic recreated,
 * status in the topic's name, texts combined while the group is over its limit, two bots sharing a
 * group.
 */
// Mostly waits on the group limit (20 a minute) with its own bots and groups: runs beside others.
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("AgentsGroupMirrorIT")
class AgentsGroupMirrorIT {

  @RegisterExtension static final FakeTelegram telegram = FakeTelegram.start();

  RegisteredBot bot;
  long group;
  long customer;

  @BeforeEach
  void botAndForum() {
    bot = Bots.webhookBot(telegram);
    group = -1_008_000_000_000L - ThreadLocalRandom.current().nextLong(1_000_000_000L);
    customer = 7_000_000L + ThreadLocalRandom.current().nextLong(1_000_000L);
    forum(bot);
  }

  void forum(RegisteredBot bot) {
    telegram.addChat(bot.token(), group, "supergroup", "Acme agents", true);
    telegram.setBotMember(bot.token(), group, "administrator", true);
  }

  void register(RegisteredBot bot, boolean coalesce) {
    var reply =
        TgDeskApi.asAdmin()
            .postResendingLostRaces(
                "/api/admin/agent-groups",
                Json.createObjectBuilder()
                    .add("botId", bot.id())
                    .add("chatId", group)
                    .add("coalesceTexts", coalesce)
                    .build());
    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
  }

  /** Delivers an update and keeps its message in the fake, as Telegram keeps it for copies. */
  void write(RegisteredBot bot, JsonObject update) {
    if (update.containsKey("message")) {
      telegram.receive(bot.token(), update.getJsonObject("message"));
    }
    assertThat(Bots.deliver(bot, update)).isEqualTo(200);
  }

  List<FakeTelegram.Delivered> inGroup(
      RegisteredBot bot, Predicate<List<FakeTelegram.Delivered>> until) {
    return await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                telegram.delivered(bot.token()).stream().filter(d -> d.chatId() == group).toList(),
            until);
  }

  /** Waits until every call of the bot to the group was answered and recorded. */
  void awaitSettled(RegisteredBot bot) {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> TgDeskApi.asAdmin().get("/api/admin/agent-groups/" + group + "/load").json(),
            load ->
                load.getJsonArray("bots").stream()
                    .map(b -> b.asJsonObject())
                    .filter(b -> b.getJsonNumber("botId").longValue() == bot.id())
                    .allMatch(b -> b.getJsonNumber("backlog").longValue() == 0));
  }

  static Predicate<List<FakeTelegram.Delivered>> has(String method, int count) {
    return l -> l.stream().filter(d -> d.method().equals(method)).count() >= count;
  }

  @Test
  void aCustomersErasureDeletesTheirTopicAndTheCopiesOfTheirMessages() {
    register(bot, true);
    write(bot, privateText(1, customer, "Ann", 10, "ship it to Elm Street 5"));
    List<FakeTelegram.Delivered> calls = inGroup(bot, has("sendMessage", 1));
    long thread = calls.get(0).messageId();
    awaitSettled(bot);
    write(
        bot,
        editedPrivateText(
            2, customer, "Ann", 10, "ship it to Elm Street 7", Instant.now().getEpochSecond()));
    inGroup(bot, has("editMessageText", 1));
    awaitSettled(bot);
    JsonObject ticket =
        Tickets.awaitTickets(
                bot.id(),
                l -> l.stream().anyMatch(t -> t.getJsonNumber("chatId").longValue() == customer))
            .get(0);
    long customerId = ticket.getJsonObject("customer").getJsonNumber("id").longValue();

    var erased = TgDeskApi.asAdmin().post("/api/admin/customers/" + customerId + "/erase", null);
    // An erasure that meets the mirror's own work on the customer's rows is answered 409 "send it
    // again" and changes nothing; sent again, it is done.
    for (int again = 0; again < 3 && erased.status() == 409; again++) {
      assertThat(erased.body()).contains("Send it again");
      erased = TgDeskApi.asAdmin().post("/api/admin/customers/" + customerId + "/erase", null);
    }

    assertThat(erased.status()).as(erased.toString()).isEqualTo(200);
    assertThat(erased.json().getString("state")).isEqualTo("done");
    FakeTelegram.Delivered deleted =
        inGroup(bot, has("deleteForumTopic", 1)).stream()
            .filter(d -> d.method().equals("deleteForumTopic"))
            .findFirst()
            .orElseThrow();
    assertThat(deleted.threadId()).isEqualTo(thread);
    // Nothing in the outbox still holds the copy's text or the topic's name.
    assertThat(Outboxes.entriesOf(bot.id()).toString())
        .doesNotContain("Elm Street")
        .doesNotContain("Ann");
  }

  @Test
  void aRemovedGroupGetsNoMoreCopies() {
    register(bot, true);
    write(bot, privateText(1, customer, "Ann", 10, "first"));
    inGroup(bot, has("sendMessage", 1));
    awaitSettled(bot);
    var removed = TgDeskApi.asAdmin().delete("/api/admin/agent-groups/" + group);
    assertThat(removed.status()).as(removed.toString()).isEqualTo(204);

    write(bot, privateText(2, customer, "Ann", 11, "second"));

    // The message is stored, and with it whatever it would queue for the group: nothing.
    Tickets.awaitTickets(
        bot.id(),
        l ->
            l.stream()
                .filter(t -> t.getJsonNumber("chatId").longValue() == customer)
                .anyMatch(
                    t ->
                        Tickets.messages(Tickets.get(t.getJsonNumber("id").longValue())).stream()
                            .anyMatch(m -> "second".equals(m.getString("text", null)))));
    assertThat(
            Outboxes.entriesOf(bot.id()).stream()
                .filter(e -> e.getJsonNumber("chatId").longValue() == group))
        .noneMatch(e -> e.getString("params").contains("second"));
  }

  @Test
  void mediaIsCopiedFromTheCustomersChat() {
    register(bot, true);
    write(bot, privatePhoto(1, customer, "Ann", 10, "the receipt", "ph-1", "uph-1", 50_000));

    List<FakeTelegram.Delivered> calls = inGroup(bot, has("copyMessage", 1));
    long thread = calls.get(0).messageId();
    FakeTelegram.Delivered copy =
        calls.stream().filter(d -> d.method().equals("copyMessage")).findFirst().orElseThrow();
    assertThat(copy.threadId()).isEqualTo(thread);
    assertThat(copy.text()).isEqualTo("the receipt");
    assertThat(telegram.files(bot.token())).isEmpty(); // nothing uploaded
  }

  @Test
  void anEditOfTheCustomerEditsTheCopy() {
    register(bot, true);
    write(bot, privateText(1, customer, "Ann", 10, "my order is 1001"));
    List<FakeTelegram.Delivered> calls = inGroup(bot, has("sendMessage", 1));
    long copy =
        calls.stream()
            .filter(d -> d.method().equals("sendMessage"))
            .findFirst()
            .orElseThrow()
            .messageId();

    write(
        bot,
        editedPrivateText(
            2, customer, "Ann", 10, "my order is 1002", Instant.now().getEpochSecond()));

    FakeTelegram.Delivered edit =
        inGroup(bot, has("editMessageText", 1)).stream()
            .filter(d -> d.method().equals("editMessageText"))
            .findFirst()
            .orElseThrow();
    assertThat(edit.messageId()).isEqualTo(copy);
    assertThat(edit.text()).isEqualTo("my order is 1002");
  }

  @Test
  void aReplyOfTheCustomerRepliesToTheCopy() {
    register(bot, true);
    write(bot, privateText(1, customer, "Ann", 10, "first"));
    long copy =
        inGroup(bot, has("sendMessage", 1)).stream()
            .filter(d -> d.method().equals("sendMessage"))
            .findFirst()
            .orElseThrow()
            .messageId();

    awaitSettled(bot);
    write(bot, privateReply(2, customer, "Ann", 11, "about the first", 10));

    // The fake lists a call once it has answered it, a moment after the delivery.
    JsonObject params =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    telegram.calls(bot.token(), "sendMessage").stream()
                        .map(FakeTelegram.Call::params)
                        .filter(p -> "about the first".equals(p.getString("text", null)))
                        .findFirst(),
                java.util.Optional::isPresent)
            .orElseThrow();
    assertThat(params.toString()).contains("\"message_id\":" + copy);
  }

  @Test
  void aDeletedTopicIsRecreatedOnTheNextMessage() {
    register(bot, true);
    write(bot, privateText(1, customer, "Ann", 10, "before"));
    long thread = inGroup(bot, has("sendMessage", 1)).get(0).messageId();

    telegram.deleteTopic(bot.token(), group, thread);
    write(bot, privateText(2, customer, "Ann", 11, "after"));

    List<FakeTelegram.Delivered> calls =
        inGroup(bot, l -> l.stream().anyMatch(d -> "after".equals(d.text())));
    assertThat(telegram.count(bot.token(), "createForumTopic")).isEqualTo(2);
    FakeTelegram.Delivered after =
        calls.stream().filter(d -> "after".equals(d.text())).findFirst().orElseThrow();
    assertThat(after.threadId()).isNotEqualTo(thread);

    // The ticket's topic follows: the next message goes straight into the new topic.
    write(bot, privateText(3, customer, "Ann", 12, "again"));
    FakeTelegram.Delivered again =
        inGroup(bot, l -> l.stream().anyMatch(d -> "again".equals(d.text()))).stream()
            .filter(d -> "again".equals(d.text()))
            .findFirst()
            .orElseThrow();
    assertThat(again.threadId()).isEqualTo(after.threadId());
    assertThat(telegram.count(bot.token(), "createForumTopic")).isEqualTo(2);
  }

  @Test
  void closingTheTicketRenamesAndClosesItsTopicAndReopeningReopensIt() {
    register(bot, true);
    write(bot, privateText(1, customer, "Ann", 10, "hello"));
    inGroup(bot, has("sendMessage", 1));
    long ticket = PrivateChatIT.id(Tickets.awaitTickets(bot.id(), t -> t.size() == 1).get(0));

    status(ticket, "resolved");
    List<FakeTelegram.Delivered> calls = inGroup(bot, has("editForumTopic", 1));
    assertThat(
            calls.stream()
                .filter(d -> d.method().equals("editForumTopic"))
                .findFirst()
                .orElseThrow()
                .text())
        .startsWith("[Resolved] Ann · #" + ticket);

    status(ticket, "closed");
    inGroup(bot, has("closeForumTopic", 1));
    status(ticket, "open");
    inGroup(bot, has("reopenForumTopic", 1));
  }

  private static void status(long ticket, String status) {
    var reply =
        TgDeskApi.asAgent()
            .post(
                "/api/tickets/" + ticket + "/status",
                Json.createObjectBuilder().add("status", status).build());
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
  }

  @Test
  void textsAreCombinedWhileTheGroupIsOverItsLimit() {
    register(bot, true);
    // Telegram answers slowly: the topic's creation and the texts queue up behind each other.
    telegram.delayAnswers(bot.token(), Duration.ofSeconds(4));
    for (int i = 1; i <= 15; i++) {
      write(bot, privateText(i, customer, "Ann", 100 + i, "t" + i));
    }
    var load =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> TgDeskApi.asAdmin().get("/api/admin/agent-groups/" + group + "/load"),
                r ->
                    r.status() == 200
                        && r.json()
                                .getJsonArray("bots")
                                .getJsonObject(0)
                                .getJsonNumber("backlog")
                                .longValue()
                            >= 2);
    assertThat(load.json().getJsonArray("bots").getJsonObject(0).getJsonNumber("botId").longValue())
        .isEqualTo(bot.id());
    telegram.delayAnswers(bot.token(), Duration.ZERO);

    List<FakeTelegram.Delivered> texts =
        inGroup(bot, l -> l.stream().anyMatch(d -> d.text() != null && d.text().contains("t15")))
            .stream()
            .filter(d -> d.method().equals("sendMessage"))
            .toList();
    assertThat(texts.size()).isLessThan(15);
    // Every text arrives once, in the customer's order.
    List<String> lines =
        texts.stream()
            .flatMap(d -> d.text().lines())
            .filter(line -> !line.endsWith("messages)"))
            .map(line -> line.replaceFirst("^\\[[0-9:]+\\] ", ""))
            .toList();
    assertThat(lines)
        .containsExactly(
            java.util.stream.IntStream.rangeClosed(1, 15)
                .mapToObj(i -> "t" + i)
                .toArray(String[]::new));
    // Some went combined, with their times and count (which ones depends on when each arrived).
    assertThat(texts).anySatisfy(d -> assertThat(d.text()).contains("] t").endsWith("messages)"));
  }

  @Test
  void twoBotsShareAGroupEachWithItsOwnCustomers() {
    RegisteredBot second = Bots.webhookBot(telegram);
    forum(second);
    register(bot, true);
    register(second, true);
    var groups = TgDeskApi.asAdmin().get("/api/admin/agent-groups").jsonArray();
    JsonObject ours =
        groups.stream()
            .map(v -> v.asJsonObject())
            .filter(g -> g.getJsonNumber("chatId").longValue() == group)
            .findFirst()
            .orElseThrow();
    assertThat(ours.getJsonArray("botIds")).hasSize(2);

    long other = customer + 1;
    write(bot, privateText(1, customer, "Ann", 10, "to the first bot"));
    write(second, privateText(1, other, "Ben", 10, "to the second bot"));

    FakeTelegram.Delivered first =
        inGroup(bot, has("sendMessage", 1)).stream()
            .filter(d -> d.method().equals("sendMessage"))
            .findFirst()
            .orElseThrow();
    FakeTelegram.Delivered viaSecond =
        inGroup(second, has("sendMessage", 1)).stream()
            .filter(d -> d.method().equals("sendMessage"))
            .findFirst()
            .orElseThrow();
    assertThat(first.text()).isEqualTo("to the first bot");
    assertThat(viaSecond.text()).isEqualTo("to the second bot");
    // (The fake keeps each bot's view of the group apart, so thread ids may repeat across bots.)
    assertThat(telegram.count(bot.token(), "createForumTopic")).isEqualTo(1);
    assertThat(telegram.count(second.token(), "createForumTopic")).isEqualTo(1);
  }
}
