package io.tgdesk.tickets;

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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Agents find tickets by status, queue, assignee, bot, customer, text and time; paged. */
class TicketSearchIT {

  @RegisterExtension static final FakeTelegram telegram = FakeTelegram.start();
  RegisteredBot bot;
  long ann;
  long ben;
  long cat;

  @BeforeEach
  void threeTickets() {
    telegram.setLimits(FakeTelegram.Limits.unlimited());
    bot = Bots.webhookBot(telegram);
    Bots.deliver(bot, privateText(1, 8201, "Ann", 1000, "Refund please"));
    Bots.deliver(bot, privateText(2, 8202, "Ben", 1000, "Login problem"));
    Bots.deliver(bot, privateText(3, 8203, "Cat", 1000, "Hello"));
    Bots.deliver(bot, privateText(4, 8203, "Cat", 1001, "my invoice #77_b is wrong"));
    List<JsonObject> all = Tickets.awaitTickets(bot.id(), t -> t.size() == 3);
    ann = idOf(all, "Ann");
    ben = idOf(all, "Ben");
    cat = idOf(all, "Cat");
    Tickets.awaitTicket(cat, t -> Tickets.messages(t).size() == 2);
  }

  @Test
  void filtersByStatusQueueAndAssignee() {
    String billing = "billing-" + bot.id();
    // A queue whose rule matches no new ticket: tickets get into it only by the moves below.
    var queue =
        TgDeskApi.asAdmin()
            .post(
                "/api/admin/queues",
                Json.createObjectBuilder()
                    .add("name", billing)
                    .add("keywords", Json.createArrayBuilder().add("no ticket says this"))
                    .build());
    assertThat(queue.status()).as(queue.toString()).isEqualTo(201);
    put("/api/tickets/" + ann + "/queue", "queue", billing, TgDeskApi.asAgent());
    put("/api/tickets/" + cat + "/queue", "queue", billing, TgDeskApi.asAgent());
    put("/api/tickets/" + ann + "/assignee", "assignee", "agent", TgDeskApi.asAdmin());
    TgDeskApi.asAgent()
        .post(
            "/api/tickets/" + ben + "/status",
            Json.createObjectBuilder().add("status", "pending").build());

    assertThat(ids("status=pending")).containsExactly(ben);
    assertThat(ids("status=open,pending")).containsExactlyInAnyOrder(ann, ben, cat);
    assertThat(ids("queue=" + billing)).containsExactlyInAnyOrder(ann, cat);
    assertThat(ids("queue=" + billing + "&status=open&assignee=agent")).containsExactly(ann);
    assertThat(ids("assignee=me")).containsExactly(ann);
    assertThat(ids("assignee=none")).containsExactlyInAnyOrder(ben, cat);
  }

  @Test
  @DependsOnDatabase
  void findsTextInTheSubjectOrAnyMessageAndTakesWildcardsLiterally() {
    assertThat(ids("q=refund")).containsExactly(ann);
    assertThat(ids("q=" + enc("INVOICE #77_b"))).containsExactly(cat);
    assertThat(ids("q=" + enc("%"))).isEmpty();
    assertThat(ids("q=" + enc("7_b"))).containsExactly(cat);
    assertThat(ids("q=" + enc("7xb"))).isEmpty();
  }

  @Test
  @DependsOnDatabase
  void filtersByCustomerAndUpdatedSinceAndPages() {
    long customer = Tickets.get(ben).getJsonObject("customer").getJsonNumber("id").longValue();
    String future = Instant.now().plusSeconds(3600).toString();
    String past = Instant.now().minusSeconds(3600).toString();

    assertThat(ids("customerId=" + customer)).containsExactly(ben);
    assertThat(ids("updatedSince=" + enc(future))).isEmpty();
    assertThat(ids("updatedSince=" + enc(past))).hasSize(3);
    var page = TgDeskApi.asAgent().get("/api/tickets?botId=" + bot.id() + "&size=2&page=1").json();
    assertThat(page.getInt("total")).isEqualTo(3);
    assertThat(page.getJsonArray("items")).hasSize(1);
  }

  @Test
  void badFiltersAreRefusedWithTheFailingFields() {
    var r = TgDeskApi.asAgent().get("/api/tickets?status=lost&updatedSince=yesterday");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().getJsonArray("errors").getValuesAs(JsonObject.class))
        .extracting(e -> e.getString("field"))
        .containsExactlyInAnyOrder("status", "updatedSince");
    assertThat(TgDeskApi.asAgent().get("/api/tickets?customerId=abc").status()).isEqualTo(400);
  }

  @Test
  void assignmentAndReassignmentAreRecordedWithWhoDidIt() {
    put("/api/tickets/" + ann + "/assignee", "assignee", "agent", TgDeskApi.asAdmin());
    var reassigned =
        put("/api/tickets/" + ann + "/assignee", "assignee", "admin", TgDeskApi.asAgent());
    var badQueue =
        put("/api/tickets/" + ann + "/queue", "queue", "Billing Team", TgDeskApi.asAgent());
    var unknownQueue =
        TgDeskApi.asAgent()
            .send(
                "PUT",
                "/api/tickets/" + ann + "/queue",
                "{\"queue\":\"no-such-queue\"}",
                java.util.Map.of("Content-Type", "application/json"));

    assertThat(reassigned.getString("assignee")).isEqualTo("admin");
    List<JsonObject> activity =
        Tickets.messages(Tickets.get(ann)).stream()
            .filter(m -> m.getString("author").equals("system"))
            .toList();
    assertThat(activity)
        .extracting(m -> m.getString("senderName") + ": " + m.getString("text"))
        .containsExactly("admin: Assigned to agent", "agent: Reassigned from agent to admin");
    assertThat(activity).allMatch(m -> m.getBoolean("internal"));
    assertThat(badQueue).isNull();
    assertThat(unknownQueue.status()).isEqualTo(422);
  }

  /** PUT of one field; the ticket on 200, null on 400. */
  private static JsonObject put(String path, String field, String value, TgDeskApi api) {
    var r =
        api.send(
            "PUT",
            path,
            Json.createObjectBuilder().add(field, value).build().toString(),
            java.util.Map.of("Content-Type", "application/json"));
    if (r.status() == 400) {
      return null;
    }
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  private List<Long> ids(String query) {
    var r = TgDeskApi.asAgent().get("/api/tickets?botId=" + bot.id() + "&" + query);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
        .map(PrivateChatIT::id)
        .toList();
  }

  private static long idOf(List<JsonObject> tickets, String name) {
    return tickets.stream()
        .filter(t -> t.getJsonObject("customer").getString("name").equals(name))
        .map(PrivateChatIT::id)
        .findFirst()
        .orElseThrow();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
