package io.tgdesk.hostevents;

import static io.tgdesk.testing.TelegramUpdates.privateText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tgdesk.testing.Bots;
import io.tgdesk.testing.Bots.RegisteredBot;
import io.tgdesk.testing.DependsOnDatabase;
import io.tgdesk.testing.FakeTelegram;
import io.tgdesk.testing.HostReceiver;
import io.tgdesk.testing.HostReceiver.Received;
import io.tgdesk.testing.TgDeskApi;
import io.tgdesk.testing.Tickets;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Ticket activity reaches the host platform's endpoint: signed, in order per ticket, durable. */
class HostEventsIT {

  @RegisterExtension static final FakeTelegram telegram = FakeTelegram.start();
  @RegisterExtension static final HostReceiver host = HostReceiver.start();

  private static final AtomicLong UPDATE_IDS = new AtomicLong(40_000);
  private static final AtomicLong USER_IDS = new AtomicLong(4_000_000);

  RegisteredBot bot;

  /** The endpoints the running test registered (one test registers from a second thread). */
  final List<Long> endpoints = java.util.Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void freshBot() {
    host.failAll(false);
    host.failNext(0);
    bot = Bots.webhookBot(telegram);
  }

  /** The secrets of the endpoints the running test registered. */
  static final java.util.Set<String> SECRETS = java.util.concurrent.ConcurrentHashMap.newKeySet();

  @AfterEach
  void removeEndpoints() {
    // Endpoints are global: left behind, they would get the events of later test classes.
    endpoints.forEach(id -> TgDeskApi.asAdmin().delete("/api/admin/event-endpoints/" + id));
    // What an endpoint of an earlier test still sends (one its deletion missed) is not this one's.
    SECRETS.clear();
  }

  @Test
  void anEndpointThatNeverAnswersDoesNotHoldUpAnotherEndpointsEvents() throws Exception {
    // Connections are accepted (the backlog) and never answered: each attempt there waits for the
    // read timeout (20 s).
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      register(
          Json.createObjectBuilder()
              .add("url", "http://127.0.0.1:" + silent.getLocalPort() + "/events"));
      register(Json.createObjectBuilder().add("url", host.url()));
      long user = USER_IDS.incrementAndGet();

      long ticket = customerWrites(user, "first");
      customerWrites(user, "second");

      // Well under the silent endpoint's 20 s read timeout, which they used to wait for.
      List<Received> accepted =
          await()
              .atMost(Duration.ofSeconds(15))
              .until(() -> ofTicket(mine(host.accepted()), ticket), r -> r.size() >= 3);
      assertThat(accepted)
          .extracting(HostEventsIT::typeAndText)
          .containsExactly("ticket.created", "message.received:first", "message.received:second");
    }
  }

  @Test
  void aCustomersFirstMessageReachesTheHostAsSignedTicketCreatedThenMessageReceived() {
    JsonObject endpoint = register(Json.createObjectBuilder().add("url", host.url()));
    String secret = endpoint.getString("secret");

    long ticket = customerWrites(USER_IDS.incrementAndGet(), "Where is my order?");

    List<Received> events = awaitAccepted(ticket, 2);
    assertThat(events)
        .extracting(Received::type)
        .containsExactly("ticket.created", "message.received");
    assertThat(events).allMatch(e -> e.signedWith(secret), "signed with the endpoint's secret");
    assertThat(events).noneMatch(e -> e.signedWith("another secret"));
    JsonObject received = events.get(1).json();
    assertThat(received.getString("type")).isEqualTo("message.received");
    assertThat(received.getString("id")).isEqualTo(events.get(1).eventId());
    assertThat(received.getJsonObject("ticket").getString("status")).isEqualTo("open");
    assertThat(received.getJsonObject("ticket").getJsonNumber("botId").longValue())
        .isEqualTo(bot.id());
    assertThat(received.getJsonObject("message").getString("text")).isEqualTo("Where is my order?");
    assertThat(received.getJsonObject("message").getString("author")).isEqualTo("customer");
    assertThat(
            TgDeskApi.asAdmin()
                .get("/api/admin/event-endpoints/" + endpoint.getJsonNumber("id"))
                .json()
                .containsKey("secret"))
        .as("the secret is shown only once")
        .isFalse();
  }

  @Test
  @DependsOnDatabase
  void aFailingReceiverGetsTheEventAgainAndLaterEventsOfTheTicketWaitTheirTurn() {
    register(Json.createObjectBuilder().add("url", host.url()));
    long user = USER_IDS.incrementAndGet();
    host.failNextAbout("\"telegramUserId\":" + user, 3);

    long ticket = customerWrites(user, "first");
    customerWrites(user, "second");
    customerWrites(user, "third");

    List<Received> accepted = awaitAccepted(ticket, 4);
    assertThat(accepted)
        .extracting(HostEventsIT::typeAndText)
        .containsExactly(
            "ticket.created",
            "message.received:first",
            "message.received:second",
            "message.received:third");
    List<Received> all = ofTicket(mine(host.received()), ticket);
    assertThat(all.stream().filter(r -> r.answered() == 503)).hasSize(3);
    // The refused one came again before anything later of the same ticket.
    assertThat(all.get(0).deliveryId()).isEqualTo(all.get(1).deliveryId());
    JsonObject first =
        TgDeskApi.asAdmin().get("/api/admin/events/" + accepted.get(0).deliveryId()).json();
    assertThat(first.getString("state")).isEqualTo("delivered");
    assertThat(first.getInt("attempts")).isEqualTo(4);
  }

  @Test
  void anEventIsDeadAfterTheEndpointsAttemptsAndAnAdminReplaysIt() {
    JsonObject endpoint =
        register(
            Json.createObjectBuilder()
                .add("url", host.url())
                .add("maxAttempts", 2)
                .add("eventTypes", Json.createArrayBuilder().add("ticket.created")));
    host.failAll(true);

    long ticket = customerWrites(USER_IDS.incrementAndGet(), "hello?");

    JsonObject dead =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    TgDeskApi.asAdmin()
                        .get(
                            "/api/admin/events?state=dead&ticketId="
                                + ticket
                                + "&endpointId="
                                + endpoint.getJsonNumber("id"))
                        .json()
                        .getJsonArray("items"),
                items -> items.size() == 1)
            .getJsonObject(0);
    assertThat(dead.getString("type")).isEqualTo("ticket.created");
    assertThat(dead.getInt("attempts")).isEqualTo(2);
    assertThat(dead.getInt("lastStatus")).isEqualTo(503);
    assertThat(ofTicket(mine(host.received()), ticket)).hasSize(2);

    host.failAll(false);
    var replay =
        TgDeskApi.asAdmin().post("/api/admin/events/" + dead.getJsonNumber("id") + "/replay", null);
    assertThat(replay.status()).as(replay.toString()).isEqualTo(200);

    List<Received> accepted = awaitAccepted(ticket, 1);
    assertThat(accepted.get(0).deliveryId()).isEqualTo(dead.getJsonNumber("id").longValue());
    assertThat(
            TgDeskApi.asAdmin()
                .post("/api/admin/events/" + dead.getJsonNumber("id") + "/replay", null)
                .status())
        .as("a delivered event can be sent again on purpose")
        .isEqualTo(200);
  }

  @Test
  void aStatusChangeIsPostedAsTicketUpdatedToAnEndpointThatAskedOnlyForThat() {
    JsonObject endpoint =
        register(
            Json.createObjectBuilder()
                .add("url", host.url())
                .add("eventTypes", Json.createArrayBuilder().add("ticket.updated")));
    String secret = endpoint.getString("secret");
    long ticket = customerWrites(USER_IDS.incrementAndGet(), "please call me");

    var change =
        TgDeskApi.asAgent()
            .post(
                "/api/tickets/" + ticket + "/status",
                Json.createObjectBuilder().add("status", "pending").build());
    assertThat(change.status()).as(change.toString()).isEqualTo(200);

    List<Received> accepted = awaitAccepted(ticket, 1);
    assertThat(accepted).extracting(Received::type).containsExactly("ticket.updated");
    assertThat(accepted.get(0).signedWith(secret)).isTrue();
    assertThat(accepted.get(0).json().getString("change")).isEqualTo("status");
    assertThat(accepted.get(0).json().getJsonObject("ticket").getString("status"))
        .isEqualTo("pending");
  }

  @Test
  @DependsOnDatabase
  void anEndpointDeletedWhileAgentsChangeTicketsCostsThemNoError() throws Exception {
    long ticket = customerWrites(USER_IDS.incrementAndGet(), "hello");
    // An admin registers endpoints and deletes them again while an agent changes the ticket, whose
    // every change queues an event for each endpoint there is.
    var admin =
        java.util.concurrent.CompletableFuture.runAsync(
            () -> {
              for (int i = 0; i < 25; i++) {
                long id =
                    register(Json.createObjectBuilder().add("url", host.url()))
                        .getJsonNumber("id")
                        .longValue();
                var deleted = TgDeskApi.asAdmin().delete("/api/admin/event-endpoints/" + id);
                assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
                endpoints.remove(Long.valueOf(id));
              }
            });
    List<String> answers = new ArrayList<>();
    try {
      for (int i = 0; i < 60 && !admin.isDone(); i++) {
        var change =
            TgDeskApi.asAgent()
                .post(
                    "/api/tickets/" + ticket + "/status",
                    Json.createObjectBuilder()
                        .add("status", i % 2 == 0 ? "pending" : "open")
                        .build());
        answers.add(change.status() + " " + change);
      }
    } finally {
      admin.get(); // before the clean-up reads the endpoints
    }

    assertThat(answers).isNotEmpty().allSatisfy(a -> assertThat(a).startsWith("200 "));
  }

  @Test
  void aRotatedSecretSignsEverythingAfterIt() {
    JsonObject endpoint = register(Json.createObjectBuilder().add("url", host.url()));
    var rotated =
        TgDeskApi.asAdmin()
            .post(
                "/api/admin/event-endpoints/" + endpoint.getJsonNumber("id") + "/rotate-secret",
                null);
    assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
    String secret = rotated.json().getString("secret");
    assertThat(secret).isNotEqualTo(endpoint.getString("secret"));
    SECRETS.add(secret);

    long ticket = customerWrites(USER_IDS.incrementAndGet(), "new secret");

    List<Received> events = awaitAccepted(ticket, 2);
    assertThat(events).allMatch(e -> e.signedWith(secret));
    assertThat(events).noneMatch(e -> e.signedWith(endpoint.getString("secret")));
  }

  @Test
  void blockingAndUnblockingACustomerReachTheHostOnceEachInOrderAndRepeatsSendNothing() {
    register(
        Json.createObjectBuilder()
            .add("url", host.url())
            .add(
                "eventTypes",
                Json.createArrayBuilder().add("customer.blocked").add("customer.unblocked")));
    long user = USER_IDS.incrementAndGet();
    long ticket = customerWrites(user, "hello");
    long customer = Tickets.get(ticket).getJsonObject("customer").getJsonNumber("id").longValue();
    String block = "/api/admin/customers/" + customer + "/block";
    String unblock = "/api/admin/customers/" + customer + "/unblock";
    JsonObject reason = Json.createObjectBuilder().add("reason", "abusive language").build();

    assertThat(TgDeskApi.asAdmin().post(block, reason).status()).isEqualTo(200);
    assertThat(TgDeskApi.asAdmin().post(block, reason).status()).isEqualTo(200);
    assertThat(TgDeskApi.asAdmin().post(unblock, JsonValue.EMPTY_JSON_OBJECT).status())
        .isEqualTo(200);
    assertThat(TgDeskApi.asAdmin().post(unblock, JsonValue.EMPTY_JSON_OBJECT).status())
        .isEqualTo(200);

    List<Received> events =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> ofCustomer(mine(host.accepted()), customer), r -> r.size() >= 2);
    assertThat(events)
        .extracting(Received::type)
        .containsExactly("customer.blocked", "customer.unblocked");
    JsonObject blocked = events.get(0).json().getJsonObject("customer");
    assertThat(blocked.getBoolean("blocked")).isTrue();
    assertThat(blocked.getString("blockReason")).isEqualTo("abusive language");
    assertThat(blocked.getString("blockedBy")).isEqualTo("admin");
    assertThat(blocked.getJsonNumber("botId").longValue()).isEqualTo(bot.id());
    assertThat(blocked.getJsonNumber("telegramUserId").longValue()).isEqualTo(user);
    assertThat(events.get(0).json().containsKey("ticket")).isFalse();
    assertThat(events.get(1).json().getJsonObject("customer").getBoolean("blocked")).isFalse();
    JsonObject queued =
        TgDeskApi.asAdmin().get("/api/admin/events/" + events.get(0).deliveryId()).json();
    assertThat(queued.getJsonNumber("customerId").longValue()).isEqualTo(customer);
    assertThat(queued.containsKey("ticketId")).isFalse();
    // Nothing more came: the repeated block and unblock announced nothing.
    assertThat(ofCustomer(mine(host.received()), customer)).hasSize(2);
  }

  @Test
  void anEndpointAtALinkLocalOrMetadataAddressIsRefused() {
    var metadata =
        TgDeskApi.asAdmin()
            .post(
                "/api/admin/event-endpoints",
                Json.createObjectBuilder()
                    .add("url", "https://169.254.169.254/latest/meta-data")
                    .build());

    assertThat(metadata.status()).as(metadata.toString()).isEqualTo(400);
    assertThat(metadata.body()).contains("url").contains("link-local");
  }

  @Test
  void endpointsAreValidatedWithTheFailingFields() {
    var plainHttp =
        TgDeskApi.asAdmin()
            .post(
                "/api/admin/event-endpoints",
                Json.createObjectBuilder().add("url", "http://helpdesk.example.com/hook").build());
    assertThat(plainHttp.status()).isEqualTo(400);
    assertThat(plainHttp.contentType()).startsWith("application/problem+json");
    assertThat(plainHttp.body()).contains("url").contains("https");

    var bad =
        TgDeskApi.asAdmin()
            .post(
                "/api/admin/event-endpoints",
                Json.createObjectBuilder()
                    .add("url", "https://helpdesk.example.com/hook")
                    .add("eventTypes", Json.createArrayBuilder().add("ticket.exploded"))
                    .add("maxAttempts", 0)
                    .build());
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body())
        .contains("eventTypes")
        .contains("ticket.exploded")
        .contains("maxAttempts");

    assertThat(TgDeskApi.asAdmin().post("/api/admin/event-endpoints", null).status())
        .isEqualTo(400);
    assertThat(TgDeskApi.asAdmin().get("/api/admin/event-endpoints/987654321").status())
        .isEqualTo(404);
    assertThat(TgDeskApi.asAdmin().post("/api/admin/events/987654321/replay", null).status())
        .isEqualTo(404);
    assertThat(
            TgDeskApi.asAgent()
                .post(
                    "/api/admin/event-endpoints",
                    Json.createObjectBuilder().add("url", host.url()).build())
                .status())
        .isEqualTo(403);
  }

  private JsonObject register(jakarta.json.JsonObjectBuilder body) {
    var reply = TgDeskApi.asAdmin().post("/api/admin/event-endpoints", body.build());
    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    endpoints.add(reply.json().getJsonNumber("id").longValue());
    SECRETS.add(reply.json().getString("secret"));
    return reply.json();
  }

  /**
   * What reached this class's receiver from the running test's endpoints: an endpoint another class
   * (or an earlier test) left behind may name this receiver's port, and its deliveries (signed with
   * another secret) land here too.
   */
  private static List<Received> mine(List<Received> received) {
    return received.stream().filter(r -> SECRETS.stream().anyMatch(r::signedWith)).toList();
  }

  /** The customer writes to the bot; returns their ticket's id. */
  private long customerWrites(long userId, String text) {
    long updateId = UPDATE_IDS.incrementAndGet();
    assertThat(Bots.deliver(bot, privateText(updateId, userId, "Dana", updateId, text)))
        .isEqualTo(200);
    return Tickets.awaitTickets(
            bot.id(),
            t ->
                t.stream()
                    .anyMatch(
                        x ->
                            x.getJsonObject("customer").getJsonNumber("telegramUserId").longValue()
                                == userId))
        .stream()
        .filter(
            x -> x.getJsonObject("customer").getJsonNumber("telegramUserId").longValue() == userId)
        .findFirst()
        .orElseThrow()
        .getJsonNumber("id")
        .longValue();
  }

  private static List<Received> ofTicket(List<Received> events, long ticket) {
    return events.stream()
        .filter(r -> r.json().containsKey("ticket"))
        .filter(r -> r.json().getJsonObject("ticket").getJsonNumber("id").longValue() == ticket)
        .toList();
  }

  private static List<Received> ofCustomer(List<Received> events, long customer) {
    return events.stream()
        .filter(r -> r.json().containsKey("customer"))
        .filter(r -> r.json().getJsonObject("customer").getJsonNumber("id").longValue() == customer)
        .toList();
  }

  /** The event's type, and after a colon the text of its message, if it has one. */
  private static String typeAndText(Received r) {
    return r.type()
        + (r.json().containsKey("message")
            ? ":" + r.json().getJsonObject("message").getString("text")
            : "");
  }

  private static List<Received> awaitAccepted(long ticket, int count) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> ofTicket(mine(host.accepted()), ticket), r -> r.size() >= count);
  }
}
