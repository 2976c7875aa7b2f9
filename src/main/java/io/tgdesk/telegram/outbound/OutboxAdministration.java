package io.tgdesk.telegram.outbound;

import io.tgdesk.schema.PageRows;
import io.tgdesk.schema.RetriedOnConflict;
import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.telegram.outbound.outbox.Lane;
import io.tgdesk.telegram.outbound.outbox.OutboxEntry;
import io.tgdesk.telegram.outbound.outbox.OutboxState;
import io.tgdesk.telegram.outbound.outbox.OutboxStore;
import io.tgdesk.web.Page;
import io.tgdesk.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What admins see and do in the outbox: list, inspect, retry, cancel, and counts per state and
 * lane.
 */
@ApplicationScoped
public class OutboxAdministration {

  private static final EnumSet<OutboxState> RETRYABLE =
      EnumSet.of(
          OutboxState.FAILED, OutboxState.UNCERTAIN, OutboxState.DEAD, OutboxState.CANCELLED);

  @PersistenceContext EntityManager em;
  @Inject OutboxStore store;
  @Inject Clock clock;
  @Inject Event<OutboxEnqueued> enqueued;
  @Inject io.tgdesk.telegram.outbound.outbox.DeliveryChats chats;
  @Inject DeliveryEngine engine;

  public Page<OutboxView> list(OutboxState state, Long botId, Long chatId, int page, int size) {
    String where =
        " where 1 = 1"
            + (state == null ? "" : " and e.state = :state")
            + (botId == null ? "" : " and e.botId = :bot")
            + (chatId == null ? "" : " and e.chatId = :chat");
    var q =
        em.createQuery(
            "select e from OutboxEntry e" + where + " order by e.id desc", OutboxEntry.class);
    var count = em.createQuery("select count(e) from OutboxEntry e" + where, Long.class);
    if (state != null) {
      q.setParameter("state", state);
      count.setParameter("state", state);
    }
    if (botId != null) {
      q.setParameter("bot", botId);
      count.setParameter("bot", botId);
    }
    if (chatId != null) {
      q.setParameter("chat", chatId);
      count.setParameter("chat", chatId);
    }
    List<OutboxView> items =
        PageRows.of(q, page, size, OutboxEntry::id).stream().map(OutboxView::of).toList();
    return new Page<>(items, page, size, count.getSingleResult());
  }

  public OutboxView get(long id) {
    return store.find(id).map(OutboxView::of).orElseThrow(() -> notFound(id));
  }

  /**
   * Sends a FAILED, UNCERTAIN, DEAD or CANCELLED entry again (as a new attempt, in its chat's
   * order). Run again when it met the engine changing the same entry, so that the admin gets the
   * entry's new state (or why it cannot be retried now), not a 409 to send again.
   */
  @Transactional
  @RetriedOnConflict
  public OutboxView retry(long id) {
    Instant now = clock.instant();
    OutboxEntry e =
        change(
            id,
            RETRYABLE,
            "only failed, uncertain, dead or cancelled entries can be retried",
            x -> x.requeue(now));
    enqueued.fire(new OutboxEnqueued(BotId.of(e.botId())));
    return OutboxView.of(e);
  }

  /**
   * Cancels a PENDING entry: it will not be sent. Run again when it met the engine taking the same
   * entry: then the answer says the entry is in flight (or sent), not that another request changed
   * it.
   */
  @Transactional
  @RetriedOnConflict
  public OutboxView cancel(long id) {
    Instant now = clock.instant();
    return OutboxView.of(
        change(
            id,
            EnumSet.of(OutboxState.PENDING),
            "only pending entries can be cancelled",
            x -> x.end(OutboxState.CANCELLED, null, "cancelled by an admin", now)));
  }

  /**
   * Applies an admin's change to an entry in one of the allowed states; 409 otherwise, 404 if
   * unknown.
   */
  private OutboxEntry change(
      long id,
      Set<OutboxState> allowed,
      String rule,
      java.util.function.Consumer<OutboxEntry> mutation) {
    return store
        .update(
            id,
            x -> {
              if (!allowed.contains(x.state())) {
                throw ProblemException.conflict(
                    "Entry " + id + " is " + x.state().name().toLowerCase() + "; " + rule + ".");
              }
              mutation.accept(x);
            },
            clock.instant())
        .orElseThrow(() -> notFound(id));
  }

  /** Counts per state and lane, and the age of the oldest pending entry per bot. */
  public Map<String, Object> stats() {
    Map<String, Map<String, Long>> byState = new LinkedHashMap<>();
    for (Object[] row :
        em.createQuery(
                "select e.state, e.lane, count(e) from OutboxEntry e group by e.state, e.lane",
                Object[].class)
            .getResultList()) {
      String state = ((OutboxState) row[0]).name().toLowerCase();
      String lane = Lane.values()[((Number) row[1]).intValue()].wireName();
      byState
          .computeIfAbsent(state, k -> new LinkedHashMap<>())
          .put(lane, ((Number) row[2]).longValue());
    }
    Instant now = clock.instant();
    Map<String, Object> oldest = new LinkedHashMap<>();
    for (Object[] row :
        em.createQuery(
                "select e.botId, min(e.createdAt), count(e) from OutboxEntry e where e.state ="
                    + " io.tgdesk.telegram.outbound.outbox.OutboxState.PENDING group by e.botId",
                Object[].class)
            .getResultList()) {
      Instant created = (Instant) row[1];
      oldest.put(
          String.valueOf(row[0]),
          Map.of(
              "pending",
              ((Number) row[2]).longValue(),
              "oldestPendingAgeSeconds",
              Duration.between(created, now).toSeconds()));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("byStateAndLane", byState);
    out.put("pendingByBot", oldest);
    return out;
  }

  private static ProblemException notFound(long id) {
    return ProblemException.notFound("No outbox entry with id " + id + ".");
  }
}
