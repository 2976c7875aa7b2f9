package io.tgdesk.tickets.queues;

import static io.tgdesk.testing.TelegramUpdates.privateText;
import static org.assertj.core.api.Assertions.assertThat;

import io.tgdesk.testing.Bots;
import io.tgdesk.testing.Bots.RegisteredBot;
import io.tgdesk.testing.DependsOnDatabase;
import io.tgdesk.testing.FakeTelegram;
import io.tgdesk.testing.TgDeskApi;
import io.tgdesk.testing.Tickets;
import io.tgdesk.tickets.PrivateChatIT;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Queues take new tickets by their rules and assign them by strategy to online agents. */
class QueuesIT {

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
  @DependsOnDatabase
  void roundRobinSpreadsTicketsEvenlyOverOnlineAgentsAndAnAwayAgentGetsNone() {
    String alice = "alice-" + tag;
    String bob = "bob-" + tag;
    String carol = "carol-" + tag;
    availability(alice, "online");
    availability(bob, "online");
    availability(carol, "away");
    createQueue("rr-" + tag, "round-robin", List.of(alice, carol, bob), List.of());

    for (int i = 0; i < 6; i++) {
      Bots.deliver(bot, privateText(i + 1, 8300 + i, "C" + i, 1000, "help " + i));
    }

    List<JsonObject> tickets =
        Tickets.awaitTickets(
            bot.id(), t -> t.size() == 6 && t.stream().allMatch(x -> x.containsKey("assignee")));
    Map<String, Long> perAgent =
        tickets.stream()
            .collect(Collectors.groupingBy(t -> t.getString("assignee"), Collectors.counting()));
    assertThat(perAgent).containsOnly(Map.entry(alice, 3L), Map.entry(bob, 3L));
    assertThat(tickets).allMatch(t -> t.getString("queue").equals("rr-" + tag));
  }

  @Test
  void leastOpenGivesTheTicketToTheOnlineAgentWithFewestActiveTickets() {
    String dan = "dan-" + tag;
    String eve = "eve-" + tag;
    availability(dan, "online");
    availability(eve, "online");
    createQueue("lo-" + tag, "least-open", List.of(dan, eve), List.of());
    Bots.deliver(bot, privateText(1, 8401, "A", 1000, "one"));
    Bots.deliver(bot, privateText(2, 8402, "B", 1000, "two"));
    Bots.deliver(bot, privateText(3, 8403, "C", 1000, "three"));
    List<JsonObject> first = Tickets.awaitTickets(bot.id(), t -> t.size() == 3);
    Map<String, Long> counts =
        first.stream()
            .collect(Collectors.groupingBy(t -> t.getString("assignee"), Collectors.counting()));
    assertThat(counts).containsOnly(Map.entry(dan, 2L), Map.entry(eve, 1L));
    // Dan resolves his: now he has fewer active tickets than Eve.
    first.stream()
        .filter(t -> t.getString("assignee").equals(dan))
        .forEach(
            t ->
                TgDeskApi.asAgent()
                    .post(
                        "/api/tickets/" + PrivateChatIT.id(t) + "/status",
                        Json.createObjectBuilder().add("status", "closed").build()));

    Bots.deliver(bot, privateText(4, 8404, "D", 1000, "four"));

    JsonObject fourth =
        Tickets.awaitTickets(bot.id(), t -> t.size() == 4).stream()
            .filter(t -> t.getString("subject").equals("four"))
            .findFirst()
            .orElseThrow();
    assertThat(fourth.getString("assignee")).isEqualTo(dan);
  }

  @Test
  void theFirstMatchingQueueByPositionTakesTheTicketByKeyword() {
    createQueue("billing-" + tag, "manual", List.of(), List.of("refund", "Invoice"), 0);
    createQueue("general-" + tag, "manual", List.of(), List.of(), 1);

    Bots.deliver(bot, privateText(1, 8501, "A", 1000, "I want a REFUND"));
    Bots.deliver(bot, privateText(2, 8502, "B", 1000, "cannot log in"));
    Bots.deliver(bot, privateText(3, 8501, "A", 1001, "also about login"));

    Map<String, JsonObject> bySubject =
        Tickets.awaitTickets(bot.id(), t -> t.size() == 2).stream()
            .collect(Collectors.toMap(t -> t.getString("subject"), Function.identity()));
    assertThat(bySubject.get("I want a REFUND").getString("queue")).isEqualTo("billing-" + tag);
    assertThat(bySubject.get("cannot log in").getString("queue")).isEqualTo("general-" + tag);
    assertThat(bySubject.get("I want a REFUND").containsKey("assignee")).isFalse();
  }

  @Test
  void aNullAmongTheBotOrTopicGroupIdsIs400NamingTheField() {
    var reply =
        TgDeskApi.asAdmin()
            .post(
                "/api/admin/queues",
                Json.createObjectBuilder()
                    .add("name", "null-ids-" + tag)
                    .add("strategy", "manual")
                    .add("botIds", Json.createArrayBuilder().addNull())
                    .add("topicGroupIds", Json.createArrayBuilder().add(1).addNull())
                    .build());

    assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
    assertThat(reply.json().getJsonArray("errors").getValuesAs(JsonObject.class))
        .extracting(e -> e.getString("field"))
        .containsExactlyInAnyOrder("botIds", "topicGroupIds");
  }

  @Test
  @DependsOnDatabase
  void adminsManageQueuesAndRenamingOrDeletingOneFollowsToItsTickets() {
    JsonObject q = createQueue("crud-" + tag, "manual", List.of(), List.of(), 0);
    long id = q.getJsonNumber("id").longValue();
    Bots.deliver(bot, privateText(1, 8601, "A", 1000, "hello"));
    long ticket =
        PrivateChatIT.id(
            Tickets.awaitTickets(bot.id(), t -> t.size() == 1 && t.get(0).containsKey("queue"))
                .get(0));

    var duplicate =
        TgDeskApi.asAdmin()
            .post("/api/admin/queues", queueBody("crud-" + tag, "manual", List.of(), List.of(), 0));
    var bad =
        TgDeskApi.asAdmin()
            .post("/api/admin/queues", queueBody("Bad Name", "fastest", List.of(), List.of(), 0));
    var renamed =
        TgDeskApi.asAdmin()
            .send(
                "PUT",
                "/api/admin/queues/" + id,
                queueBody("crud2-" + tag, "manual", List.of(), List.of(), 0).toString(),
                Map.of("Content-Type", "application/json"));

    assertThat(duplicate.status()).isEqualTo(409);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().getJsonArray("errors").getValuesAs(JsonObject.class))
        .extracting(e -> e.getString("field"))
        .containsExactlyInAnyOrder("name", "strategy");
    assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
    assertThat(Tickets.get(ticket).getString("queue")).isEqualTo("crud2-" + tag);
    assertThat(TgDeskApi.asAdmin().delete("/api/admin/queues/" + id).status()).isEqualTo(204);
    assertThat(Tickets.get(ticket).containsKey("queue")).isFalse();
    assertThat(TgDeskApi.asAdmin().get("/api/admin/queues/" + id).status()).isEqualTo(404);
  }

  @Test
  void outsideBusinessHoursTheCustomerGetsTheAutoReplyOncePerClosedPeriod() {
    String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
    String tomorrow = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(1).toString();
    JsonObject body =
        Json.createObjectBuilder(queueBody("hours-" + tag, "manual", List.of(), List.of(), 0))
            .add("timeZone", "UTC")
            .add("hours", allWeek())
            .add("holidays", Json.createArrayBuilder().add(today).add(tomorrow))
            .add("afterHoursReply", "We are closed today; we answer tomorrow.")
            .build();
    assertThat(TgDeskApi.asAdmin().post("/api/admin/queues", body).status()).isEqualTo(201);

    Bots.deliver(bot, privateText(1, 8701, "A", 1000, "hello?"));
    Bots.deliver(bot, privateText(2, 8701, "A", 1001, "anyone there?"));

    long ticket = PrivateChatIT.id(Tickets.awaitTickets(bot.id(), t -> t.size() == 1).get(0));
    JsonObject detail = Tickets.awaitTicket(ticket, t -> Tickets.messages(t).size() == 3);
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(30))
        .until(() -> !telegram.delivered(bot.token()).isEmpty());
    assertThat(Tickets.messages(detail))
        .extracting(m -> m.getString("author") + ": " + m.getString("text"))
        .containsExactly(
            "customer: hello?",
            "system: We are closed today; we answer tomorrow.",
            "customer: anyone there?");
    assertThat(telegram.delivered(bot.token()))
        .extracting(FakeTelegram.Delivered::text)
        .containsExactly("We are closed today; we answer tomorrow.");
  }

  @Test
  void withinBusinessHoursThereIsNoAutoReply() {
    JsonObject body =
        Json.createObjectBuilder(queueBody("open-" + tag, "manual", List.of(), List.of(), 0))
            .add("timeZone", "UTC")
            .add("hours", allWeek())
            .add("afterHoursReply", "closed")
            .build();
    assertThat(TgDeskApi.asAdmin().post("/api/admin/queues", body).status()).isEqualTo(201);
    var bad =
        TgDeskApi.asAdmin()
            .post(
                "/api/admin/queues",
                Json.createObjectBuilder(queueBody("bad-" + tag, "manual", List.of(), List.of(), 0))
                    .add("timeZone", "Mars/Base")
                    .build());

    Bots.deliver(bot, privateText(1, 8702, "A", 1000, "hello?"));

    long ticket = PrivateChatIT.id(Tickets.awaitTickets(bot.id(), t -> t.size() == 1).get(0));
    assertThat(Tickets.messages(Tickets.awaitTicket(ticket, t -> Tickets.messages(t).size() == 1)))
        .hasSize(1);
    assertThat(Tickets.get(ticket).getString("queue")).isEqualTo("open-" + tag);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("timeZone");
  }

  private static JsonObject allWeek() {
    var hours = Json.createObjectBuilder();
    for (String d :
        List.of("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")) {
      hours.add(d, "00:00-24:00");
    }
    return hours.build();
  }

  @Test
  void anAgentSetsTheirOwnAvailability() {
    var away =
        TgDeskApi.asAgent()
            .send(
                "PUT",
                "/api/agents/me/availability",
                "{\"availability\":\"away\"}",
                Map.of("Content-Type", "application/json"));
    var bad =
        TgDeskApi.asAgent()
            .send(
                "PUT",
                "/api/agents/me/availability",
                "{\"availability\":\"busy\"}",
                Map.of("Content-Type", "application/json"));

    assertThat(away.status()).as(away.toString()).isEqualTo(200);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(TgDeskApi.asAgent().get("/api/agents").jsonArray().getValuesAs(JsonObject.class))
        .anyMatch(
            a ->
                a.getString("userName").equals("agent")
                    && a.getString("availability").equals("away"));
  }

  private JsonObject createQueue(
      String name, String strategy, List<String> members, List<String> keywords) {
    return createQueue(name, strategy, members, keywords, 0);
  }

  private JsonObject createQueue(
      String name, String strategy, List<String> members, List<String> keywords, int position) {
    var r =
        TgDeskApi.asAdmin()
            .post("/api/admin/queues", queueBody(name, strategy, members, keywords, position));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }

  /** A queue for this test's bot only, so that other tests' tickets never land in it. */
  private JsonObject queueBody(
      String name, String strategy, List<String> members, List<String> keywords, int position) {
    JsonArrayBuilder m = Json.createArrayBuilder();
    members.forEach(m::add);
    JsonArrayBuilder k = Json.createArrayBuilder();
    keywords.forEach(k::add);
    return Json.createObjectBuilder()
        .add("name", name)
        .add("strategy", strategy)
        .add("position", position)
        .add("members", m)
        .add("keywords", k)
        .add("botIds", Json.createArrayBuilder().add(bot.id()))
        .build();
  }

  private static void availability(String user, String value) {
    var r =
        TgDeskApi.asAdmin()
            .send(
                "PUT",
                "/api/admin/agents/" + user + "/availability",
                Json.createObjectBuilder().add("availability", value).build().toString(),
                Map.of("Content-Type", "application/json"));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
  }
}
