package io.tgdesk.customers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tgdesk.testing.Bots;
import io.tgdesk.testing.Bots.RegisteredBot;
import io.tgdesk.testing.FakeTelegram;
import io.tgdesk.testing.Shopify;
import io.tgdesk.testing.TelegramUpdates;
import io.tgdesk.testing.TgDeskApi;
import io.tgdesk.testing.Tickets;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A Telegram customer who left data in every table that can hold it, through the real paths:
 * updates posted to the webhook (texts, an edit, a photo, a shared contact, a topic message), an
 * agent's reply and note, a reply still pending (its chat paused by a 429), a Shopify link and a
 * linked order, audited calls and host events. Every string is unique to this customer, so that a
 * search for it finds only what it left.
 */
final class CustomerWithHistory {

  final RegisteredBot bot;
  final long userId = 8_100_000_000L + ThreadLocalRandom.current().nextLong(100_000_000L);
  final long group = -1_009_000_000_000L - ThreadLocalRandom.current().nextLong(1_000_000L);
  final String token = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  final String firstName = "Zorbul" + token;
  final String lastName = "Quaxley" + token;
  final String username = "zq_" + token;
  final String phoneDigits =
      "49151" + String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000));
  final String firstText = "first-text-" + token;
  final String editedText = "edited-text-" + token;
  final String caption = "caption-" + token;
  final String fileId = "AgACfile" + token;
  final String topicText = "topic-text-" + token;
  final String replyText = "Hello " + firstName + ", reply-" + token;
  final String noteText = "note-" + token + " about " + lastName;
  final String pendingText = "pending-" + token;
  final String email = "mail" + token + "@example.com";

  long customerId;
  long ticketId;
  long topicTicketId;
  long pendingReplyId;

  private long updateIds = 1;

  CustomerWithHistory(FakeTelegram telegram) {
    this.bot = Bots.webhookBot(telegram);
  }

  /** The topic group's title: the group's, not the customer's. */
  String groupTitle() {
    return "Support desk " + token;
  }

  /** What a search after the erasure must not find anywhere. */
  List<String> needles() {
    return List.of(
        firstName,
        lastName,
        username,
        phoneDigits,
        firstText,
        editedText,
        caption,
        fileId,
        topicText,
        "reply-" + token,
        "note-" + token,
        pendingText,
        "mail" + token);
  }

  /** Fills every place; {@code pending} also leaves a reply waiting on a 429 pause of the chat. */
  CustomerWithHistory fill(FakeTelegram telegram, boolean pending) {
    Bots.topicGroup(telegram, bot, group, groupTitle());

    // The topic message first: it names only the first name, and the customer's names are
    // refreshed from each message.
    deliver(TelegramUpdates.topicText(updateIds++, group, userId, firstName, 77, 501, topicText));
    deliver(update("message", privateMessage(1001).add("text", firstText)));
    deliver(
        update(
            "edited_message",
            privateMessage(1001).add("text", editedText).add("edit_date", now())));
    deliver(
        update(
            "message",
            privateMessage(1002)
                .add("caption", caption)
                .add(
                    "photo",
                    Json.createArrayBuilder()
                        .add(
                            Json.createObjectBuilder()
                                .add("file_id", fileId)
                                .add("file_unique_id", "u" + fileId)
                                .add("file_size", 2048)
                                .add("width", 640)
                                .add("height", 480)))));
    deliver(
        update(
            "message",
            privateMessage(1003)
                .add(
                    "contact",
                    Json.createObjectBuilder()
                        .add("phone_number", "+" + phoneDigits)
                        .add("first_name", firstName)
                        .add("last_name", lastName)
                        .add("user_id", userId))));

    List<JsonObject> tickets = Tickets.awaitTickets(bot.id(), t -> t.size() == 2);
    for (JsonObject t : tickets) {
      if (t.getString("kind").equals("private")) {
        ticketId = t.getJsonNumber("id").longValue();
        customerId = t.getJsonObject("customer").getJsonNumber("id").longValue();
      } else {
        topicTicketId = t.getJsonNumber("id").longValue();
      }
    }
    Tickets.awaitTicket(
        ticketId,
        t ->
            Tickets.messages(t).size() == 3
                && Tickets.messages(t).stream()
                    .anyMatch(m -> editedText.equals(m.getString("text", null))));

    long reply = post("/api/tickets/" + ticketId + "/replies", "text", replyText);
    post("/api/tickets/" + ticketId + "/notes", "text", noteText);
    Tickets.awaitTicket(
        ticketId,
        t ->
            Tickets.messages(t).stream()
                .anyMatch(
                    m ->
                        m.getJsonNumber("id").longValue() == reply
                            && m.toString().contains("\"sent\"")));

    var shop = Shopify.configure(bot.id(), Json.createObjectBuilder().build());
    var link =
        TgDeskApi.asAgent()
            .post(
                "/api/shopify/links",
                Json.createObjectBuilder()
                    .add("shopId", shop.id())
                    .add("telegramUserId", userId)
                    .add("email", email)
                    .add("phone", "+" + phoneDigits)
                    .build());
    assertThat(link.status()).as(link.toString()).isBetween(200, 201);
    long orderId = 7_000_000L + ThreadLocalRandom.current().nextLong(1_000_000L);
    Shopify.deliver(
        shop,
        "orders/create",
        Shopify.order(
            orderId,
            "#" + orderId,
            null,
            email,
            "+" + phoneDigits,
            "paid",
            null,
            Instant.now(),
            userId));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                Shopify.events(shop.id()).stream()
                    .anyMatch(e -> e.getString("state").equals("processed")));

    if (pending) {
      telegram.failNext(bot.token(), 1, 429, "Too Many Requests: retry after 90");
      pendingReplyId = post("/api/tickets/" + ticketId + "/replies", "text", pendingText);
      await().atMost(Duration.ofSeconds(20)).until(() -> telegram.tooManyRequests(bot.token()) > 0);
    }
    // The call audit is written off the calling thread, every 250 ms.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                TgDeskApi.asAdmin()
                        .get("/api/admin/diagnostics/calls?botId=" + bot.id() + "&chatId=" + userId)
                        .json()
                        .getJsonNumber("total")
                        .longValue()
                    >= (pending ? 2 : 1));
    return this;
  }

  /** A message from the same user after the erasure, with none of the strings above. */
  void writesAgain(String text) {
    deliver(TelegramUpdates.privateText(updateIds++, userId, "Ann", 1900, text));
  }

  private long post(String path, String field, String value) {
    var reply =
        TgDeskApi.asAgent().post(path, Json.createObjectBuilder().add(field, value).build());
    assertThat(reply.status()).as(reply.toString()).isBetween(200, 202);
    return reply.json().getJsonNumber("id").longValue();
  }

  private void deliver(JsonObject update) {
    assertThat(Bots.deliver(bot, update)).isEqualTo(200);
  }

  private JsonObject update(String type, JsonObjectBuilder message) {
    return Json.createObjectBuilder().add("update_id", updateIds++).add(type, message).build();
  }

  /** Customers' message ids start at 1001: the fake numbers the bot's own messages from 1. */
  private JsonObjectBuilder privateMessage(long messageId) {
    return Json.createObjectBuilder()
        .add("message_id", messageId)
        .add(
            "from",
            Json.createObjectBuilder()
                .add("id", userId)
                .add("is_bot", false)
                .add("first_name", firstName)
                .add("last_name", lastName)
                .add("username", username)
                .add("language_code", "de"))
        .add(
            "chat",
            Json.createObjectBuilder()
                .add("id", userId)
                .add("first_name", firstName)
                .add("last_name", lastName)
                .add("username", username)
                .add("type", "private"))
        .add("date", now());
  }

  private static long now() {
    return Instant.now().getEpochSecond();
  }
}
