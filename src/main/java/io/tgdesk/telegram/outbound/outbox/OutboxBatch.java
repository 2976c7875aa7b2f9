package io.tgdesk.telegram.outbound.outbox;

import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A batch of inserts in the caller's transaction, for requests of thousands of entries ({@link
 * OutboxStore#batch}): entries are written together instead of one statement round and one flush
 * each (a flush per entry made a 10,000-message request take most of a minute). Two entries to the
 * same chat (and topic) are never written in the same flush, so ids, which order a chat's calls,
 * follow the order of {@link #add}. Not thread-safe; use it within one transaction.
 */
public final class OutboxBatch {

  private static final int MAX_UNFLUSHED = 500;

  private final EntityManager em;
  private final Event<DeliveryStateChanged> events;
  private final Instant now;
  private final List<OutboxEntry> unflushed = new ArrayList<>();
  private final Set<List<Long>> chats = new HashSet<>();

  OutboxBatch(EntityManager em, Event<DeliveryStateChanged> events, Instant now) {
    this.em = em;
    this.events = events;
    this.now = now;
  }

  /**
   * Adds an entry; its id is known after the next {@link #flush} (or the next add to the same
   * chat).
   */
  public OutboxEntry add(
      long botId,
      String method,
      String params,
      long chatId,
      long threadKey,
      Lane lane,
      String category,
      boolean paid,
      Instant notBefore) {
    List<Long> chat = List.of(chatId, threadKey);
    if (chats.contains(chat) || unflushed.size() >= MAX_UNFLUSHED) {
      flush();
    }
    chats.add(chat);
    OutboxEntry e =
        new OutboxEntry(
            botId, method, params, chatId, threadKey, lane, category, null, paid, notBefore, now);
    em.persist(e);
    unflushed.add(e);
    return e;
  }

  /** Writes what was added since the last flush, then raises its events. */
  public void flush() {
    if (unflushed.isEmpty()) {
      return;
    }
    em.flush();
    for (OutboxEntry e : unflushed) {
      events.fire(DeliveryStateChanged.of(e, null, now));
    }
    unflushed.clear();
    chats.clear();
  }
}
