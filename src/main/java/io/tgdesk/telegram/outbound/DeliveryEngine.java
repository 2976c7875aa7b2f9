package io.tgdesk.telegram.outbound;

import io.tgdesk.cluster.BotOwnership;
import io.tgdesk.cluster.LeaseStore;
import io.tgdesk.cluster.OwnershipChanged;
import io.tgdesk.config.BreakerSettings;
import io.tgdesk.schema.SchemaReady;
import io.tgdesk.telegram.botapi.BotApiClient;
import io.tgdesk.telegram.bots.Bot;
import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.telegram.bots.BotStore;
import io.tgdesk.telegram.bots.BotsChanged;
import io.tgdesk.telegram.outbound.outbox.DeliveryChats;
import io.tgdesk.telegram.outbound.outbox.OutboxStore;
import io.tgdesk.telegram.outbound.outbox.OutboxWindows;
import io.tgdesk.telegram.outbound.throttle.Limits;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one {@link BotDelivery} loop per bot that this server owns ({@link BotOwnership}: one server
 * per bot in a cluster), starting them when the ownership is granted and following bot changes; a
 * loop stops, and waits for its calls in flight, before its bot is handed over. Enqueued entries
 * wake their bot's loop once the enqueuing transaction has committed.
 *
 * <p>Restart rule: when a bot's loop starts, entries left IN_FLIGHT by a process that died are
 * settled first: calls that are harmless to repeat (edits, deletes, chat actions, topic changes) go
 * back to PENDING; sends whose call had left follow their lane's policy (settings {@code
 * tgdesk.delivery.uncertain.*}): agent replies and notices are sent again by default (a duplicate
 * is possible only for a call that reached Telegram, so at most the calls in flight at the crash),
 * bulk becomes UNCERTAIN for an admin's retry or cancel by default.
 */
@ApplicationScoped
public class DeliveryEngine {

  private static final Logger LOG = Logger.getLogger(DeliveryEngine.class.getName());

  @Resource ManagedScheduledExecutorService scheduler;
  @Resource ManagedThreadFactory threads;
  @Inject OutboxStore store;
  @Inject OutboxWindows windows;
  @Inject DeliveryOutcomes outcomes;
  @Inject DeliveryChats chats;
  @Inject BotStore bots;
  @Inject BotOwnership ownership;
  @Inject LeaseStore leases;
  @Inject BotApiClient botApi;
  @Inject io.tgdesk.files.FileStore files;
  @Inject Clock clock;
  @Inject BreakerSettings breakerSettings;
  @Inject Instance<TopicDirectory> topics;
  @Inject Event<CircuitBreakerChanged> breakerChanges;

  private final Map<Long, BotDelivery> loops = new ConcurrentHashMap<>();

  /** How long a loop that loses its bot waits for its calls in flight before the handover. */
  static final java.time.Duration HANDOVER_DRAIN = java.time.Duration.ofSeconds(5);

  /**
   * Runs the Bot API calls. A call blocks until Telegram answers, over 60 s when it holds a flooded
   * call, so calls get threads of their own (from the managed thread factory, with the
   * application's context): on Liberty's shared executor a few unanswered calls took every thread,
   * and the delivery ticks, intake and the HTTP API waited behind them. At most {@link
   * BotDelivery#MAX_IN_FLIGHT} calls per bot are in flight, which bounds the threads.
   */
  private volatile ExecutorService senders;

  private volatile boolean started;

  private volatile DeliveryPorts ports;

  void start(@Observes SchemaReady ready) {
    senders = Executors.newCachedThreadPool(threads);
    started = true;
    // Off the start-up thread: database work there would run in the web module's local transaction.
    scheduler.execute(this::reconcile);
  }

  /**
   * A bot's change holds from its answer on: the bot's loop here takes its new state (disabled,
   * another address, other limits) before the change is answered, so a message queued right after a
   * bot was disabled is not sent. Starting and stopping loops follows on the scheduler.
   */
  void onBotsChanged(@Observes BotsChanged changed) {
    if (!started) {
      return;
    }
    BotDelivery loop = loops.get(changed.botId().value());
    if (loop != null) {
      bots.find(changed.botId())
          .ifPresent(b -> loop.reconfigure(b.endpoint(), b.enabled(), limitsOf(b)));
    }
    scheduler.execute(this::reconcile);
  }

  void onOwnershipChanged(@Observes OwnershipChanged change) {
    for (BotId lost : change.lost()) {
      BotDelivery loop = loops.remove(lost.value());
      if (loop != null) {
        loop.stopAndDrain(HANDOVER_DRAIN);
        LOG.info("Delivery loop of bot " + lost + " stopped on " + nodeId() + " (handed over)");
      }
    }
    if (!change.gained().isEmpty()) {
      scheduler.execute(this::reconcile);
    }
  }

  void onEnqueued(@Observes(during = TransactionPhase.AFTER_SUCCESS) OutboxEnqueued event) {
    BotDelivery loop = loops.get(event.botId().value());
    if (loop != null) {
      loop.entriesChanged();
    }
  }

  void onReachable(@Observes(during = TransactionPhase.AFTER_SUCCESS) ChatReachable event) {
    BotDelivery loop = loops.get(event.botId().value());
    if (loop != null) {
      loop.clearUnreachable(event.chatId());
      loop.entriesChanged();
    }
  }

  /** Starts, reconfigures or stops loops to match the bots. */
  synchronized void reconcile() {
    try {
      Map<Long, Bot> current = new java.util.HashMap<>();
      for (Bot b : bots.list()) {
        if (ownership.owns(b.id())) {
          current.put(b.id().value(), b);
        }
      }
      for (Bot b : current.values()) {
        Limits limits = limitsOf(b);
        BotDelivery loop = loops.get(b.id().value());
        if (loop == null) {
          loop =
              new BotDelivery(
                  b.id(), b.endpoint(), b.enabled(), limits, ports(), clock, scheduler, senders);
          loops.put(b.id().value(), loop);
          loop.start(b.pausedUntil());
          LOG.info("Delivery loop of bot " + b.id() + " started on " + nodeId());
        } else {
          loop.reconfigure(b.endpoint(), b.enabled(), limits);
        }
      }
      loops
          .entrySet()
          .removeIf(
              e -> {
                if (!current.containsKey(e.getKey())) {
                  e.getValue().stop();
                  return true;
                }
                return false;
              });
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Could not start delivery loops; retrying in 5 s", e);
      scheduler.schedule(this::reconcile, 5, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  /** The limits in force for a bot: Telegram's defaults, and its paid broadcast rate. */
  public static Limits limitsOf(Bot bot) {
    return Limits.telegramDefaults().withPaidPerSecond(bot.paidBroadcastPerSecond());
  }

  /** The loop of a bot on this server, if it runs here. */
  public Optional<BotDelivery> loopOf(BotId id) {
    return Optional.ofNullable(loops.get(id.value()));
  }

  @PreDestroy
  void stop() {
    loops.values().forEach(BotDelivery::stop);
    if (senders != null) {
      senders.shutdownNow();
    }
  }

  /** Raises a loop's circuit breaker change (diagnostics records it); never throws. */
  private void breakerChanged(CircuitBreakerChanged change) {
    try {
      breakerChanges.fire(change);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "An observer of " + change + " failed", e);
    }
  }

  String nodeId() {
    return ownership.node().value();
  }

  /** What every loop needs from the application, built once. */
  private DeliveryPorts ports() {
    DeliveryPorts p = ports;
    if (p == null) {
      p =
          new DeliveryPorts(
              store,
              windows,
              outcomes,
              chats,
              bots,
              new FileUploads(botApi, files)::call,
              ownership,
              leases,
              this::topicName,
              this::breakerChanged,
              breakerSettings);
      ports = p;
    }
    return p;
  }

  /** The name of a forum topic as the features that map topics know it; empty if none does. */
  private Optional<String> topicName(BotId botId, long chatId, long threadId) {
    for (TopicDirectory directory : topics) {
      Optional<String> name = directory.findTopicName(botId, chatId, threadId);
      if (name.isPresent()) {
        return name;
      }
    }
    return Optional.empty();
  }
}
