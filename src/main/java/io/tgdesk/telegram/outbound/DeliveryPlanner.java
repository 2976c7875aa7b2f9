package io.tgdesk.telegram.outbound;

import io.tgdesk.telegram.outbound.outbox.Lane;
import io.tgdesk.telegram.outbound.throttle.BotThrottle;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides, at one instant, which pending calls of one bot go out now: the oldest entry of each
 * (chat, thread) only, never one whose chat already has a call in flight, agent replies before
 * notices before bulk, older before newer within a lane (so no chat starves the others), and only
 * what the {@link BotThrottle} allows now. Also says when to look again. Pure logic on the
 * throttle's clock; not thread-safe (one bot's dispatcher thread).
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
      Instant notBefore) {
    OrderKey key() {
      return new OrderKey(chatId, threadKey);
    }
  }

  /** The ordering key: one chat and thread. */
  public record OrderKey(long chatId, long threadKey) {}

  /** What to send now, and when something else may become sendable. */
  public record Plan(List<Candidate> send, Instant nextLook) {}

  private DeliveryPlanner() {}

  /**
   * @param pending pending entries in any order; several per key allowed (only the oldest counts)
   * @param busyChats chats with a call in flight (their next call waits for its answer)
   * @param capacity how many more calls may be in flight
   * @param idleLook when to look again if nothing is waiting on a time
   */
  public static Plan plan(
      Collection<Candidate> pending,
      Set<Long> busyChats,
      int capacity,
      BotThrottle throttle,
      Instant now,
      Duration idleLook) {
    Map<OrderKey, Candidate> heads = new LinkedHashMap<>();
    pending.stream()
        .sorted(Comparator.comparingLong(Candidate::entryId))
        .forEach(c -> heads.putIfAbsent(c.key(), c));
    List<Candidate> ordered = new ArrayList<>(heads.values());
    ordered.sort(Comparator.comparing(Candidate::lane).thenComparingLong(Candidate::entryId));

    List<Candidate> send = new ArrayList<>();
    Set<Long> chatsThisRound = new HashSet<>();
    Instant next = now.plus(idleLook);
    for (Candidate c : ordered) {
      if (send.size() >= capacity) {
        break;
      }
      if (busyChats.contains(c.chatId()) || chatsThisRound.contains(c.chatId())) {
        continue;
      }
      if (c.notBefore().isAfter(now)) {
        next = min(next, c.notBefore());
        continue;
      }
      Instant earliest = throttle.earliest(c.chatId(), c.method().kind(), c.paid(), now);
      if (earliest.isAfter(now)) {
        next = min(next, earliest);
        continue;
      }
      throttle.record(c.chatId(), c.method().kind(), c.paid(), now);
      send.add(c);
      chatsThisRound.add(c.chatId());
    }
    if (send.size() >= capacity) {
      next = now;
    }
    return new Plan(send, next);
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
