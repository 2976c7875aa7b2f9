package io.tgdesk.shopify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tgdesk.testing.Bots;
import io.tgdesk.testing.Bots.RegisteredBot;
import io.tgdesk.testing.DependsOnDatabase;
import io.tgdesk.testing.FakeTelegram;
import io.tgdesk.testing.FakeTelegram.Delivered;
import io.tgdesk.testing.Shopify;
import io.tgdesk.testing.Shopify.RegisteredShop;
import io.tgdesk.testing.TelegramUpdates;
import io.tgdesk.testing.TgDeskApi;
import io.tgdesk.testing.Tickets;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/** Shopify webhooks end to end: signature, dedupe, processing, linking, notices, compliance. */
// Beside the other classes (its own fake Bot API, bots and shops); its methods one after another.
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("ShopifyWebhookIT")
class ShopifyWebhookIT {

  @RegisterExtension static final FakeTelegram telegram = FakeTelegram.start();
  private static final AtomicLong IDS = new AtomicLong(System.nanoTime() % 1_000_000_000L);

  RegisteredBot bot;
  RegisteredShop shop;
  String queue;
  long queueId;

  @BeforeAll
  static void awaitTheApplication() {
    // On a loaded machine the application may start well after the server said it was ready.
    await()
        .atMost(Duration.ofSeconds(180))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> TgDeskApi.asAdmin().get("/api/admin/shopify/shops").status() == 200);
  }

  @BeforeEach
  void setUp() {
    telegram.setLimits(FakeTelegram.Limits.telegramDefaults());
    bot = Bots.webhookBot(telegram);
    queue = "orders-" + UUID.randomUUID().toString().substring(0, 8);
    queueId = createQueue(queueBody("manual", List.of(), null)).getJsonNumber("id").longValue();
    shop =
        Shopify.configure(
            bot.id(),
            Json.createObjectBuilder()
                .add("noticesEnabled", true)
                .add("noticeWindowSeconds", 0)
                .add("queueName", queue)
                .build());
  }

  // -- receiving --

  @Test
  @DependsOnDatabase
  void aSignedDeliveryIsStoredOnceAndARepeatIsAnswered200WithNothingNew() {
    JsonObject order = order(id(), null, null);
    String eventId = UUID.randomUUID().toString();

    var first = Shopify.deliver(shop, "orders/create", eventId, order);
    var again = Shopify.deliver(shop, "orders/create", eventId, order);

    assertThat(first.status()).as(first.toString()).isEqualTo(200);
    assertThat(again.status()).as(again.toString()).isEqualTo(200);
    List<JsonObject> events = awaitProcessed(1);
    assertThat(events).hasSize(1);
    assertThat(events.get(0).getString("eventKey")).isEqualTo("event:" + eventId);
  }

  @Test
  @DependsOnDatabase
  void withoutAnEventIdTheWebhookIdIsTheKey() {
    byte[] body = order(id(), null, null).toString().getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers =
        Shopify.headers(shop.domain(), "orders/create", null, shop.secret(), body);

    assertThat(Shopify.post(body, headers).status()).isEqualTo(200);
    assertThat(Shopify.post(body, headers).status()).isEqualTo(200);

    List<JsonObject> events = awaitProcessed(1);
    assertThat(events).hasSize(1);
    assertThat(events.get(0).getString("eventKey"))
        .isEqualTo("webhook:" + headers.get("X-Shopify-Webhook-Id"));
  }

  @Test
  void aWrongOrMissingSignatureOrAnUnknownShopIs401AndStoresNothing() {
    byte[] body = order(id(), null, null).toString().getBytes(StandardCharsets.UTF_8);
    var wrongSecret = Shopify.headers(shop.domain(), "orders/create", "e1", "not-the-secret", body);
    var missing = Shopify.headers(shop.domain(), "orders/create", "e2", null, body);
    var unknownShop =
        Shopify.headers("nobody.myshopify.com", "orders/create", "e3", shop.secret(), body);
    var otherBytes = Shopify.headers(shop.domain(), "orders/create", "e4", shop.secret(), body);
    byte[] tampered =
        (new String(body, StandardCharsets.UTF_8) + " ").getBytes(StandardCharsets.UTF_8);
    var garbage = new HashMap<>(wrongSecret);
    garbage.put("X-Shopify-Hmac-Sha256", "%%%not base64%%%");

    for (var reply :
        List.of(
            Shopify.post(body, wrongSecret),
            Shopify.post(body, missing),
            Shopify.post(body, unknownShop),
            Shopify.post(tampered, otherBytes),
            Shopify.post(body, garbage))) {
      assertThat(reply.status()).as(reply.toString()).isEqualTo(401);
      assertThat(reply.contentType()).startsWith("application/problem+json");
    }
    assertThat(Shopify.events(shop.id())).isEmpty();
  }

  @Test
  void everySecretOfTheShopVerifiesDuringARotationAndARetiredOneNoLonger() {
    String next = "shpss_next_" + UUID.randomUUID();
    var patch =
        TgDeskApi.asAdmin()
            .patch(
                "/api/admin/shopify/shops/" + shop.id(),
                Json.createObjectBuilder()
                    .add("secrets", Json.createArrayBuilder().add(shop.secret()).add(next))
                    .build());
    assertThat(patch.status()).as(patch.toString()).isEqualTo(200);
    assertThat(patch.json().getInt("secretCount")).isEqualTo(2);
    RegisteredShop withNext = new RegisteredShop(shop.id(), shop.domain(), List.of(next));

    assertThat(Shopify.deliver(shop, "orders/create", order(id(), null, null)).status())
        .isEqualTo(200);
    assertThat(Shopify.deliver(withNext, "orders/create", order(id(), null, null)).status())
        .isEqualTo(200);

    TgDeskApi.asAdmin()
        .patch(
            "/api/admin/shopify/shops/" + shop.id(),
            Json.createObjectBuilder().add("secrets", Json.createArrayBuilder().add(next)).build());
    assertThat(Shopify.deliver(shop, "orders/create", order(id(), null, null)).status())
        .isEqualTo(401);
    assertThat(Shopify.deliver(withNext, "orders/create", order(id(), null, null)).status())
        .isEqualTo(200);
  }

  @Test
  void headerNamesWithoutTheXPrefixAreAccepted() {
    byte[] body = order(id(), null, null).toString().getBytes(StandardCharsets.UTF_8);
    Map<String, String> plain = new HashMap<>();
    Shopify.headers(
            shop.domain(), "orders/create", UUID.randomUUID().toString(), shop.secret(), body)
        .forEach((k, v) -> plain.put(k.startsWith("X-") ? k.substring(2) : k, v));

    assertThat(Shopify.post(body, plain).status()).isEqualTo(200);
    assertThat(awaitProcessed(1)).hasSize(1);
  }

  @Test
  void secretsAreNeverShownInClear() {
    var reply = TgDeskApi.asAdmin().get("/api/admin/shopify/shops/" + shop.id());

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).doesNotContain(shop.secret());
    assertThat(TgDeskApi.asAdmin().get("/api/admin/shopify/shops").body())
        .doesNotContain(shop.secret());
    assertThat(reply.json().getInt("secretCount")).isEqualTo(1);
  }

  @Test
  void aShopSecretShorterThan16CharactersIsRefusedAndHintsShowNoCharacterOfASecret() {
    var weak =
        TgDeskApi.asAdmin()
            .post(
                "/api/admin/shopify/shops",
                Json.createObjectBuilder()
                    .add("domain", "shop-" + id() + ".myshopify.com")
                    .add("botId", bot.id())
                    .add("secrets", Json.createArrayBuilder().add(shop.secret()).add("a"))
                    .build());
    assertThat(weak.status()).as(weak.toString()).isEqualTo(400);
    assertThat(weak.contentType()).startsWith("application/problem+json");
    assertThat(weak.body()).contains("secrets");
    var patched =
        TgDeskApi.asAdmin()
            .patch(
                "/api/admin/shopify/shops/" + shop.id(),
                Json.createObjectBuilder()
                    .add("secrets", Json.createArrayBuilder().add("0123456789abcde"))
                    .build());
    assertThat(patched.status()).as(patched.toString()).isEqualTo(400);

    var shown = TgDeskApi.asAdmin().get("/api/admin/shopify/shops/" + shop.id()).json();
    String hint = shown.getJsonArray("secretHints").getString(0);
    String secret = shop.secret();
    assertThat(hint).doesNotContain(secret.substring(secret.length() - 4));
    assertThat(hint).contains(String.valueOf(secret.length()));
  }

  @Test
  void anInvalidShopConfigurationIs400NamingTheFields() {
    var reply =
        TgDeskApi.asAdmin()
            .post(
                "/api/admin/shopify/shops",
                Json.createObjectBuilder()
                    .add("domain", "not a domain")
                    .add("botId", 987654321)
                    .add("secrets", Json.createArrayBuilder())
                    .add("templates", Json.createObjectBuilder().add("orders/unknown", "x"))
                    .build());

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.body()).contains("domain", "botId", "secrets", "templates.orders/unknown");
  }

  // -- effects --

  @Test
  void anOrderCarryingTheTelegramUserIdLandsOnTheOpenTicketAndTheCustomerIsNotified() {
    long user = id();
    long ticket = customerWrites(user, "Where is my order?");
    long orderId = id();

    Shopify.deliver(shop, "orders/create", order(orderId, null, user));

    JsonObject detail =
        Tickets.awaitTicket(ticket, t -> texts(t).stream().anyMatch(x -> x.contains("placed")));
    assertThat(texts(detail)).anyMatch(x -> x.startsWith("Shopify order #" + orderId + ": placed"));
    List<Delivered> notices = awaitNotices(1);
    assertThat(notices.get(0).chatId()).isEqualTo(user);
    assertThat(notices.get(0).text()).contains("#" + orderId).contains("42.50 EUR");
    JsonObject entry =
        TgDeskApi.asAdmin()
            .get("/api/admin/outbox?botId=" + bot.id())
            .json()
            .getJsonArray("items")
            .getJsonObject(0);
    assertThat(entry.getString("lane")).isEqualTo("notice");
    assertThat(entry.getString("category")).isEqualTo("shopify");
    assertThat(entry.getString("coalesceKey")).isEqualTo("shopify:" + shop.id() + ":" + orderId);
  }

  @Test
  @DependsOnDatabase
  void aDeliveryThatFailsToProcessIsVisibleAsFailedAndCanBeRetriedByAnAdmin() {
    // A currency code longer than the schema holds: the order cannot be stored.
    JsonObject bad =
        Json.createObjectBuilder(order(id(), null, null)).add("currency", "NOT-A-CURRENCY").build();

    assertThat(Shopify.deliver(shop, "orders/create", bad).status()).isEqualTo(200);

    JsonObject failed =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> Shopify.events(shop.id()).get(0), e -> e.getString("state").equals("failed"));
    assertThat(failed.getString("lastError")).isNotBlank();
    assertThat(failed.containsKey("nextAttemptAt")).isTrue();
    long id = failed.getJsonNumber("id").longValue();
    var listed =
        TgDeskApi.asAdmin().get("/api/admin/shopify/events?state=failed&shopId=" + shop.id());
    assertThat(listed.json().getInt("total")).isEqualTo(1);

    var retried = TgDeskApi.asAdmin().post("/api/admin/shopify/events/" + id + "/retry", null);
    assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
    assertThat(retried.json().getInt("attempts")).isZero();

    Shopify.deliver(shop, "orders/create", order(id(), null, null));
    long processed = awaitProcessedCount(1).get(0).getJsonNumber("id").longValue();
    var notFailed =
        TgDeskApi.asAdmin().post("/api/admin/shopify/events/" + processed + "/retry", null);
    assertThat(notFailed.status()).isEqualTo(409);
  }

  @Test
  @DependsOnDatabase
  void severalUpdatesOfOneOrderInQuickSuccessionBecomeOneNoticeWithTheLatestState() {
    TgDeskApi.asAdmin()
        .patch(
            "/api/admin/shopify/shops/" + shop.id(),
            Json.createObjectBuilder().add("noticeWindowSeconds", 4).build());
    long user = id();
    customerWrites(user, "hello");
    long orderId = id();
    Instant t0 = Instant.parse("2026-11-28T10:00:00Z");

    Shopify.deliver(shop, "orders/create", order(orderId, t0, user, "pending", null));
    Shopify.deliver(shop, "orders/paid", order(orderId, t0.plusSeconds(5), user, "paid", null));
    Shopify.deliver(
        shop, "orders/fulfilled", order(orderId, t0.plusSeconds(9), user, "paid", "fulfilled"));

    awaitProcessed(3);
    List<Delivered> notices = awaitNotices(1);
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(10))
        .until(() -> shopifyNotices().size() == 1);
    assertThat(notices.get(0).text()).contains("has shipped");
  }

  @Test
  @DependsOnDatabase
  void anOlderUpdateArrivingLateChangesNothingAndSendsNothing() {
    long user = id();
    long ticket = customerWrites(user, "hi");
    long orderId = id();
    Instant t0 = Instant.parse("2026-11-28T10:00:00Z");
    Shopify.deliver(shop, "orders/paid", order(orderId, t0.plusSeconds(60), user, "paid", null));
    awaitProcessed(1);
    awaitNotices(1);

    Shopify.deliver(shop, "orders/updated", order(orderId, t0, user, "pending", null));

    List<JsonObject> events = awaitProcessed(2);
    assertThat(events.get(0).getString("state")).isEqualTo("ignored");
    assertThat(events.get(0).getString("outcome")).startsWith("stale");
    JsonObject orders = ordersOf(ticket).get(0);
    assertThat(orders.getString("financialStatus")).isEqualTo("paid");
    assertThat(texts(Tickets.get(ticket))).noneMatch(x -> x.contains("updated"));
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(6))
        .until(() -> shopifyNotices().size() == 1);
  }

  @Test
  void aCancellationOpensATicketWhenTheCustomerHasNoneActive() {
    long user = id();
    long customerId = id();
    link(Json.createObjectBuilder().add("shopifyCustomerId", customerId), user);
    long orderId = id();

    Shopify.deliver(
        shop, "orders/cancelled", orderFor(orderId, customerId, null, null, Instant.now(), null));

    List<JsonObject> tickets = Tickets.awaitTickets(bot.id(), l -> !l.isEmpty());
    assertThat(tickets).hasSize(1);
    assertThat(tickets.get(0).getString("subject")).isEqualTo("Order #" + orderId + " cancelled");
    assertThat(tickets.get(0).getString("queue")).isEqualTo(queue);
    assertThat(tickets.get(0).getJsonObject("customer").getJsonNumber("telegramUserId").longValue())
        .isEqualTo(user);
    assertThat(texts(Tickets.get(tickets.get(0).getJsonNumber("id").longValue())))
        .anyMatch(x -> x.contains("cancelled"));
  }

  @Test
  void anOrderUpdateWithoutAnActiveTicketOpensNoTicketButShowsOnLaterTickets() {
    long user = id();
    long orderId = id();

    Shopify.deliver(shop, "orders/create", order(orderId, null, user));
    awaitProcessed(1);
    assertThat(Tickets.ofBot(bot.id())).isEmpty();

    long ticket = customerWrites(user, "question about my order");
    assertThat(ordersOf(ticket))
        .extracting(o -> o.getJsonNumber("orderId").longValue())
        .containsExactly(orderId);
  }

  @Test
  void fulfillmentsAndRefundsLeaveEntriesAndARefundOpensATicket() {
    long user = id();
    long orderId = id();
    Shopify.deliver(shop, "orders/create", order(orderId, null, user));
    awaitProcessed(1);

    Shopify.deliver(shop, "refunds/create", Shopify.refund(orderId, "10.00"));
    List<JsonObject> tickets = Tickets.awaitTickets(bot.id(), l -> !l.isEmpty());
    long ticket = tickets.get(0).getJsonNumber("id").longValue();
    Shopify.deliver(
        shop, "fulfillments/create", Shopify.fulfillment(orderId, "success", "TRACK123"));
    Shopify.deliver(
        shop, "fulfillments/update", Shopify.fulfillment(orderId, "delivered", "TRACK123"));

    JsonObject detail = Tickets.awaitTicket(ticket, t -> texts(t).size() >= 3);
    assertThat(texts(detail))
        .anyMatch(x -> x.contains("refunded 10.00 EUR"))
        .anyMatch(x -> x.contains("shipment created") && x.contains("TRACK123"))
        .anyMatch(x -> x.contains("shipment updated") && x.contains("delivered"));
    assertThat(ordersOf(ticket).get(0).getString("tracking")).contains("TRACK123");
  }

  @Test
  void anOlderFulfillmentUpdateArrivingLateIsIgnored() {
    long user = id();
    long ticket = customerWrites(user, "hi");
    long orderId = id();
    Instant t0 = Instant.parse("2026-11-28T10:00:00Z");
    Shopify.deliver(shop, "orders/create", order(orderId, t0, user, "paid", null));
    Shopify.deliver(
        shop,
        "fulfillments/update",
        Shopify.fulfillment(orderId, "delivered", "NEW1", t0.plusSeconds(600)));
    awaitProcessed(2);

    Shopify.deliver(
        shop,
        "fulfillments/update",
        Shopify.fulfillment(orderId, "in_transit", "OLD1", t0.plusSeconds(300)));

    List<JsonObject> events = awaitProcessed(3);
    assertThat(events.get(0).getString("state")).isEqualTo("ignored");
    assertThat(events.get(0).getString("outcome")).startsWith("stale");
    assertThat(ordersOf(ticket).get(0).getString("tracking")).contains("NEW1");
    assertThat(texts(Tickets.get(ticket))).noneMatch(x -> x.contains("in_transit"));
  }

  // -- linking --

  @Test
  void anExplicitLinkByEmailLinksLaterOrdersAndBindsTheShopifyCustomer() {
    long user = id();
    long ticket = customerWrites(user, "hi");
    var link = link(Json.createObjectBuilder().add("email", "Ann@Example.com"), user);
    long customerId = id();

    Shopify.deliver(
        shop,
        "orders/create",
        orderFor(id(), customerId, "ann@example.com", null, Instant.now(), null));
    awaitProcessed(1);
    // Later orders of the same Shopify customer arrive with the email redacted.
    long second = id();
    Shopify.deliver(
        shop, "orders/create", orderFor(second, customerId, null, null, Instant.now(), null));

    awaitProcessed(2);
    assertThat(ordersOf(ticket)).hasSize(2);
    var links = TgDeskApi.asAgent().get("/api/shopify/links?shopId=" + shop.id()).jsonArray();
    assertThat(links.getJsonObject(0).getJsonNumber("id").longValue())
        .isEqualTo(link.getJsonNumber("id").longValue());
    assertThat(links.getJsonObject(0).getJsonNumber("shopifyCustomerId").longValue())
        .isEqualTo(customerId);
  }

  @Test
  void aPhoneSharedAsTelegramContactLinksAnOrderWithThatPhone() {
    long user = id();
    customerWrites(user, "hi");
    long ticket = customerSharesContact(user, "4917012345678");

    Shopify.deliver(
        shop,
        "orders/create",
        orderFor(id(), id(), null, "+49 170 1234 5678", Instant.now(), null));

    awaitProcessed(1);
    assertThat(ordersOf(ticket)).hasSize(1);
  }

  @Test
  void redactedPersonalDataDoesNotBreakProcessing() {
    JsonObject guest =
        Json.createObjectBuilder(order(id(), null, null))
            .addNull("customer")
            .addNull("email")
            .build();

    Shopify.deliver(shop, "orders/create", guest);
    Shopify.deliver(shop, "orders/create", orderFor(id(), id(), null, null, Instant.now(), null));

    List<JsonObject> events = awaitProcessed(2);
    assertThat(events).allMatch(e -> e.getString("state").equals("processed"));
    assertThat(events).allMatch(e -> e.getString("outcome").contains("not linked"));
  }

  @Test
  void aLinkNeedsAShopAndSomethingToMatch() {
    var reply =
        TgDeskApi.asAgent()
            .post(
                "/api/shopify/links", Json.createObjectBuilder().add("shopId", shop.id()).build());

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.body()).contains("telegramUserId", "shopifyCustomerId");
  }

  @Test
  @DependsOnDatabase
  void aLinkByATenThousandCharacterEmailIs400NamingTheField() {
    var reply =
        TgDeskApi.asAgent()
            .post(
                "/api/shopify/links",
                Json.createObjectBuilder()
                    .add("shopId", shop.id())
                    .add("telegramUserId", id())
                    .add("email", "a".repeat(10_000) + "@example.com")
                    .build());

    assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
    assertThat(reply.body()).contains("email").doesNotContain("aaaaaaaaaa");
  }

  // -- the queue decides --

  @Test
  void aQueueWhoseTopicsIncludeOrdersPaidOpensATicketOnOrdersPaid() {
    replaceQueue(queueBody("manual", List.of(), List.of("orders/paid", "orders/cancelled")));
    long user = id();
    long customerId = id();
    link(Json.createObjectBuilder().add("shopifyCustomerId", customerId), user);
    long orderId = id();

    Shopify.deliver(
        shop, "orders/paid", orderFor(orderId, customerId, null, null, Instant.now(), null));

    List<JsonObject> tickets = Tickets.awaitTickets(bot.id(), l -> !l.isEmpty());
    assertThat(tickets).hasSize(1);
    assertThat(tickets.get(0).getString("subject")).isEqualTo("Order #" + orderId + " paid");
    assertThat(tickets.get(0).getString("queue")).isEqualTo(queue);
  }

  @Test
  void aQueueThatRemovedRefundsCreateNoLongerOpensATicketOnARefund() {
    replaceQueue(queueBody("manual", List.of(), List.of("orders/cancelled")));
    assertThat(TgDeskApi.asAdmin().get("/api/admin/queues/" + queueId).json().toString())
        .contains("\"shopifyOpeningTopics\":[\"orders/cancelled\"]");
    long user = id();
    long orderId = id();
    Shopify.deliver(shop, "orders/create", order(orderId, null, user));
    awaitProcessed(1);

    Shopify.deliver(shop, "refunds/create", Shopify.refund(orderId, "10.00"));

    List<JsonObject> events = awaitProcessed(2);
    assertThat(events.get(0).getString("outcome")).contains("no active ticket");
    assertThat(Tickets.ofBot(bot.id())).isEmpty();
  }

  @Test
  void aQueueLeftWithoutTopicsKeepsTheDefaultCancellationsAndRefunds() {
    var view = TgDeskApi.asAdmin().get("/api/admin/queues/" + queueId).json();

    assertThat(view.getJsonArray("shopifyOpeningTopics").getValuesAs(jakarta.json.JsonString.class))
        .extracting(jakarta.json.JsonString::getString)
        .containsExactly("orders/cancelled", "refunds/create");
  }

  @Test
  void aShopifyTicketLandsInTheShopsQueueAndIsAssignedByItsStrategy() {
    String agent = "shopify-agent-" + id();
    var online =
        TgDeskApi.asAdmin()
            .send(
                "PUT",
                "/api/admin/agents/" + agent + "/availability",
                "{\"availability\":\"online\"}",
                Map.of("Content-Type", "application/json"));
    assertThat(online.status()).as(online.toString()).isEqualTo(200);
    // The queue's keyword rule matches no order entry: only the shop's choice puts tickets here.
    replaceQueue(queueBody("round-robin", List.of(agent), null));
    long user = id();
    long customerId = id();
    link(Json.createObjectBuilder().add("shopifyCustomerId", customerId), user);

    Shopify.deliver(
        shop, "orders/cancelled", orderFor(id(), customerId, null, null, Instant.now(), null));

    JsonObject ticket =
        Tickets.awaitTickets(bot.id(), l -> !l.isEmpty() && l.get(0).containsKey("assignee"))
            .get(0);
    assertThat(ticket.getString("queue")).isEqualTo(queue);
    assertThat(ticket.getString("assignee")).isEqualTo(agent);
  }

  @Test
  void anUnknownTopicInAQueuesOpeningTopicsIs422() {
    var body =
        Json.createObjectBuilder(queueBody("manual", List.of(), List.of("orders/shipped")))
            .add("name", "orders-bad-" + id())
            .build();

    var reply = TgDeskApi.asAdmin().post("/api/admin/queues", body);

    assertThat(reply.status()).as(reply.toString()).isEqualTo(422);
    assertThat(reply.contentType()).startsWith("application/problem+json");
    assertThat(reply.body()).contains("orders/shipped");
    var replaced =
        TgDeskApi.asAdmin()
            .send(
                "PUT",
                "/api/admin/queues/" + queueId,
                queueBody("manual", List.of(), List.of("orders/cancelled", "nope")).toString(),
                Map.of("Content-Type", "application/json"));
    assertThat(replaced.status()).as(replaced.toString()).isEqualTo(422);
  }

  @Test
  void aShopNamingAQueueThatDoesNotExistIs422() {
    var created =
        TgDeskApi.asAdmin()
            .post(
                "/api/admin/shopify/shops",
                Json.createObjectBuilder()
                    .add("domain", "shop-" + id() + ".myshopify.com")
                    .add("botId", bot.id())
                    .add("secrets", Json.createArrayBuilder().add("shpss_secret_" + id()))
                    .add("queueName", "no-such-queue-" + id())
                    .build());
    var patched =
        TgDeskApi.asAdmin()
            .patch(
                "/api/admin/shopify/shops/" + shop.id(),
                Json.createObjectBuilder().add("queueName", "no-such-queue-" + id()).build());

    assertThat(created.status()).as(created.toString()).isEqualTo(422);
    assertThat(created.contentType()).startsWith("application/problem+json");
    assertThat(patched.status()).as(patched.toString()).isEqualTo(422);
    assertThat(
            TgDeskApi.asAdmin()
                .get("/api/admin/shopify/shops/" + shop.id())
                .json()
                .getString("queueName"))
        .isEqualTo(queue);
  }

  @Test
  void aRenamedQueueStaysTheShopsQueueAndADeletedOneLeavesTheShopWithoutQueue() {
    String renamed = queue + "-new";
    var body = Json.createObjectBuilder(queueBody("manual", List.of(), null)).add("name", renamed);
    var reply =
        TgDeskApi.asAdmin()
            .send(
                "PUT",
                "/api/admin/queues/" + queueId,
                body.build().toString(),
                Map.of("Content-Type", "application/json"));
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    long user = id();
    long customerId = id();
    link(Json.createObjectBuilder().add("shopifyCustomerId", customerId), user);

    Shopify.deliver(
        shop, "orders/cancelled", orderFor(id(), customerId, null, null, Instant.now(), null));

    assertThat(Tickets.awaitTickets(bot.id(), l -> !l.isEmpty()).get(0).getString("queue"))
        .isEqualTo(renamed);
    assertThat(shopView().getString("queueName")).isEqualTo(renamed);
    assertThat(TgDeskApi.asAdmin().delete("/api/admin/queues/" + queueId).status()).isEqualTo(204);
    assertThat(shopView().get("queueName")).isIn(null, jakarta.json.JsonValue.NULL);
  }

  private JsonObject shopView() {
    return TgDeskApi.asAdmin().get("/api/admin/shopify/shops/" + shop.id()).json();
  }

  // -- history of a customer linked late --

  @Test
  void linkingACustomerLaterPutsTheirEarlierOrdersOnTheTicketWithoutTelegramNotices() {
    long user = id();
    long ticket = customerWrites(user, "where are my orders?");
    long customerId = id();
    long first = id();
    long second = id();
    Shopify.deliver(
        shop, "orders/create", orderFor(first, customerId, null, null, Instant.now(), null));
    Shopify.deliver(
        shop, "orders/create", orderFor(second, customerId, null, null, Instant.now(), null));
    Shopify.deliver(shop, "fulfillments/create", Shopify.fulfillment(first, "success", "TR-9"));
    awaitProcessed(3);
    assertThat(ordersOf(ticket)).isEmpty();

    var link = link(Json.createObjectBuilder().add("shopifyCustomerId", customerId), user);

    assertThat(link.getJsonNumber("shopifyCustomerId").longValue()).isEqualTo(customerId);
    List<String> history =
        texts(Tickets.get(ticket)).stream()
            .filter(x -> x.contains("received before the customer was linked"))
            .toList();
    assertThat(history).hasSize(2);
    assertThat(history)
        .anyMatch(x -> x.startsWith("Shopify order #" + first + ": shipment created"))
        .anyMatch(x -> x.contains("TR-9"))
        .anyMatch(x -> x.startsWith("Shopify order #" + second + ": placed"));
    assertThat(ordersOf(ticket))
        .extracting(o -> o.getJsonNumber("orderId").longValue())
        .containsExactlyInAnyOrder(first, second);
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(6))
        .until(() -> shopifyNotices().isEmpty());
    assertThat(telegram.calls(bot.token(), "sendMessage")).isEmpty();
  }

  @Test
  @DependsOnDatabase
  void linkingTheSameCustomerTwiceAddsNothingTheSecondTime() {
    long user = id();
    long ticket = customerWrites(user, "hi");
    long customerId = id();
    Shopify.deliver(
        shop, "orders/create", orderFor(id(), customerId, null, null, Instant.now(), null));
    awaitProcessed(1);
    var first = link(Json.createObjectBuilder().add("shopifyCustomerId", customerId), user);
    int messages = Tickets.messages(Tickets.get(ticket)).size();

    var again =
        TgDeskApi.asAgent()
            .post(
                "/api/shopify/links",
                Json.createObjectBuilder()
                    .add("shopId", shop.id())
                    .add("telegramUserId", user)
                    .add("shopifyCustomerId", customerId)
                    .build());
    var other =
        TgDeskApi.asAgent()
            .post(
                "/api/shopify/links",
                Json.createObjectBuilder()
                    .add("shopId", shop.id())
                    .add("telegramUserId", id())
                    .add("shopifyCustomerId", customerId)
                    .build());

    assertThat(again.status()).as(again.toString()).isEqualTo(200);
    assertThat(again.json().getJsonNumber("id").longValue())
        .isEqualTo(first.getJsonNumber("id").longValue());
    assertThat(other.status()).isEqualTo(409);
    assertThat(Tickets.messages(Tickets.get(ticket))).hasSize(messages);
    assertThat(messages).isEqualTo(2);
    assertThat(TgDeskApi.asAgent().get("/api/shopify/links?shopId=" + shop.id()).jsonArray())
        .hasSize(1);
    assertThat(ordersOf(ticket)).hasSize(1);
  }

  @Test
  void anOrderCarryingTheTelegramUserIdBringsTheCustomersEarlierOrdersAlong() {
    long user = id();
    long ticket = customerWrites(user, "hi");
    long customerId = id();
    long earlier = id();
    Shopify.deliver(
        shop, "orders/create", orderFor(earlier, customerId, null, null, Instant.now(), null));
    awaitProcessed(1);

    Shopify.deliver(
        shop, "orders/create", orderFor(id(), customerId, null, null, Instant.now(), user));

    awaitProcessed(2);
    assertThat(ordersOf(ticket)).hasSize(2);
    assertThat(texts(Tickets.get(ticket)))
        .anyMatch(
            x ->
                x.startsWith("Shopify order #" + earlier + ": placed")
                    && x.contains("received before the customer was linked"));
    // One notice: for the new order only.
    List<Delivered> notices = awaitNotices(1);
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(6))
        .until(() -> shopifyNotices().size() == 1);
    assertThat(notices.get(0).text()).doesNotContain("#" + earlier);
  }

  @Test
  void anAgentsLinkByEmailBringsTheEarlierOrdersWithThatEmail() {
    long user = id();
    long ticket = customerWrites(user, "hi");
    long guestOrder = id();
    JsonObject guest =
        Json.createObjectBuilder(order(guestOrder, null, null))
            .addNull("customer")
            .add("email", "Late.Linked@Example.com")
            .build();
    Shopify.deliver(shop, "orders/create", guest);
    awaitProcessed(1);

    link(Json.createObjectBuilder().add("email", "late.linked@example.com"), user);

    assertThat(ordersOf(ticket))
        .extracting(o -> o.getJsonNumber("orderId").longValue())
        .containsExactly(guestOrder);
    assertThat(texts(Tickets.get(ticket)))
        .anyMatch(
            x ->
                x.startsWith("Shopify order #" + guestOrder)
                    && x.contains("received before the customer was linked"));
  }

  @Test
  void aPhoneSharedOnTelegramLaterBringsTheEarlierOrdersWithThatPhone() {
    long user = id();
    long ticket = customerWrites(user, "hi");
    String digits = "4917" + id();
    long orderId = id();
    Shopify.deliver(
        shop,
        "orders/create",
        orderFor(
            orderId,
            id(),
            null,
            "+" + digits.substring(0, 2) + " " + digits.substring(2),
            Instant.now(),
            null));
    awaitProcessed(1);
    assertThat(ordersOf(ticket)).isEmpty();

    customerSharesContact(user, digits);

    await().atMost(Duration.ofSeconds(30)).until(() -> ordersOf(ticket).size() == 1);
    assertThat(texts(Tickets.get(ticket)))
        .anyMatch(
            x ->
                x.startsWith("Shopify order #" + orderId)
                    && x.contains("received before the customer was linked"));
    assertThat(telegram.calls(bot.token(), "sendMessage")).isEmpty();
  }

  // -- compliance --

  @Test
  @DependsOnDatabase
  void customersRedactErasesTheCustomersOrdersEntriesLinksAndPayloadsButKeepsTheTicket() {
    long user = id();
    long ticket = customerWrites(user, "hi");
    long customerId = id();
    long orderId = id();
    link(Json.createObjectBuilder().add("shopifyCustomerId", customerId), user);
    Shopify.deliver(
        shop,
        "orders/create",
        orderFor(orderId, customerId, "eve@example.com", "+15550001111", Instant.now(), null));
    Tickets.awaitTicket(ticket, t -> texts(t).stream().anyMatch(x -> x.contains("placed")));
    // The order's notice has gone out: a call still on its way keeps its text until it is answered.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                TgDeskApi.asAdmin()
                    .get("/api/admin/outbox?size=100&botId=" + bot.id())
                    .json()
                    .getJsonArray("items")
                    .getValuesAs(JsonObject.class)
                    .stream()
                    .anyMatch(
                        n ->
                            ("shopify:" + shop.id() + ":" + orderId)
                                    .equals(n.getString("coalesceKey", null))
                                && n.getString("state").equals("sent")));

    Shopify.deliver(
        shop,
        "customers/redact",
        Shopify.privacy(
            shop.domain(),
            customerId,
            "eve@example.com",
            "+15550001111",
            "orders_to_redact",
            orderId));

    awaitProcessed(2);
    JsonObject detail = Tickets.get(ticket);
    assertThat(texts(detail)).noneMatch(x -> x.contains("Shopify order"));
    assertThat(texts(detail)).contains("hi");
    assertThat(ordersOf(ticket)).isEmpty();
    assertThat(TgDeskApi.asAgent().get("/api/shopify/links?shopId=" + shop.id()).jsonArray())
        .isEmpty();
    assertThat(Shopify.events(shop.id())).noneMatch(e -> e.getBoolean("payloadHeld"));
    // The order's notice in the outbox keeps its chat and times, not what it said.
    List<JsonObject> notices =
        TgDeskApi.asAdmin()
            .get("/api/admin/outbox?size=100&botId=" + bot.id())
            .json()
            .getJsonArray("items")
            .getValuesAs(JsonObject.class)
            .stream()
            .filter(
                n ->
                    ("shopify:" + shop.id() + ":" + orderId)
                        .equals(n.getString("coalesceKey", null)))
            .toList();
    assertThat(notices).isNotEmpty();
    assertThat(notices)
        .allSatisfy(
            n -> {
              assertThat(n.getString("state")).isIn("sent", "cancelled");
              assertThat(n.getString("params")).contains("\"erased\"").doesNotContain("placed");
            });
  }

  @Test
  void customersDataRequestProducesAnExportAnAdminCanRead() {
    long user = id();
    long customerId = id();
    long orderId = id();
    link(Json.createObjectBuilder().add("shopifyCustomerId", customerId), user);
    Shopify.deliver(
        shop, "orders/create", orderFor(orderId, customerId, null, null, Instant.now(), null));
    awaitProcessed(1);

    Shopify.deliver(
        shop,
        "customers/data_request",
        Shopify.privacy(shop.domain(), customerId, null, null, "orders_requested", orderId));

    awaitProcessed(2);
    var list =
        TgDeskApi.asAdmin().get("/api/admin/shopify/exports?shopId=" + shop.id()).jsonArray();
    assertThat(list).hasSize(1);
    JsonObject export =
        TgDeskApi.asAdmin()
            .get("/api/admin/shopify/exports/" + list.getJsonObject(0).getJsonNumber("id"))
            .json();
    JsonObject content = export.getJsonObject("content");
    assertThat(content.getJsonArray("orders")).hasSize(1);
    assertThat(
            content
                .getJsonArray("links")
                .getJsonObject(0)
                .getJsonNumber("telegramUserId")
                .longValue())
        .isEqualTo(user);
    assertThat(TgDeskApi.asAgent().get("/api/admin/shopify/exports").status()).isEqualTo(403);
  }

  @Test
  @DependsOnDatabase
  void shopRedactErasesEverythingOfTheShop() {
    long user = id();
    long ticket = customerWrites(user, "hi");
    Shopify.deliver(shop, "orders/create", order(id(), null, user));
    Tickets.awaitTicket(ticket, t -> texts(t).size() == 2);

    Shopify.deliver(
        shop,
        "shop/redact",
        Json.createObjectBuilder()
            .add("shop_id", 954889)
            .add("shop_domain", shop.domain())
            .build());

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                Shopify.events(shop.id()).size() == 1
                    && Shopify.events(shop.id()).get(0).getString("state").equals("processed"));
    assertThat(ordersOf(ticket)).isEmpty();
    assertThat(texts(Tickets.get(ticket))).containsExactly("hi");
    assertThat(TgDeskApi.asAgent().get("/api/shopify/links?shopId=" + shop.id()).jsonArray())
        .isEmpty();
  }

  @Test
  void afterAppUninstalledOrdersAreRecordedButNoNoticeIsSent() {
    long user = id();
    long ticket = customerWrites(user, "hi");
    Shopify.deliver(
        shop,
        "app/uninstalled",
        Json.createObjectBuilder()
            .add("id", 548380009)
            .add("name", "Super Toys")
            .add("domain", shop.domain())
            .add("myshopify_domain", shop.domain())
            .build());
    awaitProcessed(1);

    Shopify.deliver(shop, "orders/create", order(id(), null, user));

    awaitProcessed(2);
    assertThat(ordersOf(ticket)).hasSize(1);
    assertThat(
            TgDeskApi.asAdmin()
                .get("/api/admin/shopify/shops/" + shop.id())
                .json()
                .getBoolean("installed"))
        .isFalse();
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(6))
        .until(() -> shopifyNotices().isEmpty());
  }

  @Test
  @DependsOnDatabase
  void deletingAShopOrItsBotErasesTheShopWithItsData() {
    long user = id();
    long ticket = customerWrites(user, "hi");
    Shopify.deliver(shop, "orders/create", order(id(), null, user));
    Tickets.awaitTicket(ticket, t -> texts(t).size() == 2);
    RegisteredShop second = Shopify.configure(bot.id(), Json.createObjectBuilder().build());

    assertThat(TgDeskApi.asAdmin().delete("/api/admin/shopify/shops/" + shop.id()).status())
        .isEqualTo(204);

    assertThat(TgDeskApi.asAdmin().get("/api/admin/shopify/shops/" + shop.id()).status())
        .isEqualTo(404);
    assertThat(Shopify.events(shop.id())).isEmpty();
    assertThat(texts(Tickets.get(ticket))).containsExactly("hi");
    assertThat(Shopify.deliver(shop, "orders/create", order(id(), null, user)).status())
        .isEqualTo(401);

    assertThat(TgDeskApi.asAdmin().delete("/api/admin/bots/" + bot.id()).status()).isEqualTo(204);
    assertThat(TgDeskApi.asAdmin().get("/api/admin/shopify/shops/" + second.id()).status())
        .isEqualTo(404);
  }

  // -- hostile and real payloads --

  @Test
  @DependsOnDatabase
  void aSignedOrderBodyReplayedUnderDestructiveTopicsIsIgnoredWithTheReason() {
    long user = id();
    long ticket = customerWrites(user, "hi");
    byte[] body = order(id(), null, user).toString().getBytes(StandardCharsets.UTF_8);
    Shopify.deliverBytes(shop, "orders/create", body);
    Tickets.awaitTicket(ticket, t -> texts(t).size() == 2);

    for (String topic :
        List.of("shop/redact", "app/uninstalled", "customers/redact", "orders/create")) {
      assertThat(Shopify.deliverBytes(shop, topic, body).status()).isEqualTo(200);
    }

    List<JsonObject> events = awaitProcessed(5);
    assertThat(events.get(0).getString("outcome")).contains("same signed body came before");
    assertThat(events.subList(0, 4))
        .allSatisfy(
            e -> {
              assertThat(e.getString("state")).as(e.toString()).isEqualTo("ignored");
              assertThat(e.getString("outcome")).contains(e.getString("topic"));
            });
    assertThat(ordersOf(ticket)).hasSize(1);
    assertThat(shopView().getBoolean("installed")).isTrue();
  }

  @Test
  void aDeliveryTriggeredAMonthBeforeItArrivesIsIgnoredAsAReplay() {
    byte[] body = order(id(), null, null).toString().getBytes(StandardCharsets.UTF_8);
    var headers =
        new HashMap<>(
            Shopify.headers(shop.domain(), "orders/create", "old-" + id(), shop.secret(), body));
    headers.put("X-Shopify-Triggered-At", Instant.now().minus(Duration.ofDays(30)).toString());

    assertThat(Shopify.post(body, headers).status()).isEqualTo(200);

    JsonObject event = awaitProcessed(1).get(0);
    assertThat(event.getString("state")).isEqualTo("ignored");
    assertThat(event.getString("outcome")).contains("more than 7 days").contains("replay");
  }

  @Test
  @DependsOnDatabase
  void aHundredPoisonDeliveriesEndIgnoredAndTheGoodOneAfterThemIsProcessedWithinSeconds() {
    for (int i = 0; i < 100; i++) {
      byte[] poison = ("{\"name\":\"#poison-" + i + "\"}").getBytes(StandardCharsets.UTF_8);
      assertThat(Shopify.deliverBytes(shop, "orders/create", poison).status()).isEqualTo(200);
    }
    Instant sent = Instant.now();
    Shopify.deliver(shop, "orders/create", order(id(), null, null));

    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> Shopify.events(shop.id()).get(0).getString("state"), s -> s.equals("processed"));
    assertThat(Duration.between(sent, Instant.now())).isLessThan(Duration.ofSeconds(15));
    List<JsonObject> events = awaitProcessed(101);
    assertThat(events.subList(1, 101))
        .allSatisfy(
            e -> {
              assertThat(e.getString("state")).isEqualTo("ignored");
              assertThat(e.getInt("attempts")).isEqualTo(1);
              assertThat(e.getString("outcome")).contains("no id");
            });
  }

  @Test
  void shopifysSampleRefundWithoutTransactionsTellsTheAmountOfItsLineItems() {
    long user = id();
    customerWrites(user, "hi");
    JsonObject sampleOrder =
        Json.createReader(new java.io.StringReader(Shopify.sample("orders-create"))).readObject();
    JsonObject linked =
        Json.createObjectBuilder(sampleOrder)
            .add(
                "note_attributes",
                Json.createArrayBuilder()
                    .add(
                        Json.createObjectBuilder()
                            .add("name", "telegram_user_id")
                            .add("value", "" + user)))
            .build();
    Shopify.deliver(shop, "orders/create", linked);
    awaitNotices(1);

    Shopify.deliverBytes(
        shop, "refunds/create", Shopify.sample("refunds-create").getBytes(StandardCharsets.UTF_8));

    List<Delivered> notices = awaitNotices(2);
    assertThat(notices.get(1).text()).isEqualTo("We refunded 398.00 USD for your order #9999.");
  }

  @Test
  void aNoticeWhosePlaceholderHasNoValueIsNotSentAndTheReasonIsShown() {
    long user = id();
    customerWrites(user, "hi");
    long orderId = id();
    Shopify.deliver(shop, "orders/create", order(orderId, null, user));
    awaitNotices(1);
    JsonObject refundWithoutAmount =
        Json.createObjectBuilder()
            .add("id", orderId * 10 + 2)
            .add("order_id", orderId)
            .add("refund_line_items", Json.createArrayBuilder())
            .add("transactions", Json.createArrayBuilder())
            .build();

    Shopify.deliver(shop, "refunds/create", refundWithoutAmount);

    JsonObject event = awaitProcessed(2).get(0);
    assertThat(event.getString("outcome")).contains("notice not sent").contains("{refund}");
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(6))
        .until(() -> shopifyNotices().size() == 1);
  }

  @Test
  void aCoalescedNoticeStillTellsTheCancellationAndTheRefund() {
    TgDeskApi.asAdmin()
        .patch(
            "/api/admin/shopify/shops/" + shop.id(),
            Json.createObjectBuilder().add("noticeWindowSeconds", 4).build());
    long user = id();
    customerWrites(user, "hello");
    long orderId = id();
    Instant t0 = Instant.parse("2026-11-28T10:00:00Z");

    Shopify.deliver(shop, "orders/create", order(orderId, t0, user, "paid", null));
    Shopify.deliver(
        shop, "orders/fulfilled", order(orderId, t0.plusSeconds(5), user, "paid", "fulfilled"));
    Shopify.deliver(
        shop,
        "orders/cancelled",
        Json.createObjectBuilder(order(orderId, t0.plusSeconds(9), user, "paid", "fulfilled"))
            .add("cancelled_at", t0.plusSeconds(9).toString())
            .build());
    Shopify.deliver(shop, "refunds/create", Shopify.refund(orderId, "42.50"));

    awaitProcessed(4);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> String.join("\n", shopifyNotices().stream().map(Delivered::text).toList()),
            all -> all.contains("was cancelled") && all.contains("refunded 42.50"));
  }

  @Test
  void anOrderIdBeyond64BitsIsIgnoredWithTheReasonInsteadOfWrapping() {
    String raw =
        order(1, null, null).toString().replaceFirst("\"id\":1,", "\"id\":18446744073709551616,");
    Shopify.deliverBytes(shop, "orders/create", raw.getBytes(StandardCharsets.UTF_8));

    JsonObject event = awaitProcessed(1).get(0);
    assertThat(event.getString("state")).isEqualTo("ignored");
    assertThat(event.getString("outcome")).contains("id").contains("range");
    assertThat(event.containsKey("orderId") && !event.isNull("orderId")).isFalse();
  }

  @Test
  @DependsOnDatabase
  void aTenThousandCharacterOrderNameIsShortenedAndTheOrderKept() {
    long user = id();
    long ticket = customerWrites(user, "hi");
    JsonObject longName =
        Json.createObjectBuilder(order(id(), null, user))
            .add("name", "#" + "9".repeat(10_000))
            .build();

    Shopify.deliver(shop, "orders/create", longName);

    JsonObject event = awaitProcessed(1).get(0);
    assertThat(event.getString("state")).as(event.toString()).isEqualTo("processed");
    assertThat(ordersOf(ticket).get(0).getString("name")).endsWith("…");
  }

  @Test
  @DependsOnDatabase
  void overLongTopicOrEventIdIs400AndStoresNothing() {
    byte[] body = order(id(), null, null).toString().getBytes(StandardCharsets.UTF_8);
    var longTopic =
        Shopify.post(
            body,
            Shopify.headers(
                shop.domain(), "orders/" + "x".repeat(10_000), "e1", shop.secret(), body));
    var longEvent =
        Shopify.post(
            body,
            Shopify.headers(
                shop.domain(), "orders/create", "e".repeat(10_000), shop.secret(), body));

    assertThat(longTopic.status()).as(longTopic.toString()).isEqualTo(400);
    assertThat(longTopic.contentType()).startsWith("application/problem+json");
    assertThat(longEvent.status()).as(longEvent.toString()).isEqualTo(400);
    assertThat(Shopify.events(shop.id())).isEmpty();
  }

  @Test
  void aSlowAnonymousBodyIsRefusedWithoutWaitingForIt() throws Exception {
    URI base = URI.create(TgDeskApi.baseUrl());
    for (String domain : List.of("unknown-" + id() + ".myshopify.com", shop.domain())) {
      try (Socket socket = new Socket(base.getHost(), base.getPort())) {
        socket.setSoTimeout(15_000);
        long start = System.nanoTime();
        var out = socket.getOutputStream();
        out.write(
            ("POST "
                    + base.getPath()
                    + Shopify.WEBHOOK
                    + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 1048576\r\n"
                    + "X-Shopify-Topic: orders/create\r\nX-Shopify-Event-Id: slow\r\n"
                    + "X-Shopify-Shop-Domain: "
                    + domain
                    + "\r\nConnection: close\r\n\r\n{\"id\":")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String status =
            new java.io.BufferedReader(
                    new java.io.InputStreamReader(
                        socket.getInputStream(), StandardCharsets.US_ASCII))
                .readLine();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(status).as(domain).contains(" 401 ");
        assertThat(took).as(domain).isLessThan(Duration.ofSeconds(2));
      }
    }
  }

  // -- helpers --

  private static long id() {
    return IDS.incrementAndGet() + 100_000;
  }

  private static JsonObject order(long orderId, Instant updatedAt, Long telegramUserId) {
    return order(
        orderId, updatedAt == null ? Instant.now() : updatedAt, telegramUserId, "pending", null);
  }

  private static JsonObject order(
      long orderId, Instant updatedAt, Long telegramUserId, String financial, String fulfillment) {
    return Shopify.order(
        orderId,
        "#" + orderId,
        null,
        null,
        null,
        financial,
        fulfillment,
        updatedAt,
        telegramUserId);
  }

  private static JsonObject orderFor(
      long orderId,
      long customerId,
      String email,
      String phone,
      Instant updatedAt,
      Long telegramUserId) {
    return Shopify.order(
        orderId,
        "#" + orderId,
        customerId,
        email,
        phone,
        "pending",
        null,
        updatedAt,
        telegramUserId);
  }

  /**
   * The shop's queue, for this test's bot only: its keyword never matches, so tickets get there
   * only because the shop names it.
   */
  private JsonObject queueBody(String strategy, List<String> members, List<String> opening) {
    var m = Json.createArrayBuilder();
    members.forEach(m::add);
    var b =
        Json.createObjectBuilder()
            .add("name", queue)
            .add("strategy", strategy)
            .add("members", m)
            .add("keywords", Json.createArrayBuilder().add("zz-no-order-says-" + queue))
            .add("botIds", Json.createArrayBuilder().add(bot.id()));
    if (opening != null) {
      var t = Json.createArrayBuilder();
      opening.forEach(t::add);
      b.add("shopifyOpeningTopics", t);
    }
    return b.build();
  }

  private static JsonObject createQueue(JsonObject body) {
    var reply = TgDeskApi.asAdmin().post("/api/admin/queues", body);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    return reply.json();
  }

  private void replaceQueue(JsonObject body) {
    var reply =
        TgDeskApi.asAdmin()
            .send(
                "PUT",
                "/api/admin/queues/" + queueId,
                body.toString(),
                Map.of("Content-Type", "application/json"));
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
  }

  private JsonObject link(jakarta.json.JsonObjectBuilder body, long user) {
    var reply =
        TgDeskApi.asAgent()
            .post(
                "/api/shopify/links",
                body.add("shopId", shop.id()).add("telegramUserId", user).build());
    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    return reply.json();
  }

  /** The customer writes to the bot; returns their ticket. */
  private long customerWrites(long user, String text) {
    assertThat(Bots.deliver(bot, TelegramUpdates.privateText(id(), user, "Ann", id(), text)))
        .isEqualTo(200);
    return Tickets.awaitTickets(
            bot.id(),
            l ->
                l.stream()
                    .anyMatch(
                        t ->
                            t.getJsonObject("customer").getJsonNumber("telegramUserId").longValue()
                                == user))
        .stream()
        .filter(
            t -> t.getJsonObject("customer").getJsonNumber("telegramUserId").longValue() == user)
        .findFirst()
        .orElseThrow()
        .getJsonNumber("id")
        .longValue();
  }

  private long customerSharesContact(long user, String phone) {
    JsonObject from =
        Json.createObjectBuilder()
            .add("id", user)
            .add("is_bot", false)
            .add("first_name", "Ann")
            .build();
    JsonObject update =
        Json.createObjectBuilder()
            .add("update_id", id())
            .add(
                "message",
                Json.createObjectBuilder()
                    .add("message_id", id())
                    .add("date", Instant.now().getEpochSecond())
                    .add(
                        "chat",
                        Json.createObjectBuilder()
                            .add("id", user)
                            .add("type", "private")
                            .add("first_name", "Ann"))
                    .add("from", from)
                    .add(
                        "contact",
                        Json.createObjectBuilder()
                            .add("phone_number", phone)
                            .add("first_name", "Ann")
                            .add("user_id", user)))
            .build();
    assertThat(Bots.deliver(bot, update)).isEqualTo(200);
    long ticket = customerWritesTicket(user);
    Tickets.awaitTicket(
        ticket,
        t -> Tickets.messages(t).stream().anyMatch(m -> m.get("media") instanceof JsonObject));
    return ticket;
  }

  private long customerWritesTicket(long user) {
    return Tickets.ofBot(bot.id()).stream()
        .filter(
            t -> t.getJsonObject("customer").getJsonNumber("telegramUserId").longValue() == user)
        .findFirst()
        .orElseThrow()
        .getJsonNumber("id")
        .longValue();
  }

  private List<JsonObject> ordersOf(long ticket) {
    var reply = TgDeskApi.asAgent().get("/api/tickets/" + ticket + "/orders");
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    return reply.jsonArray().getValuesAs(JsonObject.class);
  }

  private static List<String> texts(JsonObject ticket) {
    return Tickets.messages(ticket).stream()
        .map(m -> m.get("text") instanceof jakarta.json.JsonString s ? s.getString() : "")
        .toList();
  }

  /** Waits until the shop has {@code count} deliveries, none left to process; newest first. */
  private List<JsonObject> awaitProcessed(int count) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> Shopify.events(shop.id()),
            l ->
                l.size() >= count
                    && l.stream()
                        .noneMatch(
                            e ->
                                e.getString("state").equals("received")
                                    || e.getString("state").equals("failed")));
  }

  /**
   * Waits until {@code count} deliveries of the shop are processed; returns those, newest first.
   */
  private List<JsonObject> awaitProcessedCount(int count) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                Shopify.events(shop.id()).stream()
                    .filter(e -> e.getString("state").equals("processed"))
                    .toList(),
            l -> l.size() >= count);
  }

  private List<Delivered> shopifyNotices() {
    return telegram.delivered(bot.token()).stream()
        .filter(d -> d.method().equals("sendMessage"))
        .toList();
  }

  private List<Delivered> awaitNotices(int count) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(this::shopifyNotices, l -> l.size() >= count);
  }
}
