package io.tgdesk.telegram.inbound;

import io.tgdesk.backoff.Backoff;
import io.tgdesk.cluster.BotOwnership;
import io.tgdesk.cluster.OwnershipChanged;
import io.tgdesk.config.Settings;
import io.tgdesk.schema.SchemaReady;
import io.tgdesk.telegram.botapi.BotApiClient;
import io.tgdesk.telegram.botapi.BotApiException;
import io.tgdesk.telegram.bots.Bot;
import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.telegram.bots.BotMode;
import io.tgdesk.telegram.bots.BotStore;
import io.tgdesk.telegram.bots.BotsChanged;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * getUpdates for every enabled bot in polling mode, one loop per bot on the managed scheduler. Each
 * batch is stored through {@link UpdateIntake} (the same path as the webhook) before the offset
 * moves on, so a crash re-fetches and the unique key drops what was already stored.
 *
 * <p>Failures are recorded on the bot (status CONFLICT for 409, UNAUTHORIZED for 401, ERROR
 * otherwise) and retried after an exponential back-off with jitter, from 1 s up to {@code
 * tgdesk.polling.max-backoff-seconds}: never in a tight loop.
 */
@ApplicationScoped
public class LongPolling {

  private static final Logger LOG = Logger.getLogger(LongPolling.class.getName());

  @Resource ManagedScheduledExecutorService scheduler;
  @Inject BotStore bots;
  @Inject BotApiClient botApi;
  @Inject UpdateIntake intake;
  @Inject UpdateProcessor processor;
  @Inject BotOwnership ownership;
  @Inject Settings settings;
  @Inject Clock clock;

  private final ConcurrentHashMap<Long, PollLoop> loops = new ConcurrentHashMap<>();
  private volatile boolean started;
  private volatile boolean stopping;

  void start(@Observes SchemaReady ready) {
    started = true;
    // Off the start-up thread: database reads there would run in the web module's local
    // transaction.
    scheduler.execute(this::reconcile);
  }

  void onBotsChanged(@Observes BotsChanged changed) {
    if (started) {
      reconcile();
    }
  }

  void onOwnershipChanged(@Observes OwnershipChanged change) {
    if (started && !change.gained().isEmpty()) {
      scheduler.execute(this::reconcile);
    }
  }

  /**
   * Starts a loop for each polling bot this server owns that has none; loops of other bots (and of
   * bots handed over to another server) end by themselves: one poller per bot in the cluster.
   */
  synchronized void reconcile() {
    if (stopping) {
      return;
    }
    for (Bot bot : bots.listEnabledPolling()) {
      if (!ownership.owns(bot.id())) {
        continue;
      }
      loops.computeIfAbsent(
          bot.id().value(),
          id -> {
            PollLoop loop = new PollLoop(bot.id());
            scheduler.schedule(loop, 0, TimeUnit.MILLISECONDS);
            return loop;
          });
    }
  }

  @PreDestroy
  void stop() {
    stopping = true;
  }

  private final class PollLoop implements Runnable {
    private final BotId botId;
    private int failures;

    PollLoop(BotId botId) {
      this.botId = botId;
    }

    @Override
    public void run() {
      if (stopping) {
        return;
      }
      Optional<Bot> current;
      try {
        current = bots.find(botId).filter(b -> b.enabled() && b.mode() == BotMode.POLLING);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Polling bot " + botId + ": could not read the bot", e);
        again(backoff());
        return;
      }
      if (current.isEmpty() || !ownership.owns(botId)) {
        loops.remove(botId.value(), this);
        return;
      }
      Bot bot = current.get();
      Duration next;
      try {
        long offset = bot.lastUpdateId() == null ? 0 : bot.lastUpdateId() + 1;
        List<String> updates =
            botApi.getUpdates(
                bot.endpoint(), offset, bot.pollTimeoutSeconds(), settings.allowedUpdates());
        Long highest = null;
        for (String raw : updates) {
          byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
          long updateId = UpdateIntake.updateIdOf(bytes);
          intake.store(botId, updateId, bytes, "polling");
          highest = highest == null ? updateId : Math.max(highest, updateId);
        }
        bots.recordPolled(botId, highest, clock.instant());
        if (highest != null) {
          processor.wake(botId);
        }
        failures = 0;
        next = Duration.ofSeconds(bot.pollIntervalSeconds());
      } catch (BotApiException.TelegramError e) {
        String status =
            switch (e.errorCode()) {
              case 409 -> "CONFLICT";
              case 401 -> "UNAUTHORIZED";
              default -> "ERROR";
            };
        next = failed(status, e.errorCode() + " " + e.description());
      } catch (RuntimeException e) {
        next = failed("ERROR", e.getMessage());
      }
      again(next);
    }

    private Duration failed(String status, String error) {
      failures++;
      try {
        bots.recordPollFailed(botId, status, error == null ? status : error, clock.instant());
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Polling bot " + botId + ": could not record the failure", e);
      }
      Duration delay = backoff();
      LOG.warning(
          "Polling bot "
              + botId
              + " failed ("
              + status
              + ": "
              + error
              + "); next try in "
              + delay.toMillis()
              + " ms");
      return delay;
    }

    /** 1 s, 2 s, 4 s ... capped, with equal jitter: half fixed, half random. */
    private Duration backoff() {
      return Backoff.of(Duration.ofSeconds(1), settings.pollingMaxBackoff(), Backoff.Jitter.EQUAL)
          .delay(failures);
    }

    private void again(Duration delay) {
      if (stopping) {
        return;
      }
      scheduler.schedule(this, delay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }
}
