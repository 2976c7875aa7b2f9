package io.tgdesk.telegram.outbound;

import io.tgdesk.telegram.outbound.outbox.Lane;
import io.tgdesk.telegram.outbound.throttle.BotThrottle;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Decides, at one instant, which pending calls of one bot go out now: the oldest entry of each
 * (chat, thread) only, never one whose chat already has a call in flight, agent replies before
 * notices before bulk, and only what the {@link BotThrottle} allows, booked on the bot budget's
 * slots up to a short horizon ahead. Also says when to look again. Pure logic against one instant;
 * not thread-safe (one bot's dispatcher thread).
 *
 * <p>Within a lane, the longest chain goes first: a chat with many calls queued can only send one a
 * second (a group also only 20 a minute), so it is the critical path of the whole queue, and
 * starting it late leaves the bot's budget idle at the end while that chat drips out its rest.
 * Starting the longest remaining chains first (highest level first, which is optimal for chains of
 * unit calls) finishes a burst at the bot's limit. A chat's head that has waited {@link #AGE_BOUND}
 * goes before every chain, oldest first, so no chat waits without bound behind long chains.
 */
public final class DeliveryPlanner {

  /** A pending entry as the planner sees it. */
  public record Candidate(
      long entryId,
      long chatId,
      long threadKey,
      Lane lane,
      BotMethod method,
      boolean paid,
      Instant notBefore,
      int items) {

    /** A call that puts one message (or none) into its chat. */
    public Candidate(
        long entryId,
        long chatId,
        long threadKey,
        Lane lane,
        BotMethod method,
        boolean paid,
        Instant notBefore) {
      this(entryId, chatId, threadKey, lane, method, paid, notBefore, 1);
    }

    OrderKey key() {
      return new OrderKey(chatId, threadKey);
    }
  }

  /** The ordering key: one chat and thread. */
  public record OrderKey(long chatId, long threadKey) {}

  /**
   * What to send, each with the slot of the bot budget booked for it (now, or a little ahead, at
   * most the horizon), and when something else may become sendable.
   */
  public record Plan(List<Candidate> send, Map<Long, Instant> slots, Instant nextLook) {
    /** The booked slot of a call in {@link #send}. */
    public Instant slotOf(Candidate c) {
      return slots.get(c.entryId());
    }
  }

  /** How long a call may wait behind longer chains before it goes first by age. */
  public static final Duration AGE_BOUND = Duration.ofSeconds(15);

  private DeliveryPlanner() {}

  /**
   * As {@link #plan(Collection, Set, int, BotThrottle, Instant, Duration, Duration)}, no horizon.
   */
  public static Plan plan(
      Collection<Candidate> pending,
      Set<Long> busyChats,
      int capacity,
      BotThrottle throttle,
      Instant now,
      Duration idleLook) {
    return plan(pending, busyChats, capacity, throttle, now, Duration.ZERO, idleLook);
  }

  /**
   * Books the slots of the bot budget from now to {@code now + horizon}, each for the first call in
   * priority order (lane, then age) whose chat is ready by then; a call whose chat becomes ready
   * only later never holds a slot that another can use. Booking a little ahead means a tick that
   * runs late loses no budget.
   *
   * @param pending pending entries in any order; several per key allowed (only the oldest counts)
   * @param busyChats chats with a call in flight (their next call waits for its answer)
   * @param capacity how many more calls may be in flight
   * @param horizon how far ahead slots may be booked
   * @param idleLook when to look again if nothing is waiting on a time
   */
  public static Plan plan(
      Collection<Candidate> pending,
      Set<Long> busyChats,
      int capacity,
      BotThrottle throttle,
      Instant now,
      Duration horizon,
      Duration idleLook) {
    return plan(pending, Map.of(), busyChats, capacity, throttle, now, horizon, idleLook);
  }

  /**
   * As {@link #plan(Collection, Set, int, BotThrottle, Instant, Duration, Duration)}, knowing how
   * many calls some chats have pending in all, beyond those in {@code pending} (a window of the
   * queue may hold only the first few of a long chain).
   *
   * @param chainLengths pending calls per (chat, thread), where known; at least what {@code
   *     pending} holds is assumed for the others
   */
  // Over 60 lines on purpose: both passes (readiness, then booking) narrow the same next look and
  // share the round's chats; split, that state would travel between methods.
  public static Plan plan(
      Collection<Candidate> pending,
      Map<OrderKey, Integer> chainLengths,
      Set<Long> busyChats,
      int capacity,
      BotThrottle throttle,
      Instant now,
      Duration horizon,
      Duration idleLook) {
    Map<OrderKey, Candidate> heads = new LinkedHashMap<>();
    Map<OrderKey, Integer> lengths = new HashMap<>();
    pending.stream()
        .sorted(Comparator.comparingLong(Candidate::entryId))
        .forEach(
            c -> {
              heads.putIfAbsent(c.key(), c);
              lengths.merge(c.key(), 1, Integer::sum);
            });
    chainLengths.forEach((key, n) -> lengths.merge(key, n, Math::max));
    Instant overdueBefore = now.minus(AGE_BOUND);
    Comparator<Candidate> priority =
        Comparator.comparingInt((Candidate c) -> c.lane().priority())
            .thenComparing(c -> !c.notBefore().isBefore(overdueBefore))
            .thenComparingDouble(
                c ->
                    c.notBefore().isBefore(overdueBefore)
                        ? 0
                        : -chainSeconds(c.chatId(), lengths.getOrDefault(c.key(), 1)))
            .thenComparingLong(Candidate::entryId);
    Instant limit = now.plus(horizon);
    Instant next = now.plus(idleLook);
    // Per budget (free, paid): the calls whose chat is ready within the horizon, and when.
    Map<Boolean, List<Ready>> byBudget = new LinkedHashMap<>();
    byBudget.put(false, new ArrayList<>());
    byBudget.put(true, new ArrayList<>());
    for (Candidate c : heads.values()) {
      if (busyChats.contains(c.chatId())) {
        continue;
      }
      Instant ready =
          max(c.notBefore(), throttle.chatReady(c.chatId(), c.method().kind(), now, c.items()));
      if (ready.isAfter(limit)) {
        next = min(next, ready.minus(horizon));
        continue;
      }
      byBudget.get(throttle.paidBudget(c.paid())).add(new Ready(c, ready));
    }

    List<Candidate> send = new ArrayList<>();
    Map<Long, Instant> slots = new HashMap<>();
    Set<Long> chatsThisRound = new HashSet<>();
    for (var budget : byBudget.entrySet()) {
      boolean paid = budget.getKey();
      List<Ready> waiting = budget.getValue();
      waiting.sort(Comparator.comparing(Ready::at).thenComparing(Ready::candidate, priority));
      PriorityQueue<Candidate> eligible = new PriorityQueue<>(priority);
      int w = 0;
      while (send.size() < capacity && (w < waiting.size() || !eligible.isEmpty())) {
        Instant slot = throttle.budgetNext(paid, now);
        if (slot.isAfter(limit)) {
          next = min(next, max(now, slot.minus(horizon.dividedBy(2))));
          break;
        }
        if (eligible.isEmpty() && waiting.get(w).at().isAfter(slot)) {
          slot =
              waiting
                  .get(w)
                  .at(); // nothing is ready for this slot; the next ready call takes its own
          if (slot.isAfter(limit)) {
            break;
          }
        }
        while (w < waiting.size() && !waiting.get(w).at().isAfter(slot)) {
          eligible.add(waiting.get(w++).candidate());
        }
        Candidate c = eligible.poll();
        if (c == null || !chatsThisRound.add(c.chatId())) {
          continue; // another thread of a chat that has a call this round: its turn comes later
        }
        throttle.record(c.chatId(), c.method().kind(), c.paid(), slot, c.items());
        send.add(c);
        slots.put(c.entryId(), slot);
      }
    }
    if (send.size() >= capacity) {
      next = now;
    }
    return new Plan(send, slots, next);
  }

  /**
   * The shortest time a chain of {@code n} calls to one chat takes under Telegram's limits: one a
   * second, and in a group at most 20 in any minute.
   */
  static double chainSeconds(long chatId, int n) {
    int k = n - 1;
    return BotThrottle.isGroup(chatId) ? 60.0 * (k / 20) + k % 20 : k;
  }

  /** A call and when its chat allows it. */
  private record Ready(Candidate candidate, Instant at) {}

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
