package io.tgdesk.events;

import static io.tgdesk.testing.TelegramUpdates.privateText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.tgdesk.testing.Bots;
import io.tgdesk.testing.Bots.RegisteredBot;
import io.tgdesk.testing.FakeTelegram;
import io.tgdesk.testing.TgDeskApi;
import io.tgdesk.testing.Tickets;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Events reach the host platform's endpoint signed, in order per ticket, through failures of the
 * receiver; exhausted ones are dead-lettered and an admin can replay them. The IT server retries
 * after 1 s, doubling, and gives up after 3 attempts.
 */
class HostEventsIT {

  static final String SECRET = "a-test-secret-of-some-length";
  @RegisterExtension static final FakeTelegram telegram = FakeTelegram.start();

  /** One request the receiver got: its headers of interest and body. */
  record Received(String type, String timestamp, String signature, JsonObject body, String raw) {}

  HttpServer receiver;
  final List<Received> received = new CopyOnWriteArrayList<>();
  final AtomicInteger failNext = new AtomicInteger();
  long endpoint;
  RegisteredBot bot;

  @BeforeEach
  void startReceiver() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hook",
        exchange -> {
          String raw = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          int status = 200;
          if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            status = 500;
          } else {
            try (var reader = Json.createReader(new StringReader(raw))) {
              received.add(
                  new Received(
                      exchange.getRequestHeaders().getFirst("X-TgDesk-Event"),
                      exchange.getRequestHeaders().getFirst("X-TgDesk-Timestamp"),
                      exchange.getRequestHeaders().getFirst("X-TgDesk-Signature"),
                      reader.readObject(),
                      raw));
            }
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    receiver.start();
    var r =
        TgDeskApi.asAdmin()
            .post(
                "/api/admin/event-endpoints",
                Json.createObjectBuilder()
                    .add("url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook")
                    .add("secret", SECRET)
                    .build());
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    assertThat(r.json().containsKey("secret")).isFalse();
    endpoint = r.json().getJsonNumber("id").longValue();
    telegram.setLimits(FakeTelegram.Limits.unlimited());
    bot = Bots.webhookBot(telegram);
  }

  @AfterEach
  void stopReceiver() {
    TgDeskApi.asAdmin().delete("/api/admin/event-endpoints/" + endpoint);
    receiver.stop(0);
  }

  @Test
  void eventsArriveSignedAndInOrderPerTicket() {
    Bots.deliver(bot, privateText(1, 8901, "Ann", 1000, "hello"));
    long ticket = id(Tickets.awaitTickets(bot.id(), t -> t.size() == 1).get(0));
    var reply =
        TgDeskApi.asAgent()
            .post(
                "/api/tickets/" + ticket + "/replies",
                Json.createObjectBuilder().add("text", "Hi Ann").build());
    assertThat(reply.status()).isEqualTo(201);
    TgDeskApi.asAgent()
        .post(
            "/api/tickets/" + ticket + "/status",
            Json.createObjectBuilder().add("status", "resolved").build());

    List<Received> events = awaitEvents(ticket, 4);

    assertThat(events.subList(0, 2))
        .extracting(Received::type)
        .containsExactly("ticket.created", "message.received");
    assertThat(events).extracting(Received::type).contains("message.sent", "ticket.updated");
    for (Received e : events) {
      assertThat(e.signature()).isEqualTo("sha256=" + hmac(e.timestamp() + "." + e.raw()));
      assertThat(e.body().getString("type")).isEqualTo(e.type());
    }
    JsonObject sent =
        events.stream()
            .filter(e -> e.type().equals("message.sent"))
            .findFirst()
            .orElseThrow()
            .body();
    assertThat(sent.getJsonObject("data").getJsonObject("message").getString("text"))
        .isEqualTo("Hi Ann");
    assertThat(sent.getJsonObject("data").getJsonObject("message").containsKey("telegramMessageId"))
        .isTrue();
  }

  @Test
  void aFailedDeliveryIsRetriedAndLaterEventsOfTheTicketWaitForIt() {
    failNext.set(2);

    Bots.deliver(bot, privateText(1, 8902, "Ben", 1000, "hello"));
    long ticket = id(Tickets.awaitTickets(bot.id(), t -> t.size() == 1).get(0));

    List<Received> events = awaitEvents(ticket, 2);
    assertThat(events)
        .extracting(Received::type)
        .containsExactly("ticket.created", "message.received");
    JsonObject created =
        TgDeskApi.asAdmin()
            .get("/api/admin/events?ticketId=" + ticket + "&endpointId=" + endpoint)
            .json()
            .getJsonArray("items")
            .getValuesAs(JsonObject.class)
            .stream()
            .filter(e -> e.getString("type").equals("ticket.created"))
            .findFirst()
            .orElseThrow();
    assertThat(created.getString("state")).isEqualTo("sent");
    assertThat(created.getInt("attempts")).isEqualTo(3);
  }

  @Test
  void anEventThatKeepsFailingIsDeadLetteredAndAnAdminCanReplayIt() {
    failNext.set(1000);
    Bots.deliver(bot, privateText(1, 8903, "Cat", 1000, "hello"));
    long ticket = id(Tickets.awaitTickets(bot.id(), t -> t.size() == 1).get(0));

    JsonObject dead =
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(500))
            .until(
                () ->
                    TgDeskApi.asAdmin()
                        .get(
                            "/api/admin/events?state=dead&ticketId="
                                + ticket
                                + "&endpointId="
                                + endpoint)
                        .json()
                        .getJsonArray("items")
                        .getValuesAs(JsonObject.class),
                l -> !l.isEmpty())
            .get(0);
    assertThat(dead.getInt("attempts")).isEqualTo(3);
    assertThat(dead.getString("lastError")).isEqualTo("HTTP 500");
    failNext.set(0);

    var replayed =
        TgDeskApi.asAdmin().post("/api/admin/events/" + dead.getJsonNumber("id") + "/replay", null);

    assertThat(replayed.status()).as(replayed.toString()).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                received.stream()
                    .anyMatch(
                        e ->
                            e.type().equals(dead.getString("type"))
                                && e.body().getJsonNumber("ticketId").longValue() == ticket));
  }

  @Test
  void endpointsMustBeHttpsWithALongEnoughSecret() {
    var r =
        TgDeskApi.asAdmin()
            .post(
                "/api/admin/event-endpoints",
                Json.createObjectBuilder()
                    .add("url", "http://example.com/hook")
                    .add("secret", "short")
                    .build());

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().getJsonArray("errors").getValuesAs(JsonObject.class))
        .extracting(e -> e.getString("field"))
        .containsExactlyInAnyOrder("url", "secret");
  }

  private List<Received> awaitEvents(long ticket, int n) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                received.stream()
                    .filter(e -> e.body().getJsonNumber("ticketId").longValue() == ticket)
                    .toList(),
            l -> l.size() >= n);
  }

  private static long id(JsonObject ticket) {
    return ticket.getJsonNumber("id").longValue();
  }

  private static String hmac(String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
