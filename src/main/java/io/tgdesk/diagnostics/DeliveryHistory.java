package io.tgdesk.diagnostics;

import io.tgdesk.telegram.outbound.outbox.OutboxState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Queue depth and delivery latency of a bot (or all bots) over time, read from the outbox. */
@ApplicationScoped
public class DeliveryHistory {

  /** The most outbox entries one timeline reads; beyond it the answer says it is truncated. */
  static final int MAX_ENTRIES = 200_000;

  @PersistenceContext EntityManager em;

  /**
   * The timeline of [from, to) in buckets of the given length.
   *
   * @param botId one bot, or null for all
   */
  public Map<String, Object> timeline(Long botId, Instant from, Instant to, Duration bucket) {
    var q =
        em.createQuery(
            "select e.createdAt, e.sentAt, e.updatedAt, e.state from OutboxEntry e"
                + " where e.createdAt < :to"
                + " and (e.state in :open or e.updatedAt >= :from)"
                + (botId == null ? "" : " and e.botId = :bot"),
            Object[].class);
    if (botId != null) {
      q.setParameter("bot", botId);
    }
    List<DeliveryTimeline.Life> lives =
        q
            .setParameter("to", to)
            .setParameter("from", from)
            .setParameter("open", List.of(OutboxState.PENDING, OutboxState.IN_FLIGHT))
            .setMaxResults(MAX_ENTRIES)
            .getResultList()
            .stream()
            .map(DeliveryHistory::life)
            .toList();
    DeliveryTimeline.Series series = DeliveryTimeline.of(lives, from, to, bucket);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("botId", botId);
    out.put("resolution", bucket.toMinutes() >= 1 ? "minute" : "second");
    out.put("from", from);
    out.put("to", to);
    out.put("entries", lives.size());
    out.put("truncated", lives.size() >= MAX_ENTRIES);
    out.put("queuedAtStart", series.queuedAtStart());
    out.put("buckets", series.buckets());
    return out;
  }

  private static DeliveryTimeline.Life life(Object[] r) {
    Instant created = (Instant) r[0];
    Instant sent = (Instant) r[1];
    OutboxState state = (OutboxState) r[3];
    if (state == OutboxState.PENDING || state == OutboxState.IN_FLIGHT) {
      return new DeliveryTimeline.Life(created, null, null);
    }
    if (state == OutboxState.SENT && sent != null) {
      return new DeliveryTimeline.Life(created, sent, sent);
    }
    return new DeliveryTimeline.Life(created, (Instant) r[2], null);
  }
}
