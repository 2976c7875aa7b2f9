package io.tgdesk.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;

/** Sends through the admin messages API and reads outbox entries back. */
public final class Outboxes {

  private Outboxes() {}

  /** One message to send: chat, text, and its coalescing key or null. */
  public record Msg(long chatId, String text, String coalesceKey) {

    public Msg(long chatId, String text) {
      this(chatId, text, null);
    }
  }

  /** POST /api/admin/messages; returns the outbox entry ids. */
  public static List<Long> send(long botId, String lane, List<Msg> messages) {
    JsonArrayBuilder array = Json.createArrayBuilder();
    for (Msg m : messages) {
      var message = Json.createObjectBuilder().add("chatId", m.chatId()).add("text", m.text());
      if (m.coalesceKey() != null) {
        message.add("coalesceKey", m.coalesceKey());
      }
      array.add(message);
    }
    var body = Json.createObjectBuilder().add("botId", botId).add("messages", array);
    if (lane != null) {
      body.add("lane", lane);
    }
    JsonObject request = body.build();
    var reply = TgDeskApi.asAdmin().post("/api/admin/messages", request);
    // 409 means nothing was saved and asks to send again, as a client should: right after a
    // start, the engine's recovery can hold Derby's lock on the outbox for a moment.
    for (int retry = 0; reply.status() == 409 && retry < 5; retry++) {
      sleepBriefly();
      reply = TgDeskApi.asAdmin().post("/api/admin/messages", request);
    }
    assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
    return reply.json().getJsonArray("ids").getValuesAs(jakarta.json.JsonNumber.class).stream()
        .map(jakarta.json.JsonNumber::longValue)
        .toList();
  }

  private static void sleepBriefly() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static JsonObject entry(long id) {
    var reply = TgDeskApi.asAdmin().get("/api/admin/outbox/" + id);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    return reply.json();
  }

  /** Waits until every entry has left PENDING / IN_FLIGHT; returns them in the order given. */
  public static List<JsonObject> awaitSettled(List<Long> ids, Duration atMost) {
    return await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> ids.stream().map(Outboxes::entry).toList(),
            entries ->
                entries.stream()
                    .noneMatch(
                        e ->
                            e.getString("state").equals("pending")
                                || e.getString("state").equals("in_flight")));
  }

  /** Every outbox entry of a bot, oldest first (read page by page from the admin API). */
  public static List<JsonObject> entriesOf(long botId) {
    List<JsonObject> all = new java.util.ArrayList<>();
    for (int page = 0; ; page++) {
      var reply =
          TgDeskApi.asAdmin().get("/api/admin/outbox?botId=" + botId + "&size=500&page=" + page);
      assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
      List<JsonObject> items = reply.json().getJsonArray("items").getValuesAs(JsonObject.class);
      all.addAll(items);
      if (items.size() < 500) {
        break;
      }
    }
    all.sort(java.util.Comparator.comparingLong(e -> e.getJsonNumber("id").longValue()));
    return all;
  }

  /**
   * Waits until every entry of a bot has left PENDING / IN_FLIGHT; returns them oldest first. For
   * many entries: one list request per look instead of one per entry.
   */
  public static List<JsonObject> awaitBotSettled(long botId, Duration atMost) {
    return await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> entriesOf(botId),
            entries ->
                entries.stream()
                    .noneMatch(
                        e ->
                            e.getString("state").equals("pending")
                                || e.getString("state").equals("in_flight")));
  }
}
