package io.tgdesk.tickets;

import static io.tgdesk.testing.TelegramUpdates.privateText;
import static org.assertj.core.api.Assertions.assertThat;

import io.tgdesk.testing.Bots;
import io.tgdesk.testing.Bots.RegisteredBot;
import io.tgdesk.testing.FakeTelegram;
import io.tgdesk.testing.FakeTelegram.Delivered;
import io.tgdesk.testing.TgDeskApi;
import io.tgdesk.testing.Tickets;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Canned responses: kept by admins, placeholders checked on save, sent by agents as replies. */
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
  void aCannedResponseIsSentAsTheAgentsReplyWithItsPlaceholdersFilledIn() {
    var queue =
        TgDeskApi.asAdmin()
            .post(
                "/api/admin/queues",
                Json.createObjectBuilder()
                    .add("name", "support-" + tag)
                    .add("botIds", Json.createArrayBuilder().add(bot.id()))
                    .build());
    assertThat(queue.status()).as(queue.toString()).isEqualTo(201);
    long canned =
        create(
            "greeting-" + tag,
            "Hi {customer.first_name}, ticket #{ticket.id} is with {agent.name} ({queue.name}).");
    Bots.deliver(bot, privateText(1, 8801, "Ann", 1000, "help"));
    long ticket = PrivateChatIT.id(Tickets.awaitTickets(bot.id(), t -> t.size() == 1).get(0));

    var sent =
        TgDeskApi.asAgent().post("/api/tickets/" + ticket + "/canned-responses/" + canned, null);

    assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
    String expected = "Hi Ann, ticket #" + ticket + " is with agent (support-" + tag + ").";
    assertThat(sent.json().getString("text")).isEqualTo(expected);
    RepliesIT.awaitDelivery(ticket, sent.json().getJsonNumber("id").longValue(), "sent");
    assertThat(telegram.delivered(bot.token()))
        .extracting(Delivered::text)
        .containsExactly(expected);
  }

  @Test
  void anUnknownPlaceholderIsRefusedWhenTheResponseIsSaved() {
    var r =
        TgDeskApi.asAdmin()
            .post(
                "/api/admin/canned-responses",
                Json.createObjectBuilder()
                    .add("name", "bad-" + tag)
                    .add("text", "Dear {customer.age} {customer.first_name}")
                    .build());

    assertThat(r.status()).isEqualTo(400);
    JsonObject error = r.json().getJsonArray("errors").getJsonObject(0);
    assertThat(error.getString("field")).isEqualTo("text");
    assertThat(error.getString("message")).contains("{customer.age}");
    assertThat(error.getString("message"))
        .doesNotContain("unknown placeholders {customer.first_name}");
  }

  @Test
  void adminsKeepTheResponsesAndAgentsOnlyReadThem() {
    long id = create("bye-" + tag, "Bye {customer.name}");
    var agentCreate =
        TgDeskApi.asAgent()
            .post(
                "/api/admin/canned-responses",
                Json.createObjectBuilder().add("name", "x-" + tag).add("text", "x").build());
    var duplicate =
        TgDeskApi.asAdmin()
            .post(
                "/api/admin/canned-responses",
                Json.createObjectBuilder().add("name", "bye-" + tag).add("text", "x").build());
    var replaced =
        TgDeskApi.asAdmin()
            .send(
                "PUT",
                "/api/admin/canned-responses/" + id,
                Json.createObjectBuilder()
                    .add("name", "bye-" + tag)
                    .add("text", "Goodbye {customer.name}")
                    .build()
                    .toString(),
                Map.of("Content-Type", "application/json"));

    assertThat(agentCreate.status()).isEqualTo(403);
    assertThat(duplicate.status()).isEqualTo(409);
    assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
    assertThat(
            TgDeskApi.asAgent()
                .get("/api/canned-responses")
                .jsonArray()
                .getValuesAs(JsonObject.class))
        .anyMatch(c -> c.getString("text").equals("Goodbye {customer.name}"));
    assertThat(TgDeskApi.asAdmin().delete("/api/admin/canned-responses/" + id).status())
        .isEqualTo(204);
    assertThat(TgDeskApi.asAdmin().get("/api/admin/canned-responses/" + id).status())
        .isEqualTo(404);
  }

  private static long create(String name, String text) {
    var r =
        TgDeskApi.asAdmin()
            .post(
                "/api/admin/canned-responses",
                Json.createObjectBuilder().add("name", name).add("text", text).build());
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().getJsonNumber("id").longValue();
  }
}
