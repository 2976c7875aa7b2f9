package io.tgdesk.telegram.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tgdesk.testing.Bots;
import io.tgdesk.testing.Bots.RegisteredBot;
import io.tgdesk.testing.FakeTelegram;
import io.tgdesk.testing.FakeTelegram.Delivered;
import io.tgdesk.testing.Outboxes;
import io.tgdesk.testing.Outboxes.Msg;
import io.tgdesk.testing.RestartScenario;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * 429 pauses are written down and read back when the server starts again: after a crash no call is
 * made to a paused bot, or a paused chat, before its pause ends, while the other bots and chats go
 * on.
 */
public final class PausesAcrossRestartScenario implements RestartScenario {

  private final FakeTelegram telegram;
  private RegisteredBot paused;
  private RegisteredBot other;
  private Instant pauseSeen;
  private Instant persisted;

  public PausesAcrossRestartScenario(FakeTelegram telegram) {
    this.telegram = telegram;
  }

  @Override
  public void beforeCrash() {
    paused = Bots.webhookBot(telegram);
    other = Bots.webhookBot(telegram);
    // A 429 for a quiet chat: the bot's own budget is the cause, the whole bot pauses for an hour.
    telegram.failNext(paused.token(), 1, 429, "Too Many Requests: retry after 3600");
    long refused = Outboxes.send(paused.id(), "notice", List.of(new Msg(1101, "before"))).get(0);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> Outboxes.entry(refused), e -> e.getInt("retryAfter", 0) == 3600);
    pauseSeen = Instant.now();
  }

  @Override
  public void whileDown(Connection db) throws Exception {
    persisted = botPausedUntil(db, paused.id());
    // A chat pause of the other bot, as a 429 for that chat leaves it.
    pauseChat(db, other.id(), 2101, pauseSeen.plus(Duration.ofHours(1)));
  }

  @Override
  public void afterRestart() {
    assertThat(persisted).isAfter(pauseSeen.plus(Duration.ofMinutes(55)));
    List<Long> waiting = Outboxes.send(paused.id(), "notice", List.of(new Msg(1102, "after")));
    List<Long> chatWaiting = Outboxes.send(other.id(), "notice", List.of(new Msg(2101, "held")));
    List<Long> free = Outboxes.send(other.id(), "notice", List.of(new Msg(2102, "free")));

    assertThat(Outboxes.awaitSettled(free, Duration.ofSeconds(60)).get(0).getString("state"))
        .isEqualTo("sent");
    // The engine runs; the paused scopes stay untouched for a while longer.
    await("no call to the paused bot nor to the paused chat after the restart")
        .during(Duration.ofSeconds(5))
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                telegram.calls(paused.token(), "sendMessage").size() == 1
                    && telegram.delivered(other.token()).stream()
                        .noneMatch(d -> d.chatId() == 2101));
    assertThat(Outboxes.entry(waiting.get(0)).getString("state")).isEqualTo("pending");
    assertThat(Outboxes.entry(chatWaiting.get(0)).getString("state")).isEqualTo("pending");
    assertThat(telegram.delivered(other.token()))
        .extracting(Delivered::chatId)
        .containsExactly(2102L);
  }

  private static Instant botPausedUntil(Connection db, long botId) throws Exception {
    try (PreparedStatement ps = db.prepareStatement("select paused_until from bot where id = ?")) {
      ps.setLong(1, botId);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        Timestamp t = rs.getTimestamp(1);
        assertThat(t).as("bot.paused_until").isNotNull();
        return t.toInstant();
      }
    }
  }

  private static void pauseChat(Connection db, long botId, long chatId, Instant until)
      throws Exception {
    try (PreparedStatement ps =
        db.prepareStatement(
            "insert into delivery_chat (bot_id, chat_id, paused_until) values (?, ?, ?)")) {
      ps.setLong(1, botId);
      ps.setLong(2, chatId);
      ps.setTimestamp(3, Timestamp.from(until));
      ps.executeUpdate();
    }
  }
}
