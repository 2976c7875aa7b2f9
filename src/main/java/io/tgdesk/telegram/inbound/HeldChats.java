package io.tgdesk.telegram.inbound;

import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The chats of one bot whose updates must wait: each one's earliest update that failed and is to be
 * tried again, and when. Read from the store at each look of the bot's drain and added to as its
 * updates fail, so that a chat's later updates never overtake a failed one. Thread-safe.
 */
final class HeldChats {

  /** A chat held back until {@code until} by its update {@code updateId}. */
  record Hold(long chatId, long updateId, Instant until) {}

  private final ConcurrentHashMap<Long, Hold> byChat = new ConcurrentHashMap<>();

  static HeldChats of(Collection<Hold> holds) {
    HeldChats held = new HeldChats();
    holds.forEach(held::hold);
    return held;
  }

  boolean isEmpty() {
    return byChat.isEmpty();
  }

  /** The hold on the chat by an update before {@code updateId}, if any. */
  Optional<Hold> before(long chatId, long updateId) {
    Hold h = byChat.get(chatId);
    return h != null && h.updateId() < updateId ? Optional.of(h) : Optional.empty();
  }

  /** Holds the chat; its earliest failed update (and that one's next attempt) wins. */
  void hold(Hold hold) {
    byChat.merge(hold.chatId(), hold, (a, b) -> a.updateId() <= b.updateId() ? a : b);
  }
}
