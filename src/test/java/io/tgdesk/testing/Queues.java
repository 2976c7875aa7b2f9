package io.tgdesk.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgdesk.testing.Bots.RegisteredBot;
import jakarta.json.Json;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/** Creates queues through the admin API. */
public final class Queues {

  private Queues() {}

  /**
   * A manual queue of the bot, open every day around the clock but for yesterday, today and
   * tomorrow (holidays, so the test does not depend on the hour it runs at), that answers {@code
   * afterHoursReply}. Answers the queue's id.
   */
  public static long closedToday(RegisteredBot bot, String name, String afterHoursReply) {
    var hours = Json.createObjectBuilder();
    for (String d :
        List.of("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")) {
      hours.add(d, "00:00-24:00");
    }
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    var created =
        TgDeskApi.asAdmin()
            .post(
                "/api/admin/queues",
                Json.createObjectBuilder()
                    .add("name", name)
                    .add("strategy", "manual")
                    .add("botIds", Json.createArrayBuilder().add(bot.id()))
                    .add("timeZone", "UTC")
                    .add("hours", hours)
                    .add(
                        "holidays",
                        Json.createArrayBuilder()
                            .add(today.minusDays(1).toString())
                            .add(today.toString())
                            .add(today.plusDays(1).toString()))
                    .add("afterHoursReply", afterHoursReply)
                    .build());
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json().getJsonNumber("id").longValue();
  }
}
