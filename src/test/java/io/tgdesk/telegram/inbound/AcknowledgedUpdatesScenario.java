package io.tgdesk.telegram.inbound;

import static io.tgdesk.testing.TelegramUpdates.privateText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tgdesk.testing.Bots;
import io.tgdesk.testing.Bots.RegisteredBot;
import io.tgdesk.testing.FakeTelegram;
import io.tgdesk.testing.RestartScenario;
import io.tgdesk.testing.TgDeskApi;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Concurrent webhook deliveries are still arriving, stored several in one transaction, when the
 * server is killed (-9): every update answered 200 is in the database afterwards (an
 * acknowledgement means committed), and each is processed once after the restart.
 */
public final class AcknowledgedUpdatesScenario implements RestartScenario {

  private static final int CONNECTIONS = 16;

  private final FakeTelegram telegram;
  private final Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
  private final AtomicLong nextUpdate = new AtomicLong(1);
  private RegisteredBot bot;
  private ExecutorService senders;
  private Set<Long> stored;

  public AcknowledgedUpdatesScenario(FakeTelegram telegram) {
    this.telegram = telegram;
  }

  /** Starts the deliveries, and returns once 200 were acknowledged; they go on. */
  @Override
  public void beforeCrash() {
    bot = Bots.webhookBot(telegram);
    senders = Executors.newFixedThreadPool(CONNECTIONS);
    for (int i = 0; i < CONNECTIONS; i++) {
      senders.submit(this::deliverUntilTheServerIsGone);
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= 200);
  }

  private void deliverUntilTheServerIsGone() {
    try {
      while (true) {
        long updateId = nextUpdate.getAndIncrement();
        long chat = 300_000 + updateId % 50;
        int status =
            Bots.deliver(bot, privateText(updateId, chat, "Kim" + chat, updateId, "m" + updateId));
        if (status != 200) {
          return; // the server is going down
        }
        acknowledged.add(updateId);
      }
    } catch (RuntimeException connectionLost) {
      // the kill
    }
  }

  @Override
  public void whileDown(Connection db) throws Exception {
    senders.shutdown();
    assertThat(senders.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    stored = new HashSet<>();
    try (PreparedStatement ps =
        db.prepareStatement("select update_id from telegram_update where bot_id = ?")) {
      ps.setLong(1, bot.id());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          stored.add(rs.getLong(1));
        }
      }
    }
  }

  @Override
  public void afterRestart() {
    assertThat(stored).containsAll(acknowledged);
    long all = stored.size();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                TgDeskApi.asAdmin()
                    .get("/api/admin/updates?size=1&state=processed&botId=" + bot.id())
                    .json()
                    .getJsonNumber("total")
                    .longValue(),
            n -> n == all);
  }
}
