package io.tgdesk.telegram.inbound;

import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The chats of one bot whose updates must wait, and in forums the topics: each one's earliest
 * update that failed and is to be tried again, and when. Read from the store at each look of the
 * bot's drain and added to as its updates fail, so that the later updates of a chat (of a forum
 * topic) never overtake a failed one. A forum's other topics, and its General topic, go on.
 * Thread-safe.
 */
final class HeldChats {

  /**
   * A chat, or a forum topic of it, held back until {@code until} by its update {@code updateId}.
   */
  record Hold(UpdateChat.Place place, long updateId, Instant until) {}

  private final ConcurrentHashMap<UpdateChat.Place, Hold> byPlace = new ConcurrentHashMap<>();

  static HeldChats of(Collection<Hold> holds) {
    HeldChats held = new HeldChats();
    holds.forEach(held::hold);
    return held;
  }

  boolean isEmpty() {
    return byPlace.isEmpty();
  }

  /** The hold on the place by an update before {@code updateId}, if any. */
  Optional<Hold> before(UpdateChat.Place place, long updateId) {
    Hold h = byPlace.get(place);
    return h != null && h.updateId() < updateId ? Optional.of(h) : Optional.empty();
  }

  /** Holds the place; its earliest failed update (and that one's next attempt) wins. */
  void hold(Hold hold) {
    byPlace.merge(hold.place(), hold, (a, b) -> a.updateId() <= b.updateId() ? a : b);
  }
}
