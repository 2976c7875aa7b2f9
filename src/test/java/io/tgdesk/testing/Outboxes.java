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

  /** One message to send: chat and text. */
  public record Msg(long chatId, String text) {}

  /** POST /api/admin/messages; returns the outbox entry ids. */
  public static List<Long> send(long botId, String lane, List<Msg> messages) {
    JsonArrayBuilder array = Json.createArrayBuilder();
    messages.forEach(
        m -> array.add(Json.createObjectBuilder().add("chatId", m.chatId()).add("text", m.text())));
    var body = Json.createObjectBuilder().add("botId", botId).add("messages", array);
    if (lane != null) {
      body.add("lane", lane);
    }
    var reply = TgDeskApi.asAdmin().post("/api/admin/messages", body.build());
    assertThat(reply.status()).as(reply.toString()).isEqualTo(202);
    return reply.json().getJsonArray("ids").getValuesAs(jakarta.json.JsonNumber.class).stream()
        .map(jakarta.json.JsonNumber::longValue)
        .toList();
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
}
