package io.tgdesk.telegram.outbound;

import io.tgdesk.telegram.botapi.BotEndpoint;
import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.telegram.outbound.DeliveryPlanner.Candidate;
import io.tgdesk.telegram.outbound.outbox.DeliveryChat;
import io.tgdesk.telegram.outbound.outbox.Lane;
import io.tgdesk.telegram.outbound.outbox.OutboxEntry;
import io.tgdesk.telegram.outbound.retry.Decision;
import io.tgdesk.telegram.outbound.throttle.BotThrottle;
import io.tgdesk.telegram.outbound.throttle.CallKind;
import io.tgdesk.telegram.outbound.throttle.Limits;
import io.tgdesk.telegram.outbound.throttle.StartGate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One bot's delivery loop. A tick (on the managed scheduler, one at a time) reads the bot's pending
 * window, plans with the throttle, claims what goes now and hands each call to the managed
 * executor; answers come back through a queue that the next tick applies to the throttle (429
 * pauses) and the circuit breaker. Ticks run when the planner says something becomes sendable, when
 * new entries are enqueued, and when an answer arrives.
 *
 * <p>Its parts: the {@link PendingWindow}, the {@link CallSender} (on sender threads), the {@link
 * RateLimitPauses}, the {@link BotBreaker} and the {@link TopicRepair}. The throttle and everything
 * the tick reads are guarded by the tick lock.
 */
public final class BotDelivery {

  private static final Logger LOG = Logger.getLogger(BotDelivery.class.getName());

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

  private final BotId botId;
  private final DeliveryPorts ports;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService senders;
  private final BotThrottle throttle;
  private final StartGate freeGate;
  private final StartGate paidGate;
  private final BotBreaker breaker;
  private final RateLimitPauses pauses;
  private final CallSender sender;
  private final PendingWindow window;
  private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
  private final Set<Long> busyChats = new HashSet<>();

  /** Chats known unreachable, with the reason; cleared from request threads too. */
  private final Map<Long, String> unreachable = new ConcurrentHashMap<>();

  /**
   * Held by a tick, and by whatever changes what a tick reads together (limits and endpoint, the
   * throttle's pauses and topics).
   */
  private final Object tickLock = new Object();

  /**
   * Guards the planned next tick only, never held for more than a few statements: a thread that
   * wakes the loop (a sender with an answer, a request that enqueued) never waits for a running
   * tick, which can take long (it reads and claims in the database).
   */
  private final Object scheduleLock = new Object();

  private final AtomicInteger sending = new AtomicInteger();

  private volatile BotEndpoint endpoint;
  private volatile boolean enabled;
  private volatile boolean stopped;
  private ScheduledFuture<?> nextTick;
  private Instant nextTickAt = Instant.MAX;

  BotDelivery(
      BotId botId,
      BotEndpoint endpoint,
      boolean enabled,
      Limits limits,
      DeliveryPorts ports,
      Clock clock,
      ScheduledExecutorService scheduler,
      ExecutorService senders) {
    this.botId = botId;
    this.endpoint = endpoint;
    this.enabled = enabled;
    this.ports = ports;
    this.clock = clock;
    this.scheduler = scheduler;
    this.senders = senders;
    this.throttle = new BotThrottle(limits, clock);
    this.freeGate = new StartGate(clock);
    this.paidGate = new StartGate(clock);
    this.window = new PendingWindow(botId.value(), ports.windows()::read);
    this.breaker =
        new BotBreaker(
            botId, ports.breakerSettings(), clock, ports::nodeId, ports.breakerChanges());
    this.pauses =
        new RateLimitPauses(
            botId, throttle, tickLock, RateLimitPauses.Store.persistedBy(ports, botId), clock);
    TopicRepair topics =
        new TopicRepair(
            botId, ports.calls(), TopicRepair.Topics.knownBy(ports, botId), throttle, tickLock);
    this.sender =
        new CallSender(
            ports.calls(),
            CallSender.Outcomes.writtenBy(ports.outcomes()),
            new DepartureMarks(ids -> ports.store().markDeparted(ids, clock.instant())),
            pauses,
            topics,
            throttle,
            new CallSender.Loop() {
              @Override
              public boolean mayAct() {
                return ports.mayAct(botId);
              }

              @Override
              public boolean open() {
                return BotDelivery.this.enabled && !breaker.isOpen();
              }

              @Override
              public void disable() {
                BotDelivery.this.enabled = false;
              }
            },
            clock);
  }

  void reconfigure(BotEndpoint endpoint, boolean enabled, Limits limits) {
    // The limits first, under the tick's lock: a tick that sees the bot enabled must also see its
    // new limits (a bot enabled and opted out of paid broadcast in one change sent a few calls
    // paid).
    synchronized (tickLock) {
      throttle.changeLimits(limits);
      this.endpoint = endpoint;
      this.enabled = enabled;
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
    List<DeliveryChat> restricted = ports.chats().restrictions(botId.value(), now);
    pauses.restore(botPausedUntil, restricted, now);
    for (DeliveryChat c : restricted) {
      if (c.unreachableReason() != null) {
        unreachable.put(c.chatId(), c.unreachableReason());
      }
    }
    // What the bot sent in the last minute still counts against its limits (a restart, or a
    // takeover from another server, must not start with an empty budget).
    for (OutboxEntry sent : ports.store().sentSince(botId.value(), now.minus(SEED_PERIOD))) {
      if (sent.lane().unordered()) {
        continue; // answers book no budget
      }
      BotMethod.byWireName(sent.method())
          .ifPresent(
              m ->
                  throttle.record(
                      sent.chatId(),
                      m.kind(),
                      sent.paid(),
                      sent.sentAt(),
                      BotMethod.itemsOf(sent.method(), sent.params())));
    }
    for (OutboxEntry e : ports.store().inFlight(botId.value())) {
      boolean idempotent =
          BotMethod.byWireName(e.method()).map(BotMethod::idempotent).orElse(false);
      ports.outcomes().recover(e, idempotent, now);
    }
    wake();
  }

  /** Forgets that a chat was unreachable (an admin retries one of its entries). */
  void clearUnreachable(long chatId) {
    unreachable.remove(chatId);
  }

  /** Stops the loop; returns once a tick under way has finished (no call is handed out after). */
  void stop() {
    stopped = true;
    synchronized (scheduleLock) {
      if (nextTick != null) {
        nextTick.cancel(false);
      }
    }
    synchronized (tickLock) {
      // Waits for a running tick: the next one sees stopped.
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

  /** New or returned entries: the next tick re-reads the window. */
  void entriesChanged() {
    window.markStale();
    wake();
  }

  /** Look now (new entries, an answer, a configuration change). */
  void wake() {
    schedule(clock.instant());
  }

  private void schedule(Instant at) {
    if (stopped) {
      return;
    }
    synchronized (scheduleLock) {
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
      synchronized (scheduleLock) {
        // Only now, with the tick's lock: a tick that waits for a running one keeps its place, so
        // the wakes meanwhile join it instead of each queueing one more tick.
        nextTickAt = Instant.MAX;
      }
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

  /**
   * One tick: applies the answers, plans, claims and hands the calls out. Returns the next look.
   */
  private Instant tickLocked() {
    Instant now = clock.instant();
    applyAnswers(now);
    if (!enabled || !ports.mayAct(botId)) {
      return now.plus(IDLE_LOOK);
    }
    // The circuit breaker: open -> no calls until its delay passed; then one probe at a time
    // (half-open) until a probe succeeds (closed) or fails (open again).
    Duration closed = breaker.remainingDelay();
    if (closed.compareTo(Duration.ZERO) > 0) {
      return now.plus(closed).plusMillis(10);
    }
    Map<Long, OutboxEntry> byId = new HashMap<>();
    List<Candidate> candidates = candidates(now, byId);
    // Answers to button presses first, outside the budget, the chats' order and the capacity:
    // nothing queued for the bot may hold them back (see Lane.ANSWER).
    List<Candidate> answersNow = candidates.stream().filter(c -> c.lane().unordered()).toList();
    if (!answersNow.isEmpty()) {
      candidates = candidates.stream().filter(c -> !c.lane().unordered()).toList();
      if (!breaker.isHalfOpen() && !throttle.botReady(now).isAfter(now)) {
        sendAnswers(answersNow.stream().map(c -> byId.get(c.entryId())).toList(), now);
      }
    }
    int capacity = maxInFlight(throttle.limits()) - busyChats.size();
    if (capacity <= 0) {
      return now.plus(IDLE_LOOK);
    }
    if (breaker.isHalfOpen()) {
      if (!busyChats.isEmpty()) {
        return now.plus(IDLE_LOOK);
      }
      capacity = 1;
    }
    // A chat whose next entry an older one of the same chat may precede from outside the window
    // waits, and that older entry joins the window to go first (see heldBack).
    Set<Long> held = heldBack(candidates, byId);
    Set<Long> notNow = busyChats;
    if (!held.isEmpty()) {
      notNow = new HashSet<>(busyChats);
      notNow.addAll(held);
    }
    DeliveryPlanner.Plan plan =
        DeliveryPlanner.plan(
            candidates, window.chains(), notNow, capacity, throttle, now, HORIZON, IDLE_LOOK);
    Instant nextLook = plan.nextLook();
    if (!held.isEmpty() && nextLook.isAfter(now.plus(HELD_BACK_LOOK))) {
      nextLook = now.plus(HELD_BACK_LOOK);
    }
    if (plan.send().isEmpty()) {
      return nextLook;
    }
    List<Long> ids = plan.send().stream().map(Candidate::entryId).toList();
    window.remove(new HashSet<>(ids));
    List<OutboxEntry> claimed =
        ports.store().claim(ids, ports.nodeId(), now, () -> ports.holdsLease(botId, now));
    handOut(claimed, plan);
    return nextLook;
  }

  /** How soon a tick looks again after it held chats back for older entries it took in. */
  static final Duration HELD_BACK_LOOK = Duration.ofMillis(50);

  /**
   * The chats whose next entry in the window an older entry of the same chat and thread precedes
   * from outside it: further back in another lane than the window holds. Only the entries newer
   * than where another lane was cut at the last read can have one (within the window the planner
   * keeps each chat's order across lanes, and a lane's own entries left out are newer than those
   * read), so the outbox is asked about those only, in one query. The older entries join the window
   * and go first, instead of the newer one waiting until their lane reaches them, which for a
   * broadcast can be minutes.
   */
  private Set<Long> heldBack(List<Candidate> candidates, Map<Long, OutboxEntry> byId) {
    Map<DeliveryPlanner.OrderKey, OutboxEntry> heads = new HashMap<>();
    for (Candidate c : candidates) {
      if (!busyChats.contains(c.chatId())) {
        heads.merge(c.key(), byId.get(c.entryId()), (a, b) -> a.id() < b.id() ? a : b);
      }
    }
    List<OutboxEntry> mayFollow = window.newerThanAnotherLanesCut(heads.values());
    if (mayFollow.isEmpty()) {
      return Set.of();
    }
    Set<Long> blocked = new HashSet<>(ports.store().blockedByOlder(botId.value(), mayFollow));
    Set<Long> chats = new HashSet<>();
    List<OutboxEntry> older = new ArrayList<>();
    for (OutboxEntry e : mayFollow) {
      if (blocked.contains(e.id())) {
        chats.add(e.chatId());
        ports.store().pendingOfThread(botId.value(), e.chatId(), e.threadKey()).stream()
            .filter(o -> o.id() < e.id())
            .limit(PendingWindow.PER_CHAIN)
            .forEach(older::add);
      }
    }
    window.add(older);
    return chats;
  }

  /**
   * Claims answers to button presses and hands each to a sender thread at once, past the budget's
   * gate (they book no slot) and without making their chat busy: the chat's messages go beside
   * them.
   */
  private void sendAnswers(List<OutboxEntry> entries, Instant now) {
    List<Long> ids = entries.stream().map(OutboxEntry::id).toList();
    window.remove(ids);
    List<OutboxEntry> claimed =
        ports.store().claim(ids, ports.nodeId(), now, () -> ports.holdsLease(botId, now));
    for (OutboxEntry e : claimed) {
      CallSender.Dispatch d =
          new CallSender.Dispatch(
              endpoint, e, false, now, new StartGate(clock), Duration.ZERO, 0, pauses.applied());
      sending.incrementAndGet();
      senders.execute(
          () -> {
            try {
              sender
                  .send(d)
                  .ifPresent(
                      a -> {
                        if (!(a instanceof Answer.Sent)) {
                          window.markStale(); // pending again (a retry), or settled
                        }
                        wake();
                      });
            } finally {
              sending.decrementAndGet();
            }
          });
    }
  }

  /**
   * The window's entries as the planner sees them. Entries to a chat known unreachable, or of a
   * method this version does not know, are failed here and leave the window; so are entries of a
   * lane with a maximum age that are older (stale), and chat actions with a message queued behind
   * them for the same chat (the message goes first, and then the action would say nothing).
   *
   * @param byId filled with the candidates' entries by id
   */
  private List<Candidate> candidates(Instant now, Map<Long, OutboxEntry> byId) {
    List<Candidate> candidates = new ArrayList<>();
    Set<Long> settled = new HashSet<>();
    Map<Long, Boolean> stillUnreachable = new HashMap<>();
    List<OutboxEntry> current = window.current(now);
    Set<Long> chatsWithMessages = new HashSet<>();
    for (OutboxEntry e : current) {
      if (e.lane() != Lane.TYPING && !e.lane().unordered()) {
        chatsWithMessages.add(e.chatId());
      }
    }
    List<Long> stale = new ArrayList<>();
    List<Long> superseded = new ArrayList<>();
    for (OutboxEntry e : current) {
      if (e.lane().maxAge().map(age -> e.createdAt().plus(age).isBefore(now)).orElse(false)) {
        stale.add(e.id());
        continue;
      }
      if (e.lane() == Lane.TYPING && chatsWithMessages.contains(e.chatId())) {
        superseded.add(e.id());
        continue;
      }
    }
    if (!stale.isEmpty()) {
      ports.outcomes().dropStale(stale, now);
      settled.addAll(stale);
    }
    if (!superseded.isEmpty()) {
      ports.outcomes().dropChatActions(superseded, now);
      settled.addAll(superseded);
    }
    for (OutboxEntry e : current) {
      if (settled.contains(e.id())) {
        continue;
      }
      String unreachableReason = unreachable.get(e.chatId());
      if (unreachableReason != null) {
        // Another server may have cleared the mark (an admin's retry, the customer writing while
        // it owned the bot): the database decides before anything fails on the remembered one,
        // once per chat and tick.
        if (stillUnreachable.computeIfAbsent(
            e.chatId(),
            chat ->
                ports
                    .chats()
                    .find(botId.value(), chat)
                    .map(c -> c.unreachableReason() != null)
                    .orElse(false))) {
          ports.outcomes().failUnreachable(e.id(), unreachableReason, now);
          settled.add(e.id());
          continue;
        }
        unreachable.remove(e.chatId());
      }
      BotMethod method = BotMethod.byWireName(e.method()).orElse(null);
      if (method == null) {
        ports.outcomes().failUnknownMethod(e.id(), e.method(), now);
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
              e.nextAttemptAt(),
              BotMethod.itemsOf(e.method(), e.params())));
      byId.put(e.id(), e);
    }
    window.remove(settled);
    return candidates;
  }

  /** Hands each claimed call to a sender thread, a little before its booked slot. */
  private void handOut(List<OutboxEntry> claimed, DeliveryPlanner.Plan plan) {
    Map<Long, Instant> slots = new HashMap<>();
    plan.send().forEach(c -> slots.put(c.entryId(), plan.slotOf(c)));
    // Paid broadcast only for the bulk lane of a bot opted in now: an entry marked paid when it was
    // enqueued goes unpaid once its bot has opted out.
    boolean paidAllowed = throttle.limits().paidPerSecond() > 0;
    Instant claimedAt = clock.instant();
    for (OutboxEntry e : claimed) {
      busyChats.add(e.chatId());
      boolean paid = paidAllowed && e.paid() && e.lane() == Lane.BULK;
      CallSender.Dispatch d =
          new CallSender.Dispatch(
              endpoint,
              e,
              paid,
              slots.get(e.id()),
              paid ? paidGate : freeGate,
              throttle.budgetSpacing(paid),
              throttle.budgetPerSecond(paid),
              pauses.applied());
      sending.incrementAndGet();
      Runnable call =
          () -> {
            try {
              sender.send(d).ifPresent(this::answered);
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
  }

  /** An answer from a sender thread, for the next tick. */
  private void answered(Answer answer) {
    boolean windowChanged =
        answer instanceof Answer.NotMade
            || answer instanceof Answer.Failed f && !(f.decision() instanceof Decision.AlreadyDone);
    if (windowChanged) {
      // Before the answer frees its chat: the tick that applies it must read the window again
      // (the entry may be pending again, ahead of its chat's newer ones).
      window.markStale();
    }
    answers.add(answer);
    wake();
  }

  /** Slots booked ahead add to the calls in flight: as many as the horizon holds. */
  static int maxInFlight(Limits l) {
    long perHorizon = (l.botPerSecond() + (long) l.paidPerSecond()) * HORIZON.toMillis() / 1000;
    return MAX_IN_FLIGHT + (int) perHorizon;
  }

  /** A message reached the chat: a "typing..." still waiting for it would only be noise now. */
  private void dropChatActions(long chatId, Instant now) {
    List<Long> moot = window.chatActionsTo(chatId);
    if (!moot.isEmpty()) {
      ports.outcomes().dropChatActions(moot, now);
      window.remove(moot);
    }
  }

  private void applyAnswers(Instant now) {
    Answer a;
    while ((a = answers.poll()) != null) {
      busyChats.remove(a.chatId());
      // Held back at its slot (NotMade): nothing reached Telegram.
      if (a instanceof Answer.Sent s) {
        // The chat's limits count from the answer: the latest its call can have reached Telegram.
        throttle.answered(s.chatId(), s.kind(), s.booked(), s.answered());
        breaker.recordSuccess();
        if (s.kind() == CallKind.MESSAGE) {
          dropChatActions(s.chatId(), now);
        }
      } else if (a instanceof Answer.Failed f) {
        throttle.answered(f.chatId(), f.kind(), f.booked(), f.answered());
        if (f.transportFailure()) {
          breaker.recordFailure(f.failure());
        }
        // A 429 was paused when its answer came (see CallSender); a 403 is remembered here.
        if (f.decision() instanceof Decision.ChatUnreachable c) {
          unreachable.put(f.chatId(), c.description());
          // Its outcome failed the chat's pending entries in the same transaction: they leave the
          // window now, instead of one lookup and one transaction each in the next tick.
          window.removeChat(f.chatId());
        }
      }
    }
    throttle.forgetIdleChats();
  }
}
