package io.tgdesk.telegram.inbound;

import io.tgdesk.cluster.BotOwnership;
import io.tgdesk.cluster.OwnershipChanged;
import io.tgdesk.config.Settings;
import io.tgdesk.intake.OrderedDrain;
import io.tgdesk.schema.Conflicts;
import io.tgdesk.telegram.bots.BotId;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Processes stored updates on a managed executor, one bot at a time in update_id order, so that the
 * updates of one chat are applied in the order Telegram sent them. When several updates of private
 * chats are due, up to {@link #GROUP} are applied in one transaction ({@link
 * UpdateHandler#handleAll}); a group that fails is applied again one update at a time, so that only
 * the failing update counts a failed attempt. A failure marks that update FAILED with the reason
 * and a retry time, by the intake's one {@link OrderedDrain.FailurePolicy} (doubling from {@code
 * tgdesk.intake.retry-base-seconds}, capped at 15 minutes, at most {@code
 * tgdesk.intake.max-attempts} attempts), and the drain moves on. An update that lost to a
 * concurrent change (an optimistic lock, a deadlock) is tried once more at once.
 *
 * <p>While a failed update is to be tried again, its chat is held (in a forum supergroup, its
 * topic): the later updates there wait (WAITING) and are applied after it, at its next attempt,
 * while other chats and topics go on. Once it is applied, or its attempts are spent, the chat goes
 * on.
 *
 * <p>{@link #wake(BotId)} is cheap and thread-safe: it starts a drain for the bot unless one is
 * running, in which case the running drain looks again before it stops.
 */
@ApplicationScoped
public class UpdateProcessor {

  /**
   * Updates applied in one transaction when several are due, sharing its begin and commit (a log
   * write on disk). Groups of 25 were no faster after a burst than groups of 10 (see
   * docs/benchmarks.md), and a smaller group holds the locks of its rows for less time.
   */
  static final int GROUP = 10;

  @Resource ManagedExecutorService executor;
  @Inject UpdateStore store;
  @Inject UpdateHandler handler;
  @Inject Settings settings;
  @Inject BotOwnership ownership;
  @Inject Clock clock;

  private final ConcurrentHashMap<Long, OrderedDrain> drains = new ConcurrentHashMap<>();

  /** Each bot's held chats, as its drain's last look read them and its failures since. */
  private final ConcurrentHashMap<Long, HeldChats> held = new ConcurrentHashMap<>();

  private volatile boolean stopping;

  /**
   * Makes sure the bot's due updates get processed soon, if this server owns the bot (in a cluster,
   * the owner's sweep picks up what other servers stored). Never blocks.
   */
  public void wake(BotId bot) {
    if (stopping || !ownership.owns(bot)) {
      return;
    }
    drains.computeIfAbsent(bot.value(), id -> drain(bot)).wake();
  }

  private OrderedDrain drain(BotId bot) {
    var failures =
        new OrderedDrain.FailurePolicy(
            "Update",
            Conflicts::lostToConcurrentChange,
            store::attemptsOf,
            (id, reason, retryAt, now) ->
                store.markFailed(id, reason, retryAt, now).ifPresent(h -> heldOf(bot).hold(h)),
            settings,
            clock);
    return new OrderedDrain(
            "Update processing for bot " + bot,
            executor,
            () -> !stopping && ownership.owns(bot),
            max -> {
              Instant now = clock.instant();
              held.put(bot.value(), store.heldChats(bot, now));
              return store.findDue(bot, now, max);
            },
            id -> handler.handle(id, heldOf(bot)),
            failures)
        .inGroupsOf(GROUP, ids -> handler.handleAll(ids, heldOf(bot)));
  }

  private HeldChats heldOf(BotId bot) {
    return held.computeIfAbsent(bot.value(), b -> new HeldChats());
  }

  void onOwnershipChanged(@Observes OwnershipChanged change) {
    change.gained().forEach(this::wake);
  }

  @PreDestroy
  void stop() {
    stopping = true;
  }
}
