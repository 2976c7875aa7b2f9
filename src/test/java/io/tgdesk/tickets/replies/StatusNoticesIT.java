package io.tgdesk.tickets.replies;

import static io.tgdesk.testing.TelegramUpdates.privateText;
import static io.tgdesk.testing.TelegramUpdates.topicCreated;
import static io.tgdesk.testing.TelegramUpdates.topicEdited;
import static io.tgdesk.testing.TelegramUpdates.topicText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tgdesk.testing.Bots;
import io.tgdesk.testing.Bots.RegisteredBot;
import io.tgdesk.testing.FakeTelegram;
import io.tgdesk.testing.FakeTelegram.Delivered;
import io.tgdesk.testing.TgDeskApi;
import io.tgdesk.testing.Tickets;
import io.tgdesk.tickets.PrivateChatIT;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Status changes show in Telegram: one coalesced notice to a private chat's customer (the IT server
 * runs with tgdesk.tickets.status-notices=true and a 4 s window), a status prefix on a topic's
 * name, and a topic closed and reopened with its ticket.
 */
class StatusNoticesIT {

  static final long GROUP = -1005556667770L;
  @RegisterExtension static final FakeTelegram telegram = FakeTelegram.start();
  RegisteredBot bot;

  @BeforeEach
  void registerBot() {
    telegram.setLimits(FakeTelegram.Limits.unlimited());
    bot = Bots.webhookBot(telegram);
  }

  @Test
  void threeStatusChangesInsideTheWindowMakeOneNoticeWithTheLastStatus() {
    Bots.deliver(bot, privateText(1, 8101, "Ann", 1000, "My parcel is late"));
    long ticket = PrivateChatIT.id(Tickets.awaitTickets(bot.id(), t -> t.size() == 1).get(0));

    assertThat(setStatus(ticket, "pending")).isEqualTo(200);
    assertThat(setStatus(ticket, "open")).isEqualTo(200);
    assertThat(setStatus(ticket, "resolved")).isEqualTo(200);

    List<Delivered> notices = awaitDelivered(d -> d.method().equals("sendMessage"), 1);
    assertThat(notices.get(0).chatId()).isEqualTo(8101);
    assertThat(notices.get(0).text()).contains("My parcel is late").contains("resolved");
    assertThat(statusEntries(8101)).hasSize(1);
  }

  @Test
  void aStatusThatComesBackInsideTheWindowSendsNoNoticeAndDoesNotHoldUpReplies() {
    Bots.deliver(bot, privateText(1, 8102, "Ben", 1000, "question"));
    long ticket = PrivateChatIT.id(Tickets.awaitTickets(bot.id(), t -> t.size() == 1).get(0));

    setStatus(ticket, "pending");
    setStatus(ticket, "open");
    long reply =
        RepliesIT.id(RepliesIT.reply(TgDeskApi.asAgent(), ticket, "Looking into it", null));

    // The reply goes at once, not after the notice window.
    RepliesIT.awaitDelivery(ticket, reply, "sent");
    assertThat(statusEntries(8102)).isEmpty();
    // A change that sticks is noticed.
    setStatus(ticket, "pending");
    awaitDelivered(d -> d.text() != null && d.text().contains("waiting for your answer"), 1);
    assertThat(
            telegram.delivered(bot.token()).stream()
                .filter(d -> d.text() != null && d.text().contains("open again")))
        .isEmpty();
  }

  @Test
  void aTopicTicketsStatusShowsAsAPrefixAndTheTopicClosesAndReopensWithIt() {
    Bots.topicGroup(telegram, bot, GROUP, "Acme support");
    telegram.addTopic(bot.token(), GROUP, 55, "Refund");
    Bots.deliver(bot, topicCreated(1, GROUP, 7001, "Ann", 55, "Refund"));
    Bots.deliver(bot, topicText(2, GROUP, 7001, "Ann", 55, 9001, "charged twice"));
    long ticket = PrivateChatIT.id(Tickets.awaitTickets(bot.id(), t -> t.size() == 1).get(0));

    setStatus(ticket, "pending");
    awaitDelivered(
        d -> d.method().equals("editForumTopic") && "[Pending] Refund".equals(d.text()), 1);
    setStatus(ticket, "closed");
    awaitDelivered(d -> d.method().equals("closeForumTopic"), 1);
    setStatus(ticket, "open");
    awaitDelivered(d -> d.method().equals("reopenForumTopic"), 1);

    List<Delivered> topicCalls = awaitDelivered(d -> d.method().equals("editForumTopic"), 3);
    assertThat(topicCalls).extracting(Delivered::text).endsWith("Refund");
    assertThat(topicCalls).allMatch(d -> d.chatId() == GROUP && d.threadId() == 55L);
    assertThat(
            telegram.delivered(bot.token()).stream()
                .map(Delivered::method)
                .filter(m -> !m.equals("editForumTopic"))
                .toList())
        .containsExactly("closeForumTopic", "reopenForumTopic");
    // Telegram tells the bot about its own rename: the ticket keeps its subject without prefix.
    Bots.deliver(bot, topicEdited(3, GROUP, 7001, 55, 9002, "[Pending] Refund"));
    Tickets.awaitTicket(
        ticket,
        t ->
            Tickets.messages(t).stream()
                .anyMatch(m -> m.getString("text", "").contains("renamed")));
    assertThat(Tickets.get(ticket).getString("subject")).isEqualTo("Refund");
  }

  private List<Delivered> awaitDelivered(java.util.function.Predicate<Delivered> which, int n) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> telegram.delivered(bot.token()).stream().filter(which).toList(),
            l -> l.size() >= n);
  }

  private List<JsonObject> statusEntries(long chatId) {
    return TgDeskApi.asAdmin()
        .get("/api/admin/outbox?size=500&botId=" + bot.id() + "&chatId=" + chatId)
        .json()
        .getJsonArray("items")
        .getValuesAs(JsonObject.class)
        .stream()
        .filter(e -> e.getString("category").equals("ticket-status"))
        .toList();
  }

  private static int setStatus(long ticket, String status) {
    var r =
        TgDeskApi.asAgent()
            .post(
                "/api/tickets/" + ticket + "/status",
                Json.createObjectBuilder().add("status", status).build());
    return r.status();
  }
}
