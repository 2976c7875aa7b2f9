package io.tgdesk.telegram.outbound;

import io.tgdesk.telegram.outbound.outbox.OutboxEntry;
import io.tgdesk.telegram.outbound.outbox.OutboxStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * The oldest pending entries of one bot, {@link #PER_LANE} of each lane, as the loop plans with
 * them: read from the outbox again when entries were added or came back ({@link #markStale}), when
 * it runs short, or when it is older than {@link #MAX_AGE}; in between, entries leave it as they
 * are claimed or settled. Used under the loop's tick lock, except {@link #markStale}, which any
 * thread may call.
 */
final class PendingWindow {

  static final int PER_LANE = 300;
  static final Duration MAX_AGE = Duration.ofSeconds(2);

  private final long botId;
  private final OutboxStore store;
  private List<OutboxEntry> entries = List.of();
  private volatile boolean stale = true;
  private Instant readAt = Instant.MIN;

  PendingWindow(long botId, OutboxStore store) {
    this.botId = botId;
    this.store = store;
  }

  /** New or returned entries: the next {@link #current} reads the window again. Thread-safe. */
  void markStale() {
    stale = true;
  }

  /** The window at {@code now}, read again first if it is stale, short or old. */
  List<OutboxEntry> current(Instant now) {
    if (stale || entries.size() < PER_LANE / 2 || readAt.plus(MAX_AGE).isBefore(now)) {
      stale = false;
      entries = store.window(botId, PER_LANE);
      readAt = now;
    }
    return entries;
  }

  /** Takes entries out of the window (claimed, settled or left to a later read). */
  void remove(Collection<Long> ids) {
    if (!ids.isEmpty()) {
      entries = entries.stream().filter(e -> !ids.contains(e.id())).toList();
    }
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
