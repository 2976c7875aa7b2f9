package io.tgdesk.telegram.outbound;

import io.tgdesk.telegram.outbound.outbox.Lane;
import io.tgdesk.telegram.outbound.outbox.OutboxEntry;
import io.tgdesk.telegram.outbound.outbox.OutboxWindows;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The oldest pending entries of one bot, {@link #PER_LANE} of each lane, and where a lane holds
 * more, the first {@link #PER_CHAIN} entries of its {@link #CHAINS} longest chains (chats with the
 * most pending entries) with their lengths, as the loop plans with them ({@code DeliveryPlanner}
 * starts the longest chains first): read from the outbox again when entries were added or came back
 * ({@link #markStale}), when it runs short, or when it is older than {@link #MAX_AGE}; in between,
 * entries leave it as they are claimed or settled. The chains are counted again only when entries
 * were added or came back, or when their count is older than {@link #MAX_AGE}: the count groups
 * every pending entry of a lane, and a window that runs short is read again several times a second
 * at the paid rates. Between counts, every chain shortens by one call a second at most, so the
 * longest stay the longest. Used under the loop's tick lock, except {@link #markStale}, which any
 * thread may call.
 */
final class PendingWindow {

  static final int PER_LANE = 300;
  static final Duration MAX_AGE = Duration.ofSeconds(2);

  /**
   * Beyond the oldest entries, the longest chains of a lane and their first entries: enough for the
   * planner to start the critical paths of a burst early (a chain sends one call a second, so four
   * last until the window is read again).
   */
  static final int CHAINS = 100;

  static final int PER_CHAIN = 4;

  /** How the window is read: {@link OutboxWindows#read}. */
  @FunctionalInterface
  interface Source {
    OutboxWindows.Window read(
        long botId, int perLane, int chains, int perChain, List<OutboxWindows.Chain> counted);
  }

  private final long botId;
  private final Source store;
  private List<OutboxEntry> entries = List.of();
  private Map<DeliveryPlanner.OrderKey, Integer> chains = Map.of();
  private Map<Lane, Long> cuts = Map.of();
  private volatile boolean stale = true;
  private Instant readAt = Instant.MIN;
  private List<OutboxWindows.Chain> counted = List.of();
  private Instant countedAt = Instant.MIN;

  PendingWindow(long botId, Source store) {
    this.botId = botId;
    this.store = store;
  }

  /**
   * New or returned entries: the next {@link #current} reads the window and counts the chains
   * again. Thread-safe.
   */
  void markStale() {
    stale = true;
  }

  /** The window at {@code now}, read again first if it is stale, short or old. */
  List<OutboxEntry> current(Instant now) {
    if (stale || entries.size() < PER_LANE / 2 || readAt.plus(MAX_AGE).isBefore(now)) {
      boolean added = stale;
      stale = false;
      boolean count = added || countedAt.plus(MAX_AGE).isBefore(now);
      OutboxWindows.Window read =
          store.read(botId, PER_LANE, CHAINS, PER_CHAIN, count ? null : counted);
      if (count) {
        counted = read.chains();
        countedAt = now;
      }
      entries = withPulled(read.entries());
      Map<DeliveryPlanner.OrderKey, Integer> lengths = new HashMap<>();
      read.chains()
          .forEach(
              c ->
                  lengths.put(
                      new DeliveryPlanner.OrderKey(c.chatId(), c.threadKey()), c.pending()));
      chains = lengths;
      cuts = read.cuts();
      readAt = now;
    }
    return entries;
  }

  /** Pending entries per chat and thread of the longest chains, as of the last read. */
  Map<DeliveryPlanner.OrderKey, Integer> chains() {
    return chains;
  }

  /**
   * The entries among {@code chosen} that an older entry of the same chat in another lane, left out
   * of the window, could precede: those newer than where a lane was cut at the last read. Within
   * the window the planner keeps each chat's order across lanes, and a lane's own entries left out
   * are newer than those read; so for the others the outbox need not be asked.
   */
  List<OutboxEntry> newerThanAnotherLanesCut(Collection<OutboxEntry> chosen) {
    if (cuts.isEmpty()) {
      return List.of();
    }
    return chosen.stream()
        .filter(
            e ->
                cuts.entrySet().stream()
                    .anyMatch(cut -> cut.getKey() != e.lane() && e.id() > cut.getValue()))
        .toList();
  }

  /**
   * Takes entries into the window that its reads leave out (older entries of a chat that hold back
   * a newer one in another lane); they stay through later reads until they leave it ({@link
   * #remove}: claimed or settled).
   */
  void add(Collection<OutboxEntry> more) {
    if (more.isEmpty()) {
      return;
    }
    Set<Long> known = new HashSet<>();
    pulled.forEach(e -> known.add(e.id()));
    more.stream().filter(e -> known.add(e.id())).forEach(pulled::add);
    entries = withPulled(entries);
  }

  /** The entries taken in by {@link #add}, until they leave the window. */
  private final List<OutboxEntry> pulled = new ArrayList<>();

  private List<OutboxEntry> withPulled(List<OutboxEntry> read) {
    if (pulled.isEmpty()) {
      return read;
    }
    Set<Long> present = new HashSet<>();
    read.forEach(e -> present.add(e.id()));
    List<OutboxEntry> all = new ArrayList<>(read);
    pulled.stream().filter(e -> present.add(e.id())).forEach(all::add);
    return List.copyOf(all);
  }

  /** Takes entries out of the window (claimed, settled or left to a later read). */
  void remove(Collection<Long> ids) {
    if (!ids.isEmpty()) {
      entries = entries.stream().filter(e -> !ids.contains(e.id())).toList();
      pulled.removeIf(e -> ids.contains(e.id()));
    }
  }

  /** Takes a chat's entries out of the window (they were settled together). */
  void removeChat(long chatId) {
    entries = entries.stream().filter(e -> e.chatId() != chatId).toList();
    pulled.removeIf(e -> e.chatId() == chatId);
  }

  /** The pending chat actions ("typing...") to a chat in the window. */
  List<Long> chatActionsTo(long chatId) {
    return entries.stream()
        .filter(
            e -> e.chatId() == chatId && BotMethod.SEND_CHAT_ACTION.wireName().equals(e.method()))
        .map(OutboxEntry::id)
        .toList();
  }
}
