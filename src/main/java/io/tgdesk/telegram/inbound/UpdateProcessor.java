package io.tgdesk.telegram.inbound;

import io.tgdesk.cluster.BotOwnership;
import io.tgdesk.cluster.OwnershipChanged;
import io.tgdesk.config.Settings;
import io.tgdesk.intake.OrderedDrain;
import io.tgdesk.schema.Conflicts;
import io.tgdesk.telegram.bots.BotId;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Processes stored updates on a managed executor, one bot at a time in update_id order, so that the
 * updates of one chat are applied in the order Telegram sent them. A failure marks that update
 * FAILED with the reason and a retry time, by the intake's one {@link OrderedDrain.FailurePolicy}
 * (doubling from {@code tgdesk.intake.retry-base-seconds}, capped at 15 minutes, at most {@code
 * tgdesk.intake.max-attempts} attempts), and the drain moves on. An update that lost to a
 * concurrent change (an optimistic lock, a deadlock) is tried once more at once, so that its chat's
 * later updates do not overtake it.
 *
 * <p>{@link #wake(BotId)} is cheap and thread-safe: it starts a drain for the bot unless one is
 * running, in which case the running drain looks again before it stops.
 */
@ApplicationScoped
public class UpdateProcessor {

  @Resource ManagedExecutorService executor;
  @Inject UpdateStore store;
  @Inject UpdateHandler handler;
  @Inject Settings settings;
  @Inject BotOwnership ownership;
  @Inject Clock clock;

  private final ConcurrentHashMap<Long, OrderedDrain> drains = new ConcurrentHashMap<>();
  private volatile boolean stopping;
  private OrderedDrain.FailurePolicy failures;

  @PostConstruct
  void init() {
    failures =
        new OrderedDrain.FailurePolicy(
            "Update",
            Conflicts::lostToConcurrentChange,
            store::attemptsOf,
            store::markFailed,
            settings,
            clock);
  }

  /**
   * Makes sure the bot's due updates get processed soon, if this server owns the bot (in a cluster,
   * the owner's sweep picks up what other servers stored). Never blocks.
   */
  public void wake(BotId bot) {
    if (stopping || !ownership.owns(bot)) {
      return;
    }
    drains
        .computeIfAbsent(
            bot.value(),
            id ->
                new OrderedDrain(
                    "Update processing for bot " + bot,
                    executor,
                    () -> !stopping && ownership.owns(bot),
                    max -> store.findDue(bot, clock.instant(), max),
                    handler::handle,
                    failures))
        .wake();
  }

  void onOwnershipChanged(@Observes OwnershipChanged change) {
    change.gained().forEach(this::wake);
  }

  @PreDestroy
  void stop() {
    stopping = true;
  }
}
