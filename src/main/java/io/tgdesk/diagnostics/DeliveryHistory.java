package io.tgdesk.diagnostics;

import io.tgdesk.telegram.outbound.outbox.OutboxState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Queue depth and delivery latency of a bot (or all bots) over time, read from the outbox. */
@ApplicationScoped
public class DeliveryHistory {

  /** The most outbox entries one timeline reads; beyond it the answer says it is truncated. */
  static final int MAX_ENTRIES = 200_000;

  @PersistenceContext EntityManager em;

  /**
   * Queue depth and latency of [from, to), bucket by bucket.
   *
   * @param botId one bot, or null for all
   * @param resolution second or minute
   * @param entries the outbox entries read
   * @param truncated more entries than one timeline reads ({@link #MAX_ENTRIES})
   * @param queuedAtStart entries waiting at {@code from}
   */
  public record Timeline(
      @JsonbNillable Long botId,
      String resolution,
      Instant from,
      Instant to,
      int entries,
      boolean truncated,
      long queuedAtStart,
      List<DeliveryTimeline.Bucket> buckets) {}

  /**
   * The timeline of [from, to) in buckets of the given length.
   *
   * @param botId one bot, or null for all
   */
  public Timeline timeline(Long botId, Instant from, Instant to, Duration bucket) {
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
    return new Timeline(
        botId,
        bucket.toMinutes() >= 1 ? "minute" : "second",
        from,
        to,
        lives.size(),
        lives.size() >= MAX_ENTRIES,
        series.queuedAtStart(),
        series.buckets());
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
