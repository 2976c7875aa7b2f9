package io.tgdesk.tickets.texts;

import static io.tgdesk.testing.TelegramUpdates.privateText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tgdesk.testing.Bots;
import io.tgdesk.testing.Bots.RegisteredBot;
import io.tgdesk.testing.FakeTelegram;
import io.tgdesk.testing.FakeTelegram.Delivered;
import io.tgdesk.testing.Shopify;
import io.tgdesk.testing.TgDeskApi;
import io.tgdesk.testing.Tickets;
import io.tgdesk.tickets.PrivateChatIT;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * What TgDesk writes to customers is in their language (Telegram's language_code, English as the
 * fallback), a bot's own text wins over the shipped one, /start is answered with the greeting and
 * opens no ticket unless the bot's admin wants that, and a text missing a value is never sent. Each
 * test has its own bot and fake Bot API; the IT server sends status notices with a 4 s window.
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("CustomerLanguageIT")
class CustomerLanguageIT {

  static final String HELLO_EN =
      "Hello %s! Write your question here and we will answer as soon as we can.";
  static final String HELLO_RU =
      "Здравствуйте! Напишите здесь ваш вопрос, и мы ответим как можно скорее.";

  @RegisterExtension static final FakeTelegram telegram = FakeTelegram.start();
  RegisteredBot bot;

  @BeforeEach
  void registerBot() {
    telegram.setLimits(FakeTelegram.Limits.unlimited());
    bot = Bots.webhookBot(telegram);
  }

  @Test
  void startIsAnsweredWithTheGreetingInTheCustomersLanguageAndOpensNoTicket() {
    assertThat(
            putText("GREETING", "pt", "Olá, {customer.first_name}! Como podemos ajudar?").status())
        .isEqualTo(200);

    Bots.deliver(bot, privateText(1, 9101, "Ann", 100, "/start", "en"));
    Bots.deliver(bot, privateText(2, 9102, "Борис", 100, "/start", "ru"));
    Bots.deliver(bot, privateText(3, 9103, "Kai", 100, "/start", "tlh"));
    Bots.deliver(bot, privateText(4, 9104, "João", 100, "/start ref-42", "pt-br"));

    awaitSent(m -> true, 4);
    assertThat(sentTo(9101)).containsExactly(HELLO_EN.formatted("Ann"));
    assertThat(sentTo(9102)).containsExactly(HELLO_RU);
    assertThat(sentTo(9103))
        .as("a language without texts")
        .containsExactly(HELLO_EN.formatted("Kai"));
    assertThat(sentTo(9104))
        .as("pt-br falls back to pt")
        .containsExactly("Olá, João! Como podemos ajudar?");
    assertThat(Tickets.ofBot(bot.id())).as("tickets opened by /start").isEmpty();
  }

  @Test
  void theFirstRealMessageOpensTheTicketAndASecondStartWithinTheHourIsNotGreetedAgain() {
    Bots.deliver(bot, privateText(1, 9201, "Вера", 100, "/start", "ru"));
    awaitSent(m -> m.chatId() == 9201, 1);
    Bots.deliver(bot, privateText(2, 9201, "Вера", 101, "/start", "ru"));
    Bots.deliver(bot, privateText(3, 9201, "Вера", 102, "Где мой заказ?", "ru"));

    JsonObject ticket = Tickets.awaitTickets(bot.id(), t -> t.size() == 1).get(0);
    assertThat(Tickets.messages(Tickets.get(PrivateChatIT.id(ticket))))
        .extracting(m -> m.getString("text"))
        .containsExactly("Где мой заказ?");
    assertThat(awaitOutcome(2)).contains("not again within 3600 s").contains("no ticket");
    assertThat(sentTo(9201)).containsExactly(HELLO_RU);
  }

  @Test
  void startOpensATicketWhenTheBotsAdminWantsIt() {
    var changed =
        TgDeskApi.asAdmin()
            .send(
                "PUT",
                "/api/admin/bots/" + bot.id() + "/greeting",
                "{\"startOpensTicket\":true}",
                Map.of("Content-Type", "application/json"));
    assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
    assertThat(changed.json().getBoolean("startOpensTicket")).isTrue();
    assertThat(changed.json().getInt("repeatSeconds")).isEqualTo(3600);

    Bots.deliver(bot, privateText(1, 9301, "Ann", 100, "/start promo-7", "en"));

    long ticket = PrivateChatIT.id(Tickets.awaitTickets(bot.id(), t -> t.size() == 1).get(0));
    awaitSent(m -> m.chatId() == 9301, 1);
    assertThat(Tickets.messages(Tickets.awaitTicket(ticket, t -> Tickets.messages(t).size() == 2)))
        .extracting(m -> m.getString("author") + ": " + m.getString("text"))
        .containsExactly("customer: /start promo-7", "system: " + HELLO_EN.formatted("Ann"));
  }

  @Test
  void aBotsOwnGreetingWinsOverTheShippedOneUntilItIsRemoved() {
    var set = putText("greeting", "ru", "Привет, {customer.first_name}! Это поддержка Acme.");
    assertThat(set.status()).as(set.toString()).isEqualTo(200);
    assertThat(set.json().getString("key")).isEqualTo("GREETING");
    assertThat(set.json().getBoolean("botsOwn")).isTrue();
    assertThat(set.json().getString("updatedBy")).isEqualTo("admin");

    Bots.deliver(bot, privateText(1, 9401, "Вера", 100, "/start", "ru"));
    awaitSent(m -> m.chatId() == 9401, 1);
    assertThat(sentTo(9401)).containsExactly("Привет, Вера! Это поддержка Acme.");

    String path = "/api/admin/bots/" + bot.id() + "/texts/GREETING/ru";
    assertThat(TgDeskApi.asAdmin().delete(path).status()).isEqualTo(204);
    JsonObject shipped = TgDeskApi.asAdmin().get(path).json();
    assertThat(shipped.getBoolean("botsOwn")).isFalse();
    assertThat(shipped.getString("text")).isEqualTo(HELLO_RU);
    assertThat(TgDeskApi.asAdmin().delete(path).status()).isEqualTo(404);
    JsonObject ptBr =
        TgDeskApi.asAdmin()
            .get("/api/admin/bots/" + bot.id() + "/texts/TICKET_RESOLVED/pt-BR")
            .json();
    assertThat(ptBr.getString("language")).as("falls back to English").isEqualTo("en");
  }

  @Test
  void aBotsOwnTextIsCheckedAgainstItsKey() {
    var unknownKey = putText("FAREWELL", "ru", "Пока");
    assertThat(unknownKey.status()).as(unknownKey.toString()).isEqualTo(404);
    var wrongPlaceholders = putText("GREETING", "ru", "Заказ {order}, {customer.first_name} {x|y}");
    assertThat(wrongPlaceholders.status()).as(wrongPlaceholders.toString()).isEqualTo(422);
    assertThat(wrongPlaceholders.json().getString("detail"))
        .startsWith("text of GREETING has unknown placeholders {order}, {x|y};");
    var tooLong = putText("GREETING", "ru", "a".repeat(4097));
    assertThat(tooLong.status()).as(tooLong.toString()).isEqualTo(400);
    assertThat(putText("GREETING", "r_!", "Привет").status()).isEqualTo(400);
    assertThat(
            TgDeskApi.asAdmin()
                .send(
                    "PUT",
                    "/api/admin/bots/987654321/texts/GREETING/ru",
                    "{\"text\":\"Привет\"}",
                    Map.of("Content-Type", "application/json"))
                .status())
        .isEqualTo(404);
    JsonObject keys =
        TgDeskApi.asAdmin()
            .get("/api/admin/bots/" + bot.id() + "/texts")
            .jsonArray()
            .getJsonObject(0);
    assertThat(keys.getString("key")).isEqualTo("GREETING");
    assertThat(keys.getJsonObject("shipped").getString("ru")).isEqualTo(HELLO_RU);
  }

  @Test
  void aStatusNoticeIsInTheCustomersLanguage() {
    Bots.deliver(bot, privateText(1, 9501, "Вера", 100, "Посылка не пришла", "ru"));
    long ticket = PrivateChatIT.id(Tickets.awaitTickets(bot.id(), t -> t.size() == 1).get(0));

    var status =
        TgDeskApi.asAgent()
            .post(
                "/api/tickets/" + ticket + "/status",
                Json.createObjectBuilder().add("status", "resolved").build());
    assertThat(status.status()).as(status.toString()).isEqualTo(200);

    awaitSent(m -> m.chatId() == 9501, 1);
    assertThat(sentTo(9501))
        .containsExactly(
            "Ваше обращение «Посылка не пришла» решено. Если что-то ещё не так, просто напишите нам.");
  }

  @Test
  void aClosedQueueWithoutItsOwnAfterHoursReplyAnswersInTheCustomersLanguage() {
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    String tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();
    String queue = "closed-" + UUID.randomUUID().toString().substring(0, 8);
    var created =
        TgDeskApi.asAdmin()
            .post(
                "/api/admin/queues",
                Json.createObjectBuilder()
                    .add("name", queue)
                    .add("strategy", "manual")
                    .add("botIds", Json.createArrayBuilder().add(bot.id()))
                    .add("timeZone", "UTC")
                    .add("hours", Json.createObjectBuilder().add("monday", "00:00-24:00"))
                    .add("holidays", Json.createArrayBuilder().add(today).add(tomorrow))
                    .build());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    try {
      Bots.deliver(bot, privateText(1, 9701, "Вера", 100, "Здравствуйте", "ru"));
      long ticket = PrivateChatIT.id(Tickets.awaitTickets(bot.id(), t -> t.size() == 1).get(0));
      // Into the closed queue, whichever queue routing chose (queues of other classes may match).
      var moved =
          TgDeskApi.asAgent()
              .send(
                  "PUT",
                  "/api/tickets/" + ticket + "/queue",
                  Json.createObjectBuilder().add("queue", queue).build().toString(),
                  Map.of("Content-Type", "application/json"));
      assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
      Bots.deliver(bot, privateText(2, 9701, "Вера", 101, "Есть кто-нибудь?", "ru"));

      awaitSent(m -> m.chatId() == 9701, 1);
      assertThat(sentTo(9701))
          .containsExactly(
              "Спасибо за сообщение. Сейчас мы не работаем и ответим, как только вернёмся.");
    } finally {
      TgDeskApi.asAdmin()
          .delete("/api/admin/queues/" + created.json().getJsonNumber("id").longValue());
    }
  }

  @Test
  void anOrderNoticeIsInTheCustomersLanguageAndOneMissingAValueIsNeverSent() {
    var shop =
        Shopify.configure(
            bot.id(),
            Json.createObjectBuilder()
                .add("noticesEnabled", true)
                .add("noticeWindowSeconds", 0)
                .build());
    Bots.deliver(bot, privateText(1, 9601, "Вера", 100, "Привет", "ru"));
    Tickets.awaitTickets(bot.id(), t -> t.size() == 1);
    long orderId = 7_000_000L + System.nanoTime() % 1_000_000L;

    Shopify.deliver(
        shop,
        "orders/create",
        Shopify.order(
            orderId, "#" + orderId, null, null, null, "pending", null, Instant.now(), 9601L));
    awaitSent(m -> m.chatId() == 9601, 1);
    assertThat(sentTo(9601))
        .containsExactly("Спасибо! Мы получили ваш заказ #" + orderId + " (42.50 EUR).");

    JsonObject refundWithoutAmount =
        Json.createObjectBuilder()
            .add("id", orderId * 10 + 2)
            .add("order_id", orderId)
            .add("refund_line_items", Json.createArrayBuilder())
            .add("transactions", Json.createArrayBuilder())
            .build();
    Shopify.deliver(shop, "refunds/create", refundWithoutAmount);

    String outcome =
        await()
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(200))
            .until(
                () ->
                    Shopify.events(shop.id()).stream()
                        .map(e -> e.getString("outcome", ""))
                        .filter(o -> o.contains("notice not sent"))
                        .findFirst()
                        .orElse(null),
                o -> o != null);
    assertThat(outcome).contains("{refund} has no value");
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(3))
        .until(() -> sentTo(9601).size() == 1);
  }

  private TgDeskApi.Reply putText(String key, String language, String text) {
    return TgDeskApi.asAdmin()
        .send(
            "PUT",
            "/api/admin/bots/" + bot.id() + "/texts/" + key + "/" + language,
            Json.createObjectBuilder().add("text", text).build().toString(),
            Map.of("Content-Type", "application/json"));
  }

  private List<String> sentTo(long chatId) {
    return telegram.delivered(bot.token()).stream()
        .filter(d -> d.method().equals("sendMessage") && d.chatId() == chatId)
        .map(Delivered::text)
        .toList();
  }

  private List<Delivered> awaitSent(java.util.function.Predicate<Delivered> which, int n) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                telegram.delivered(bot.token()).stream()
                    .filter(d -> d.method().equals("sendMessage"))
                    .filter(which)
                    .toList(),
            l -> l.size() >= n);
  }

  /** The outcome of the bot's update with this update_id, once processed. */
  private String awaitOutcome(long updateId) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                TgDeskApi.asAdmin()
                    .get("/api/admin/updates?size=100&botId=" + bot.id())
                    .json()
                    .getJsonArray("items")
                    .getValuesAs(JsonObject.class)
                    .stream()
                    .filter(u -> u.getJsonNumber("updateId").longValue() == updateId)
                    .filter(u -> u.getString("state").equals("processed"))
                    .map(u -> u.getString("outcome"))
                    .findFirst()
                    .orElse(null),
            o -> o != null);
  }
}
