package io.tgdesk.tickets;

import static io.tgdesk.testing.TelegramUpdates.editedPrivateText;
import static io.tgdesk.testing.TelegramUpdates.privateDocument;
import static io.tgdesk.testing.TelegramUpdates.privatePhoto;
import static io.tgdesk.testing.TelegramUpdates.privateReply;
import static io.tgdesk.testing.TelegramUpdates.privateText;
import static org.assertj.core.api.Assertions.assertThat;

import io.tgdesk.testing.Bots;
import io.tgdesk.testing.Bots.RegisteredBot;
import io.tgdesk.testing.DependsOnDatabase;
import io.tgdesk.testing.FakeTelegram;
import io.tgdesk.testing.TgDeskApi;
import io.tgdesk.testing.Tickets;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Private chats become tickets: one active ticket per customer per bot, with the whole
 * conversation.
 */
public class PrivateChatIT {

  @RegisterExtension static final FakeTelegram telegram = FakeTelegram.start();
  RegisteredBot bot;

  @BeforeEach
  void registerBot() {
    bot = Bots.webhookBot(telegram);
  }

  @Test
  void aPrivateMessageWhoseSenderHasNoIdIsIgnoredWithAReasonNotRetried() {
    JsonObject withSender = privateText(1, 5001, "Ann", 11, "hello");
    JsonObject message = withSender.getJsonObject("message");
    JsonObject noId =
        Json.createObjectBuilder(withSender)
            .add(
                "message",
                Json.createObjectBuilder(message)
                    .add(
                        "from",
                        Json.createObjectBuilder(message.getJsonObject("from")).remove("id")))
            .build();

    assertThat(Bots.deliver(bot, noId)).isEqualTo(200);

    JsonObject update =
        org.awaitility.Awaitility.await()
            .atMost(java.time.Duration.ofSeconds(30))
            .until(
                () ->
                    TgDeskApi.asAdmin()
                        .get("/api/admin/updates?botId=" + bot.id())
                        .json()
                        .getJsonArray("items")
                        .getJsonObject(0),
                u -> !u.getString("state").equals("received"));
    assertThat(update.getString("state")).as(update.toString()).isEqualTo("ignored");
    assertThat(update.getString("outcome")).contains("not from a user");
    assertThat(update.getInt("attempts")).isEqualTo(1);
    assertThat(Tickets.ofBot(bot.id())).isEmpty();
  }

  @Test
  @DependsOnDatabase
  void firstMessageOpensATicketAndLaterOnesJoinIt() {
    Bots.deliver(bot, privateText(1, 5001, "Ann", 11, "My order #1001 is late\nPlease help"));
    Bots.deliver(bot, privateText(2, 5001, "Ann", 12, "Any news?"));

    List<JsonObject> tickets = Tickets.awaitTickets(bot.id(), t -> t.size() == 1);
    JsonObject ticket =
        Tickets.awaitTicket(id(tickets.get(0)), t -> Tickets.messages(t).size() == 2);

    assertThat(ticket.getString("status")).isEqualTo("open");
    assertThat(ticket.getString("kind")).isEqualTo("private");
    assertThat(ticket.getString("subject")).isEqualTo("My order #1001 is late");
    assertThat(ticket.getJsonNumber("chatId").longValue()).isEqualTo(5001);
    assertThat(ticket.getJsonObject("customer").getString("name")).isEqualTo("Ann");
    assertThat(ticket.getJsonObject("customer").getJsonNumber("telegramUserId").longValue())
        .isEqualTo(5001);
    assertThat(Tickets.messages(ticket))
        .extracting(m -> m.getString("text"))
        .containsExactly("My order #1001 is late\nPlease help", "Any news?");
    assertThat(Tickets.messages(ticket)).allMatch(m -> m.getString("author").equals("customer"));
  }

  @Test
  void twoCustomersGetTwoTickets() {
    Bots.deliver(bot, privateText(1, 5101, "Ann", 1, "hi"));
    Bots.deliver(bot, privateText(2, 5102, "Ben", 1, "hello"));

    List<JsonObject> tickets = Tickets.awaitTickets(bot.id(), t -> t.size() == 2);
    assertThat(tickets)
        .extracting(t -> t.getJsonObject("customer").getString("name"))
        .containsExactlyInAnyOrder("Ann", "Ben");
  }

  @Test
  void customerMessageOnAResolvedTicketReopensIt() {
    Bots.deliver(bot, privateText(1, 5201, "Ann", 1, "first problem"));
    long first = id(Tickets.awaitTickets(bot.id(), t -> t.size() == 1).get(0));
    assertThat(setStatus(first, "resolved")).isEqualTo(200);

    Bots.deliver(bot, privateText(2, 5201, "Ann", 2, "it broke again"));

    JsonObject detail =
        Tickets.awaitTicket(
            first,
            t ->
                Tickets.messages(t).stream()
                    .anyMatch(m -> "it broke again".equals(m.getString("text", null))));
    assertThat(detail.getString("status")).isEqualTo("open");
    assertThat(Tickets.ofBot(bot.id())).hasSize(1);
  }

  @Test
  @DependsOnDatabase
  void messageAfterTheTicketWasClosedOpensANewTicket() {
    Bots.deliver(bot, privateText(1, 5211, "Ann", 1, "first problem"));
    long first = id(Tickets.awaitTickets(bot.id(), t -> t.size() == 1).get(0));
    assertThat(setStatus(first, "closed")).isEqualTo(200);

    Bots.deliver(bot, privateText(2, 5211, "Ann", 2, "second problem"));

    List<JsonObject> tickets = Tickets.awaitTickets(bot.id(), t -> t.size() == 2);
    JsonObject newest = tickets.stream().filter(t -> id(t) != first).findFirst().orElseThrow();
    assertThat(newest.getString("status")).isEqualTo("open");
    assertThat(newest.getString("subject")).isEqualTo("second problem");
    assertThat(Tickets.get(first).getString("status")).isEqualTo("closed");
  }

  private static int setStatus(long ticket, String status) {
    return TgDeskApi.asAgent()
        .post(
            "/api/tickets/" + ticket + "/status",
            Json.createObjectBuilder().add("status", status).build())
        .status();
  }

  @Test
  void customerMessageOnAPendingTicketReopensIt() {
    Bots.deliver(bot, privateText(1, 5301, "Ann", 1, "question"));
    long ticket = id(Tickets.awaitTickets(bot.id(), t -> t.size() == 1).get(0));
    TgDeskApi.asAgent()
        .post(
            "/api/tickets/" + ticket + "/status",
            Json.createObjectBuilder().add("status", "pending").build());

    Bots.deliver(bot, privateText(2, 5301, "Ann", 2, "here is the answer"));

    JsonObject detail =
        Tickets.awaitTicket(
            ticket,
            t ->
                Tickets.messages(t).stream()
                    .anyMatch(m -> "here is the answer".equals(m.getString("text", null))));
    assertThat(detail.getString("status")).isEqualTo("open");
    assertThat(Tickets.ofBot(bot.id())).hasSize(1);
    // The agent's change is in the conversation with who made it.
    assertThat(Tickets.messages(detail))
        .anySatisfy(
            m -> {
              assertThat(m.getString("author")).isEqualTo("system");
              assertThat(m.getString("text")).isEqualTo("Status changed from open to pending");
              assertThat(m.getString("senderName")).isEqualTo("agent");
            });
  }

  @Test
  void editedMessageReplacesTheTextAndKeepsThePreviousOne() {
    Bots.deliver(bot, privateText(1, 5401, "Ann", 7, "I ordered 2 mugs"));
    long ticket = id(Tickets.awaitTickets(bot.id(), t -> t.size() == 1).get(0));
    Tickets.awaitTicket(ticket, t -> Tickets.messages(t).size() == 1);

    Bots.deliver(bot, editedPrivateText(2, 5401, "Ann", 7, "I ordered 3 mugs", 1_700_000_100L));

    JsonObject detail =
        Tickets.awaitTicket(
            ticket, t -> Tickets.messages(t).get(0).getString("text").equals("I ordered 3 mugs"));
    JsonObject message = Tickets.messages(detail).get(0);
    assertThat(Tickets.messages(detail)).hasSize(1);
    assertThat(message.getString("editedAt")).isNotBlank();
    assertThat(message.getJsonArray("revisions").getValuesAs(JsonObject.class))
        .extracting(r -> r.getString("text"))
        .containsExactly("I ordered 2 mugs");
  }

  @Test
  void mediaIsStoredByFileIdWithCaptionAndSize() {
    Bots.deliver(
        bot,
        privatePhoto(
            1, 5501, "Ann", 1, "broken on arrival", "PHOTO-LARGE-ID", "uniq-photo", 204_800));
    Bots.deliver(bot, privateDocument(2, 5501, "Ann", 2, "invoice", "DOC-ID", "uniq-doc", 51_200));

    long ticket = id(Tickets.awaitTickets(bot.id(), t -> t.size() == 1).get(0));
    JsonObject detail = Tickets.awaitTicket(ticket, t -> Tickets.messages(t).size() == 2);
    JsonObject photo = Tickets.messages(detail).get(0);
    JsonObject document = Tickets.messages(detail).get(1);

    assertThat(photo.getString("text")).isEqualTo("broken on arrival");
    assertThat(photo.getJsonObject("media").getString("type")).isEqualTo("photo");
    assertThat(photo.getJsonObject("media").getString("fileId")).isEqualTo("PHOTO-LARGE-ID");
    assertThat(photo.getJsonObject("media").getString("fileUniqueId")).isEqualTo("uniq-photo");
    assertThat(photo.getJsonObject("media").getJsonNumber("fileSize").longValue())
        .isEqualTo(204_800);
    assertThat(document.getJsonObject("media").getString("type")).isEqualTo("document");
    assertThat(document.getJsonObject("media").getString("fileId")).isEqualTo("DOC-ID");
    assertThat(document.getJsonObject("media").getString("fileName")).isNotBlank();
  }

  @Test
  void replyKeepsTheLinkToTheRepliedMessage() {
    Bots.deliver(bot, privateText(1, 5601, "Ann", 40, "first"));
    Bots.deliver(bot, privateReply(2, 5601, "Ann", 41, "about that", 40));

    long ticket = id(Tickets.awaitTickets(bot.id(), t -> t.size() == 1).get(0));
    JsonObject detail = Tickets.awaitTicket(ticket, t -> Tickets.messages(t).size() == 2);
    assertThat(Tickets.messages(detail).get(0).containsKey("replyToMessageId")).isFalse();
    assertThat(Tickets.messages(detail).get(1).getJsonNumber("replyToMessageId").longValue())
        .isEqualTo(40);
  }

  @Test
  void invalidStatusTransitionIs409NamingTheAllowedOnes() {
    Bots.deliver(bot, privateText(1, 5701, "Ann", 1, "x"));
    long ticket = id(Tickets.awaitTickets(bot.id(), t -> t.size() == 1).get(0));
    TgDeskApi.asAgent()
        .post(
            "/api/tickets/" + ticket + "/status",
            Json.createObjectBuilder().add("status", "closed").build());

    var reply =
        TgDeskApi.asAgent()
            .post(
                "/api/tickets/" + ticket + "/status",
                Json.createObjectBuilder().add("status", "pending").build());

    assertThat(reply.status()).isEqualTo(409);
    assertThat(reply.json().getString("detail")).contains("allowed: open");
  }

  public static long id(JsonObject ticket) {
    return ticket.getJsonNumber("id").longValue();
  }
}
