package io.tgdesk.telegram.inbound;

import static io.tgdesk.testing.TelegramUpdates.privateText;
import static org.assertj.core.api.Assertions.assertThat;

import io.tgdesk.testing.Bots;
import io.tgdesk.testing.Bots.RegisteredBot;
import io.tgdesk.testing.FakeTelegram;
import io.tgdesk.testing.RestartScenario;
import io.tgdesk.testing.Tickets;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * Updates stored but not yet processed when the server is killed (-9) are processed after the
 * restart by the sweep, once each; a redelivery by Telegram afterwards changes nothing.
 */
public final class CrashRecoveryScenario implements RestartScenario {

  private final FakeTelegram telegram;
  private RegisteredBot bot;
  private long annTicket;

  public CrashRecoveryScenario(FakeTelegram telegram) {
    this.telegram = telegram;
  }

  @Override
  public void beforeCrash() {
    bot = Bots.webhookBot(telegram);
    Bots.deliver(bot, privateText(1, 8001, "Ann", 1, "before the crash"));
    annTicket =
        Tickets.awaitTickets(bot.id(), t -> t.size() == 1).get(0).getJsonNumber("id").longValue();
    Tickets.awaitTicket(annTicket, t -> Tickets.messages(t).size() == 1);
  }

  /** What a crash between "stored" and "processed" leaves: RECEIVED rows. */
  @Override
  public void whileDown(Connection db) throws Exception {
    insertReceived(db, bot.id(), 2, privateText(2, 8001, "Ann", 2, "stored, then the crash"));
    insertReceived(db, bot.id(), 3, privateText(3, 8002, "Ben", 1, "also unprocessed"));
  }

  @Override
  public void afterRestart() {
    List<JsonObject> tickets = Tickets.awaitTickets(bot.id(), t -> t.size() == 2);
    JsonObject ann = Tickets.awaitTicket(annTicket, t -> Tickets.messages(t).size() == 2);
    assertThat(Tickets.messages(ann))
        .extracting(m -> m.getString("text"))
        .containsExactly("before the crash", "stored, then the crash");
    assertThat(tickets)
        .extracting(t -> t.getJsonObject("customer").getString("name"))
        .containsExactlyInAnyOrder("Ann", "Ben");

    // A redelivery by Telegram after the restart changes nothing.
    assertThat(Bots.deliver(bot, privateText(2, 8001, "Ann", 2, "stored, then the crash")))
        .isEqualTo(200);
    assertThat(Tickets.messages(Tickets.get(annTicket))).hasSize(2);
  }

  private static void insertReceived(Connection db, long botId, long updateId, JsonObject update)
      throws Exception {
    try (PreparedStatement ps =
        db.prepareStatement(
            "insert into telegram_update"
                + " (bot_id, update_id, source, raw, state, attempts, next_attempt_at, received_at)"
                + " values (?, ?, 'webhook', ?, 'RECEIVED', 0, ?, ?)")) {
      Timestamp now = Timestamp.from(Instant.now());
      ps.setLong(1, botId);
      ps.setLong(2, updateId);
      ps.setBytes(3, update.toString().getBytes(StandardCharsets.UTF_8));
      ps.setTimestamp(4, now);
      ps.setTimestamp(5, now);
      ps.executeUpdate();
    }
  }
}
