package io.tgdesk.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/** Reads tickets through the agent API, waiting for asynchronous processing where needed. */
public final class Tickets {

  private Tickets() {}

  /** The bot's tickets, newest first (first page of 500). */
  public static List<JsonObject> ofBot(long botId) {
    var reply = TgDeskApi.asAgent().get("/api/tickets?size=500&botId=" + botId);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    return reply.json().getJsonArray("items").getValuesAs(JsonObject.class);
  }

  public static JsonObject get(long ticketId) {
    var reply = TgDeskApi.asAgent().get("/api/tickets/" + ticketId);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    return reply.json();
  }

  /** Waits until the bot's tickets satisfy the condition; returns them. */
  public static List<JsonObject> awaitTickets(long botId, Predicate<List<JsonObject>> condition) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> ofBot(botId), condition);
  }

  /** Waits until the ticket's detail satisfies the condition; returns it. */
  public static JsonObject awaitTicket(long ticketId, Predicate<JsonObject> condition) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> get(ticketId), condition);
  }

  public static List<JsonObject> messages(JsonObject ticket) {
    return ticket.getJsonArray("messages").getValuesAs(JsonObject.class);
  }
}
