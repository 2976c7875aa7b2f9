package io.tgdesk.telegram.outbound;

import dev.failsafe.CircuitBreaker;
import io.tgdesk.config.BreakerSettings;
import io.tgdesk.telegram.botapi.BotApiException;
import io.tgdesk.telegram.botapi.BotEndpoint;
import io.tgdesk.telegram.botapi.CallContext;
import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.telegram.outbound.DeliveryPlanner.Candidate;
import io.tgdesk.telegram.outbound.outbox.DeliveryChat;
import io.tgdesk.telegram.outbound.outbox.Lane;
import io.tgdesk.telegram.outbound.outbox.OutboxEntry;
import io.tgdesk.telegram.outbound.outbox.OutboxStore;
import io.tgdesk.telegram.outbound.retry.Decision;
import io.tgdesk.telegram.outbound.retry.FailureClassifier;
import io.tgdesk.telegram.outbound.throttle.BotThrottle;
import io.tgdesk.telegram.outbound.throttle.CallKind;
import io.tgdesk.telegram.outbound.throttle.Limits;
import io.tgdesk.telegram.outbound.throttle.StartGate;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One bot's delivery loop. A tick (on the managed scheduler, one at a time) reads the bot's pending
 * window, plans with the throttle, claims what goes now and hands each call to the managed
 * executor; answers come back through a queue that the next tick applies to the throttle (429
 * pauses) and the circuit breaker. Ticks run when the planner says something becomes sendable, when
 * new entries are enqueued, and when an answer arrives.
 */
public final class BotDelivery {

  private static final Logger LOG = Logger.getLogger(BotDelivery.class.getName());
  static final int WINDOW_PER_LANE = 300;

  /**
   * Beyond the window, the longest chains of a lane and their first entries: enough for the planner
   * to start the critical paths of a burst early (a chain sends one call a second, so four last
   * until the window is read again).
   */
  static final int CHAINS = 100;

  static final int PER_CHAIN = 4;

  /** Calls in flight at most, besides those booked ahead within the horizon. */
  static final int MAX_IN_FLIGHT = 16;

  static final Duration IDLE_LOOK = Duration.ofSeconds(1);
  static final Duration SEED_PERIOD = Duration.ofMinutes(1);

  /**
   * How far ahead a tick books slots of the bot budget: a tick that runs late (a slow claim, a busy
   * CPU) by less than half of this loses no budget. Also how long a call booked for bulk can keep
   * an agent reply that comes later waiting, at most.
   */
  static final Duration HORIZON = Duration.ofMillis(500);

  /** How long before its slot a booked call is handed to a sender thread (to wait at the gate). */
  static final Duration AHEAD_OF_SLOT = Duration.ofMillis(25);

  /**
   * Two chats limited within this time: the bot's own budget is the cause, so the whole bot pauses.
   */
  static final Duration BOT_WIDE_429 = Duration.ofSeconds(1);

  private final BotId botId;
  private final DeliveryEngine engine;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService senders;
  private final BotThrottle throttle;
  private final StartGate freeGate;
  private final StartGate paidGate;
  private final DepartureMarks departures;
  private final CircuitBreaker<Object> breaker;
  private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
  private final Set<Long> busyChats = new HashSet<>();
  private final Map<Long, String> unreachable = new HashMap<>();
  private final Object tickLock = new Object();
  private final java.util.concurrent.atomic.AtomicInteger sending =
      new java.util.concurrent.atomic.AtomicInteger();

  /** The pending window as last read; re-read when entries were added or came back, or when old. */
  private List<OutboxEntry> window = List.of();

  /** Pending entries per chat of the longest chains, as of the last window read. */
  private Map<DeliveryPlanner.OrderKey, Integer> chains = Map.of();

  private volatile boolean windowStale = true;
  private Instant windowReadAt = Instant.MIN;
  static final Duration WINDOW_MAX_AGE = Duration.ofSeconds(2);
  private volatile BotEndpoint endpoint;
  private volatile boolean enabled;
  private volatile boolean stopped;
  private ScheduledFuture<?> nextTick;
  private Instant nextTickAt = Instant.MAX;
  private Instant last429At = Instant.MIN;
  private long last429Chat;

  /**
   * 429 answers received, and the pauses they caused applied to the throttle. A sender that got a
   * 429 waits for the tick lock to apply the pause; a call planned meanwhile must not go out (see
   * send).
   */
  private final AtomicLong received429 = new AtomicLong();

  private long applied429;

  /** The last failure the breaker counted, for the reason of its opening (under the tick lock). */
  private String lastFailure = "none";

  /**
   * The answer to one call, applied to the throttle by the next tick: {@code made} false when the
   * call never left; {@code booked} its slot, {@code answered} when its answer came.
   */
  private record Answer(
      boolean made,
      long chatId,
      Decision decision,
      boolean transportFailure,
      boolean message,
      CallKind kind,
      Instant booked,
      Instant answered) {

    /** What went wrong, in words (redacted like everything the client reports). */
    String failure() {
      if (decision instanceof Decision.Transient t) {
        return (t.code() == 0 ? "no answer: " : t.code() + " ") + t.description();
      }
      if (decision instanceof Decision.Uncertain u) {
        return "no answer: " + u.description();
      }
      return String.valueOf(decision);
    }
  }

  /** A claimed call, the budget slot booked for it, and the gate it passes at that slot. */
  private record Dispatch(
      BotEndpoint target,
      OutboxEntry entry,
      boolean paid,
      Instant slot,
      StartGate gate,
      Duration spacing,
      int perSecond,
      long known429) {}

  BotDelivery(
      BotId botId,
      BotEndpoint endpoint,
      boolean enabled,
      Limits limits,
      DeliveryEngine engine,
      Clock clock,
      ScheduledExecutorService scheduler,
      ExecutorService senders) {
    this.botId = botId;
    this.endpoint = endpoint;
    this.enabled = enabled;
    this.engine = engine;
    this.clock = clock;
    this.scheduler = scheduler;
    this.senders = senders;
    this.throttle = new BotThrottle(limits, clock);
    this.freeGate = new StartGate(clock);
    this.paidGate = new StartGate(clock);
    this.departures = new DepartureMarks(ids -> engine.store().markDeparted(ids, clock.instant()));
    BreakerSettings rule = engine.breakerSettings();
    this.breaker =
        CircuitBreaker.builder()
            .withFailureThreshold(rule.failures(), rule.calls())
            .withDelay(rule.delay())
            .withSuccessThreshold(1)
            .onOpen(
                e -> {
                  LOG.warning(
                      "Bot " + botId + ": circuit breaker open after repeated Bot API failures");
                  breakerChanged(
                      CircuitBreakerChanged.State.OPEN,
                      e.getPreviousState(),
                      (e.getPreviousState() == CircuitBreaker.State.HALF_OPEN
                              ? "the probe call failed"
                              : "at least "
                                  + rule.failures()
                                  + " of the last "
                                  + rule.calls()
                                  + " calls failed (5xx or no answer)")
                          + "; last failure: "
                          + lastFailure);
                })
            .onHalfOpen(
                e ->
                    breakerChanged(
                        CircuitBreakerChanged.State.HALF_OPEN,
                        e.getPreviousState(),
                        "open for " + rule.delay().toSeconds() + " s: one probe call at a time"))
            .onClose(
                e -> {
                  LOG.info("Bot " + botId + ": circuit breaker closed");
                  breakerChanged(
                      CircuitBreakerChanged.State.CLOSED,
                      e.getPreviousState(),
                      "a probe call succeeded");
                })
            .build();
  }

  /** Tells the engine (and so the diagnostics) about a change of the breaker; never throws. */
  private void breakerChanged(
      CircuitBreakerChanged.State state, CircuitBreaker.State previous, String reason) {
    try {
      engine.breakerChanged(
          new CircuitBreakerChanged(
              botId,
              engine.nodeId(),
              clock.instant(),
              state,
              CircuitBreakerChanged.State.valueOf(previous.name()),
              reason));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Bot " + botId + ": could not report a circuit breaker change", e);
    }
  }

  void reconfigure(BotEndpoint endpoint, boolean enabled, Limits limits) {
    this.endpoint = endpoint;
    this.enabled = enabled;
    synchronized (tickLock) {
      throttle.changeLimits(limits);
    }
    wake();
  }

  /**
   * Restores persisted pauses (the bot's and its chats') and unreachable chats, and settles
   * in-flight entries of a dead run.
   *
   * @param botPausedUntil the bot-wide 429 pause as persisted (bot.paused_until), or null
   */
  void start(Instant botPausedUntil) {
    Instant now = clock.instant();
    if (botPausedUntil != null && botPausedUntil.isAfter(now)) {
      throttle.restoreBotPause(botPausedUntil);
      LOG.info("Bot " + botId + ": paused by a 429 until " + botPausedUntil + " (persisted)");
    }
    for (DeliveryChat c : engine.chats().restrictions(botId.value(), now)) {
      if (c.unreachableReason() != null) {
        unreachable.put(c.chatId(), c.unreachableReason());
      }
      if (c.pausedUntil() != null && c.pausedUntil().isAfter(now)) {
        throttle.restoreChatPause(c.chatId(), c.pausedUntil());
      }
    }
    // What the bot sent in the last minute still counts against its limits (a restart, or a
    // takeover from another server, must not start with an empty budget).
    for (OutboxEntry sent : engine.store().sentSince(botId.value(), now.minus(SEED_PERIOD))) {
      BotMethod.byWireName(sent.method())
          .ifPresent(m -> throttle.record(sent.chatId(), m.kind(), sent.paid(), sent.sentAt()));
    }
    for (OutboxEntry e : engine.store().inFlight(botId.value())) {
      boolean idempotent =
          BotMethod.byWireName(e.method()).map(BotMethod::idempotent).orElse(false);
      engine.outcomes().recover(e, idempotent, now);
    }
    wake();
  }

  /** Forgets that a chat was unreachable (an admin retries one of its entries). */
  void clearUnreachable(long chatId) {
    synchronized (tickLock) {
      unreachable.remove(chatId);
    }
  }

  void stop() {
    stopped = true;
    synchronized (tickLock) {
      if (nextTick != null) {
        nextTick.cancel(false);
      }
    }
  }

  /** Stops, then waits up to {@code max} for the calls in flight to be answered and recorded. */
  void stopAndDrain(Duration max) {
    stop();
    long deadline = System.nanoTime() + max.toNanos();
    while (sending.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Look now (new entries, an answer, a configuration change). */
  /** New or returned entries: the next tick re-reads the window. */
  void entriesChanged() {
    windowStale = true;
    wake();
  }

  void wake() {
    schedule(clock.instant());
  }

  private void schedule(Instant at) {
    if (stopped) {
      return;
    }
    synchronized (tickLock) {
      if (nextTick != null && !nextTick.isDone() && !nextTickAt.isAfter(at)) {
        return; // an earlier or equal tick is already planned
      }
      if (nextTick != null) {
        nextTick.cancel(false);
      }
      long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
      nextTickAt = at;
      nextTick = scheduler.schedule(this::tick, delay, TimeUnit.MILLISECONDS);
    }
  }

  private void tick() {
    Instant next;
    synchronized (tickLock) {
      nextTickAt = Instant.MAX;
      if (stopped) {
        return;
      }
      try {
        next = tickLocked();
      } catch (RuntimeException | Error e) {
        // Caught whole: a task that throws on the scheduler is dropped silently, and the loop with
        // it.
        LOG.log(Level.WARNING, "Delivery tick of bot " + botId + " failed; retrying in 1 s", e);
        next = clock.instant().plusSeconds(1);
      }
    }
    schedule(next);
  }

  private Instant tickLocked() {
    Instant now = clock.instant();
    applyAnswers(now);
    if (!enabled || !engine.mayAct(botId)) {
      return now.plus(IDLE_LOOK);
    }
    int capacity = maxInFlight() - busyChats.size();
    if (capacity <= 0) {
      return now.plus(IDLE_LOOK);
    }
    // The circuit breaker: open -> no calls until its delay passed; then one probe at a time
    // (half-open) until a probe succeeds (closed) or fails (open again).
    if (breaker.isOpen()) {
      Duration remaining = breaker.getRemainingDelay();
      if (remaining.compareTo(Duration.ZERO) > 0) {
        return now.plus(remaining).plusMillis(10);
      }
      breaker.halfOpen();
    }
    if (breaker.isHalfOpen()) {
      if (!busyChats.isEmpty()) {
        return now.plus(IDLE_LOOK);
      }
      capacity = 1;
    }
    if (windowStale
        || window.size() < WINDOW_PER_LANE / 2
        || windowReadAt.plus(WINDOW_MAX_AGE).isBefore(now)) {
      windowStale = false;
      OutboxStore.Window read =
          engine.store().window(botId.value(), WINDOW_PER_LANE, CHAINS, PER_CHAIN);
      window = read.entries();
      Map<DeliveryPlanner.OrderKey, Integer> lengths = new HashMap<>();
      read.chains()
          .forEach(
              c ->
                  lengths.put(
                      new DeliveryPlanner.OrderKey(c.chatId(), c.threadKey()), c.pending()));
      chains = lengths;
      windowReadAt = now;
    }
    List<Candidate> candidates = new ArrayList<>();
    Map<Long, OutboxEntry> byId = new HashMap<>();
    Set<Long> settled = new HashSet<>();
    for (OutboxEntry e : window) {
      if (unreachable.containsKey(e.chatId())) {
        // Another server may have cleared the mark (an admin's retry, the customer writing while
        // it owned the bot): the database decides before anything fails on the remembered one.
        if (engine.stillUnreachable(botId, e.chatId())) {
          engine.failUnreachable(e, unreachable.get(e.chatId()), now);
          settled.add(e.id());
          continue;
        }
        unreachable.remove(e.chatId());
      }
      BotMethod method = BotMethod.byWireName(e.method()).orElse(null);
      if (method == null) {
        engine.failUnknownMethod(e, now);
        settled.add(e.id());
        continue;
      }
      candidates.add(
          new Candidate(
              e.id(),
              e.chatId(),
              e.threadKey(),
              e.lane(),
              method,
              e.paid() && e.lane() == Lane.BULK,
              e.nextAttemptAt()));
      byId.put(e.id(), e);
    }
    if (!settled.isEmpty()) {
      window = window.stream().filter(e -> !settled.contains(e.id())).toList();
    }
    DeliveryPlanner.Plan plan =
        DeliveryPlanner.plan(
            candidates, chains, busyChats, capacity, throttle, now, HORIZON, IDLE_LOOK);
    if (plan.send().isEmpty()) {
      return plan.nextLook();
    }
    List<OutboxEntry> chosen = plan.send().stream().map(c -> byId.get(c.entryId())).toList();
    Map<Long, Instant> slots = new HashMap<>();
    plan.send().forEach(c -> slots.put(c.entryId(), plan.slotOf(c)));
    // The window holds the oldest entries of each lane; an older entry of the same chat and thread
    // in another lane, outside its window, still comes first.
    Set<Long> blocked = new HashSet<>(engine.store().blockedByOlder(botId.value(), chosen));
    List<Long> ids =
        chosen.stream().map(OutboxEntry::id).filter(id -> !blocked.contains(id)).toList();
    Set<Long> leaving = new HashSet<>(ids);
    leaving.addAll(blocked);
    window = window.stream().filter(e -> !leaving.contains(e.id())).toList();
    if (!blocked.isEmpty()) {
      windowStale = true;
    }
    // Paid broadcast only for the bulk lane of a bot opted in now: an entry marked paid when it was
    // enqueued goes unpaid once its bot has opted out.
    boolean paidAllowed = throttle.limits().paidPerSecond() > 0;
    List<OutboxEntry> claimedNow =
        engine.store().claim(ids, engine.nodeId(), now, () -> engine.holdsLease(botId, now));
    Instant claimedAt = clock.instant();
    for (OutboxEntry e : claimedNow) {
      busyChats.add(e.chatId());
      boolean paid = paidAllowed && e.paid() && e.lane() == Lane.BULK;
      Dispatch d =
          new Dispatch(
              endpoint,
              e,
              paid,
              slots.get(e.id()),
              paid ? paidGate : freeGate,
              throttle.budgetSpacing(paid),
              throttle.budgetPerSecond(paid),
              applied429);
      sending.incrementAndGet();
      Runnable call =
          () -> {
            try {
              send(d);
            } finally {
              sending.decrementAndGet();
            }
          };
      // Handed to a thread a little before its slot: the gate then waits out the rest, so that a
      // slow hand-off (a busy machine) does not make the call miss its slot.
      long wait = Duration.between(claimedAt, d.slot()).minus(AHEAD_OF_SLOT).toMillis();
      if (wait > 0) {
        scheduler.schedule(() -> senders.execute(call), wait, TimeUnit.MILLISECONDS);
      } else {
        senders.execute(call);
      }
    }
    return blocked.isEmpty() ? plan.nextLook() : now.plusMillis(50);
  }

  private int maxInFlight() {
    return maxInFlight(throttle.limits());
  }

  /** Slots booked ahead add to the calls in flight: as many as the horizon holds. */
  static int maxInFlight(Limits l) {
    long perHorizon = (l.botPerSecond() + (long) l.paidPerSecond()) * HORIZON.toMillis() / 1000;
    return MAX_IN_FLIGHT + (int) perHorizon;
  }

  /**
   * Makes one booked call at its slot. If a 429 came back since it was planned (it may be in the
   * paused scope), or this server lost the bot's lease, the call is not made but planned again.
   */
  private void send(Dispatch d) {
    OutboxEntry e = d.entry();
    BotEndpoint target = d.target();
    BotMethod method = BotMethod.byWireName(e.method()).orElseThrow();
    if (!engine.mayAct(botId)) {
      // The lease ran out between claim and call (this server stalled): not a call more. The
      // entry goes back to PENDING, never made.
      notMade(e);
      return;
    }
    Instant answered;
    Answer answer;
    try {
      JsonObject params;
      try (var reader = Json.createReader(new StringReader(e.params()))) {
        params = reader.readObject();
      }
      if (d.paid()) {
        params = Json.createObjectBuilder(params).add("allow_paid_broadcast", true).build();
      }
      // Durably "on its way" before the gate (the call is here ahead of its slot, so the write
      // does not delay it): a crash before this mark leaves the entry PENDING, after it UNCERTAIN.
      if (!markDeparted(e)) {
        return;
      }
      StartGate.Pass turn = d.gate().enter(d.slot(), d.spacing(), d.perSecond());
      if (received429.get() > d.known429() || breaker.isOpen() || !enabled) {
        turn.close(); // before writing the outcome: the calls behind need not wait for it
        if (notMade(e)) {
          return; // a 429 or a 401 came back, or the breaker opened, while it waited for its slot
        }
        // It could not be put back to PENDING: it is made as planned.
        turn = d.gate().enter(d.slot(), d.spacing(), d.perSecond());
      }
      JsonValue result;
      try (StartGate.Pass pass = turn) {
        // The gate opens for the next call only when this one's request is about to be written;
        // closing it records the answer, which bounds when this call reached Telegram.
        result =
            engine
                .botApi()
                .callRaw(target, method.wireName(), params, null, callContext(e), pass::depart);
      }
      answered = clock.instant();
      recordSent(e, result);
      answer =
          new Answer(
              true,
              e.chatId(),
              null,
              false,
              method.kind() == CallKind.MESSAGE,
              method.kind(),
              d.slot(),
              answered);
    } catch (BotApiException failure) {
      answered = clock.instant();
      Decision decision =
          repairTopic(target, e, FailureClassifier.classify(failure, method.idempotent()));
      if (decision instanceof Decision.RateLimited r) {
        // Pause at once, before anything else: every call made during the wait makes it longer.
        pauseFor429(e.chatId(), r);
      } else if (decision instanceof Decision.BotUnauthorized) {
        // Stop at once too: the outcome disables the bot, but until that reaches this loop
        // (BotsChanged) it would claim the entries the 401 put back and call again.
        enabled = false;
      }
      answer =
          new Answer(
              true,
              e.chatId(),
              decision,
              failure instanceof BotApiException.Unreachable
                  || decision instanceof Decision.Transient,
              false,
              method.kind(),
              d.slot(),
              answered);
      try {
        Instant now = clock.instant();
        Instant retryAt =
            decision instanceof Decision.RateLimited r
                ? now.plus(r.retryAfter()).plus(throttle.limits().retryMargin())
                : now;
        recordOutcome(() -> engine.outcomes().failed(e, decision, retryAt, now));
      } catch (RuntimeException ex) {
        LOG.log(
            Level.WARNING,
            "Could not record the outcome of outbox entry " + e.id() + "; it stays in flight",
            ex);
      }
    } catch (RuntimeException unexpected) {
      answered = clock.instant();
      LOG.log(Level.SEVERE, "Sending outbox entry " + e.id() + " failed unexpectedly", unexpected);
      answer =
          new Answer(
              true,
              e.chatId(),
              new Decision.Transient(0, String.valueOf(unexpected)),
              false,
              false,
              method.kind(),
              d.slot(),
              answered);
      try {
        engine.outcomes().failed(e, answer.decision(), clock.instant(), clock.instant());
      } catch (RuntimeException ignored) {
        // It stays in flight; the next start settles it.
      }
    }
    answers.add(answer);
    if (answer.decision() != null && !(answer.decision() instanceof Decision.AlreadyDone)) {
      windowStale = true; // the entry may be pending again, or its chat's entries changed
    }
    wake();
  }

  /**
   * Telegram answered ok: the entry is SENT with that answer, whatever an effect of the answer
   * does, and is never made again. When the entry cannot be written together with the effects (e.g.
   * the ticket's message refuses the Telegram message id), it is written alone and the effects are
   * retried on their own ({@link FollowUps}); when not even that can be written, it becomes
   * UNCERTAIN (its lane's policy decides), and if that fails too it stays IN_FLIGHT with its
   * departure mark, which the next start of the bot settles the same way. Never throws.
   */
  private void recordSent(OutboxEntry e, JsonValue result) {
    try {
      recordOutcome(() -> engine.outcomes().sent(e.id(), result, clock.instant()));
      return;
    } catch (RuntimeException withEffects) {
      LOG.log(
          Level.WARNING,
          "Outbox entry "
              + e.id()
              + " was sent, but an effect of the answer failed; it is retried on its own",
          withEffects);
      String why = FollowUps.describe(withEffects);
      try {
        recordOutcome(
            () -> engine.outcomes().sentWithFollowUpDue(e.id(), result, why, clock.instant()));
        return;
      } catch (RuntimeException alone) {
        try {
          engine
              .outcomes()
              .answeredButNotRecorded(e.id(), FollowUps.describe(alone), clock.instant());
        } catch (RuntimeException stuck) {
          LOG.log(
              Level.SEVERE,
              "Outbox entry "
                  + e.id()
                  + " was sent, but neither SENT nor UNCERTAIN could be written; it stays in flight"
                  + " until its bot's loop starts again",
              stuck);
        }
      }
    }
  }

  /**
   * Marks the entry's call as leaving. False, and the call is not made, when the entry is no longer
   * in flight (cancelled or erased meanwhile) or the mark cannot be written (then the entry goes
   * back to PENDING: a call made without the mark could be repeated after a crash).
   */
  private boolean markDeparted(OutboxEntry e) {
    switch (departures.mark(e.id())) {
      case MARKED:
        return true;
      case GONE:
        answers.add(new Answer(false, e.chatId(), null, false, false, CallKind.OTHER, null, null));
        windowStale = true;
        wake();
        return false;
      default:
        notMade(e);
        return false;
    }
  }

  /**
   * Puts a claimed call back to PENDING without making it (its attempt not counted); the next tick
   * plans it again, with the pause of the 429 that came meanwhile. False if that could not be
   * written: then the call is made as planned.
   */
  private boolean notMade(OutboxEntry e) {
    try {
      recordOutcome(() -> engine.outcomes().notMade(e.id(), clock.instant()));
    } catch (RuntimeException ex) {
      LOG.log(Level.WARNING, "Could not put outbox entry " + e.id() + " back to pending", ex);
      return false;
    }
    answers.add(
        new Answer(
            false,
            e.chatId(),
            new Decision.RateLimited(Duration.ZERO, "not made: a 429 came back first"),
            false,
            false,
            CallKind.OTHER,
            null,
            null));
    windowStale = true;
    wake();
    return true;
  }

  /**
   * Telegram does not say which limit a 429 is about. If the chat was quiet, or another chat was
   * limited just before, the bot's overall budget is the cause: the whole bot pauses; otherwise the
   * chat (or group) alone.
   */
  private void pauseFor429(long chatId, Decision.RateLimited r) {
    received429.incrementAndGet();
    Instant until;
    boolean botWide;
    synchronized (tickLock) {
      Instant now = clock.instant();
      botWide =
          !throttle.chatWasBusy(chatId)
              || last429Chat != chatId && last429At.plus(BOT_WIDE_429).isAfter(now);
      until =
          botWide ? throttle.pauseBot(r.retryAfter()) : throttle.pauseChat(chatId, r.retryAfter());
      last429At = now;
      last429Chat = chatId;
      applied429++;
    }
    try {
      // Written down so that a restart keeps the pause (see start).
      if (botWide) {
        engine.bots().pauseUntil(botId, until);
      } else {
        engine.chats().pause(botId.value(), chatId, until);
      }
    } catch (RuntimeException ex) {
      LOG.log(Level.WARNING, "Bot " + botId + ": could not persist the 429 pause", ex);
    }
    LOG.warning(
        "Bot "
            + botId
            + ": 429 for chat "
            + chatId
            + " ("
            + r.description()
            + "); pausing "
            + (botWide ? "the whole bot" : "that chat")
            + " until "
            + until);
  }

  /**
   * The entry's forum topic was deleted: creates it again under the name the ticket knows it by
   * (createForumTopic, booked against the group like a message), unless it was recreated before.
   * Returns what to do with the entry: move it (and its topic's pending entries) to the new topic;
   * or, when no ticket knows the topic, fail it as before; or, when creating failed, what that
   * failure means (a 429 pauses, a 5xx backs off and the next attempt tries again, anything else
   * fails the entry with both reasons).
   */
  private Decision recreateTopic(BotEndpoint target, OutboxEntry e, Decision.ThreadNotFound lost) {
    Optional<Long> recreated =
        engine.chats().currentThread(botId.value(), e.chatId(), e.threadId());
    if (recreated.isPresent()) {
      return new Decision.TopicRecreated(recreated.get(), lost.description());
    }
    Optional<String> name = engine.topicName(botId, e.chatId(), e.threadId());
    if (name.isEmpty()) {
      return lost;
    }
    synchronized (tickLock) {
      throttle.record(e.chatId(), BotMethod.CREATE_FORUM_TOPIC.kind(), false);
    }
    try {
      JsonValue created =
          engine
              .botApi()
              .callRaw(
                  target,
                  BotMethod.CREATE_FORUM_TOPIC.wireName(),
                  Json.createObjectBuilder()
                      .add("chat_id", e.chatId())
                      .add("name", name.get())
                      .build(),
                  null,
                  new CallContext("topic-management", e.lane().wireName(), 1, e.chatId(), null));
      long newThread = created.asJsonObject().getJsonNumber("message_thread_id").longValue();
      LOG.info(
          "Bot "
              + botId
              + ": topic "
              + e.threadId()
              + " of chat "
              + e.chatId()
              + " was deleted; recreated it as "
              + newThread);
      return new Decision.TopicRecreated(newThread, lost.description());
    } catch (BotApiException failure) {
      // Repeating createForumTopic at worst leaves an empty topic behind: retry it like an edit.
      Decision d = FailureClassifier.classify(failure, true);
      if (d instanceof Decision.Permanent p) {
        return new Decision.Permanent(
            p.code(),
            lost.description()
                + " (the forum topic was deleted); creating it again failed: "
                + p.description());
      }
      return d;
    }
  }

  /**
   * A call into a forum topic that is closed or was deleted: reopens or recreates the topic first.
   * Any other failure is returned as it is.
   */
  private Decision repairTopic(BotEndpoint target, OutboxEntry e, Decision classified) {
    if (e.threadId() == null) {
      return classified;
    }
    if (classified instanceof Decision.ThreadNotFound lost) {
      return recreateTopic(target, e, lost);
    }
    if (classified instanceof Decision.TopicClosed closed) {
      return reopenTopic(target, e, closed);
    }
    return classified;
  }

  /**
   * TOPIC_CLOSED: reopens the topic, then the entry is sent again. If reopening fails, that failure
   * decides (a 429 pauses, a 5xx backs off, anything else fails the entry with both reasons), so
   * that the entry never stays in flight.
   */
  private Decision reopenTopic(BotEndpoint target, OutboxEntry e, Decision.TopicClosed closed) {
    synchronized (tickLock) {
      throttle.record(e.chatId(), BotMethod.REOPEN_FORUM_TOPIC.kind(), false);
    }
    try {
      engine
          .botApi()
          .callRaw(
              target,
              BotMethod.REOPEN_FORUM_TOPIC.wireName(),
              Json.createObjectBuilder()
                  .add("chat_id", e.chatId())
                  .add("message_thread_id", e.threadId())
                  .build(),
              null,
              new CallContext(
                  "topic-management", e.lane().wireName(), 1, e.chatId(), e.threadId()));
      return closed;
    } catch (BotApiException failure) {
      Decision d = FailureClassifier.classify(failure, true);
      if (d instanceof Decision.Permanent p) {
        if (String.valueOf(p.description()).contains("TOPIC_NOT_MODIFIED")) {
          return closed; // someone reopened it meanwhile
        }
        return new Decision.Permanent(
            p.code(), closed.description() + "; reopening the topic failed: " + p.description());
      }
      return d;
    }
  }

  /** What the call audit records about the call of an entry (claimed: attempts counts this one). */
  private static CallContext callContext(OutboxEntry e) {
    return new CallContext(
        e.category(), e.lane().wireName(), Math.max(1, e.attempts()), e.chatId(), e.threadId());
  }

  /**
   * Writes an outcome, trying again twice when the database refuses the transaction (e.g. a
   * deadlock victim): an outcome that is never written leaves the entry IN_FLIGHT and its chat
   * waiting until the next restart.
   */
  private void recordOutcome(Runnable write) {
    RuntimeException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        write.run();
        return;
      } catch (RuntimeException e) {
        last = e;
      }
    }
    throw last;
  }

  /** A message reached the chat: a "typing..." still waiting for it would only be noise now. */
  private void dropChatActions(long chatId, Instant now) {
    List<Long> moot =
        window.stream()
            .filter(
                e ->
                    e.chatId() == chatId
                        && BotMethod.SEND_CHAT_ACTION.wireName().equals(e.method()))
            .map(OutboxEntry::id)
            .toList();
    if (!moot.isEmpty()) {
      engine.outcomes().dropChatActions(moot, now);
      window = window.stream().filter(e -> !moot.contains(e.id())).toList();
    }
  }

  private void applyAnswers(Instant now) {
    Answer a;
    while ((a = answers.poll()) != null) {
      busyChats.remove(a.chatId());
      if (!a.made()) {
        continue; // held back at its slot: nothing reached Telegram
      }
      // The chat's limits count from the answer: the latest its call can have reached Telegram.
      throttle.answered(a.chatId(), a.kind(), a.booked(), a.answered());
      Decision d = a.decision();
      if (d == null) {
        breaker.recordSuccess();
        if (a.kind() == CallKind.MESSAGE) {
          dropChatActions(a.chatId(), now);
        }
        continue;
      }
      if (a.transportFailure()) {
        lastFailure = a.failure();
        breaker.recordFailure();
      }
      // A 429 was paused when its answer came (see send); a 403 is remembered here.
      if (d instanceof Decision.ChatUnreachable c) {
        unreachable.put(a.chatId(), c.description());
      }
    }
    throttle.forgetIdleChats();
  }
}
