package io.tgdesk.diagnostics;

import io.tgdesk.intake.IntakeState;
import io.tgdesk.telegram.outbound.outbox.Lane;
import io.tgdesk.telegram.outbound.outbox.OutboxState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Read-only figures of the outbox and the intake: queue depth and oldest pending age per bot and
 * lane, delivery latency percentiles, outcome counts, intake counts. Callers on executor threads
 * run these inside their own transaction.
 */
@ApplicationScoped
public class DeliveryFigures {

  static final int MAX_LATENCY_SAMPLES = 100_000;

  @PersistenceContext EntityManager em;

  /** Pending entries of one bot and lane. */
  public record Queue(long botId, String lane, long pending, long oldestPendingAgeSeconds) {}

  /** An outbox entry given as an example: its id, state, chat, method and last error. */
  public record OutboxExample(
      long entryId, String state, long chatId, String method, @JsonbNillable String lastError) {}

  /** How many entries Telegram refused for good with one error code and description. */
  public record RefusedError(
      @JsonbNillable Integer errorCode, @JsonbNillable String description, long entries) {}

  /** An entry Telegram refused for good, as an example. */
  public record RefusedExample(
      long entryId,
      long chatId,
      String method,
      @JsonbNillable String category,
      @JsonbNillable Integer errorCode,
      @JsonbNillable String lastError) {}

  /** A received update that failed, as an example. */
  public record FailedUpdate(
      long id, long updateId, @JsonbNillable String lastError, int attempts) {}

  /** Enqueue → sent latency over the entries sent in a window, in milliseconds. */
  public record Latency(
      long sent, Long p50Millis, Long p95Millis, Long p99Millis, Long maxMillis) {}

  /** The outbox of a range at a glance: queues now, latency and outcomes of the range. */
  public record Overview(
      Instant from,
      Instant to,
      List<Queue> queues,
      Latency latency,
      Map<String, Long> outboxByState) {}

  /** Queues now, latency and outcome counts of [from, to). */
  public Overview overview(Long botId, Instant from, Instant to, Instant now) {
    return new Overview(
        from, to, queues(botId, now), latency(botId, from, to), outboxStates(botId, from, to));
  }

  /** Pending entries per bot and lane, with the age of the oldest. */
  public List<Queue> queues(Long botId, Instant now) {
    List<Queue> out = new ArrayList<>();
    for (Object[] row :
        query(
                botId,
                "select e.botId, e.lane, count(e), min(e.createdAt) from OutboxEntry e"
                    + " where e.state = :pending"
                    + (botId == null ? "" : " and e.botId = :bot")
                    + " group by e.botId, e.lane order by e.botId, e.lane",
                Object[].class)
            .setParameter("pending", OutboxState.PENDING)
            .getResultList()) {
      out.add(
          new Queue(
              ((Number) row[0]).longValue(),
              Lane.values()[((Number) row[1]).intValue()].wireName(),
              ((Number) row[2]).longValue(),
              Math.max(0, Duration.between((Instant) row[3], now).toSeconds())));
    }
    return out;
  }

  /** Latency percentiles of the entries sent in [from, to). */
  public Latency latency(Long botId, Instant from, Instant to) {
    long[] millis = latencySamples(botId, from, to);
    if (millis.length == 0) {
      return new Latency(0, null, null, null, null);
    }
    return new Latency(
        millis.length,
        percentile(millis, 50),
        percentile(millis, 95),
        percentile(millis, 99),
        millis[millis.length - 1]);
  }

  /** Enqueue → sent in milliseconds of the entries sent in [from, to), sorted ascending. */
  public long[] latencySamples(Long botId, Instant from, Instant to) {
    return query(
            botId,
            "select e.createdAt, e.sentAt from OutboxEntry e where e.state = :sent"
                + " and e.sentAt >= :from and e.sentAt < :to"
                + (botId == null ? "" : " and e.botId = :bot"),
            Object[].class)
        .setParameter("sent", OutboxState.SENT)
        .setParameter("from", from)
        .setParameter("to", to)
        .setMaxResults(MAX_LATENCY_SAMPLES)
        .getResultList()
        .stream()
        .mapToLong(r -> Duration.between((Instant) r[0], (Instant) r[1]).toMillis())
        .sorted()
        .toArray();
  }

  /** A query whose text filters on {@code :bot} only when a bot is given. */
  private TypedQuery<Object[]> query(Long botId, String jpql, Class<Object[]> type) {
    TypedQuery<Object[]> q = em.createQuery(jpql, type);
    if (botId != null) {
      q.setParameter("bot", botId);
    }
    return q;
  }

  /** Nearest-rank percentile of sorted values. */
  static long percentile(long[] sorted, int p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  /** Outbox entries by state, last changed in [from, to). */
  public Map<String, Long> outboxStates(Long botId, Instant from, Instant to) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (Object[] row :
        query(
                botId,
                "select e.state, count(e) from OutboxEntry e where e.updatedAt >= :from"
                    + " and e.updatedAt < :to"
                    + (botId == null ? "" : " and e.botId = :bot")
                    + " group by e.state",
                Object[].class)
            .setParameter("from", from)
            .setParameter("to", to)
            .getResultList()) {
      out.put(((OutboxState) row[0]).name().toLowerCase(), ((Number) row[1]).longValue());
    }
    return out;
  }

  /**
   * Sends that were on their way when their server failed, by what their lane's policy did: {@code
   * resent} (sent again; may have arrived twice) and {@code held} (UNCERTAIN for an admin).
   */
  public Map<String, Long> serverFailureOutcomes(Long botId, Instant from, Instant to) {
    Map<String, Long> out = new LinkedHashMap<>();
    out.put("resent", 0L);
    out.put("held", 0L);
    for (Object[] row :
        query(
                botId,
                "select e.serverFailureOutcome, count(e) from OutboxEntry e"
                    + " where e.serverFailureOutcome is not null and e.updatedAt >= :from"
                    + " and e.updatedAt < :to"
                    + (botId == null ? "" : " and e.botId = :bot")
                    + " group by e.serverFailureOutcome",
                Object[].class)
            .setParameter("from", from)
            .setParameter("to", to)
            .getResultList()) {
      out.put(
          String.valueOf(row[0]).toLowerCase(java.util.Locale.ROOT), ((Number) row[1]).longValue());
    }
    return out;
  }

  /** Examples of entries in a state, newest first: id, chat, method, last error. */
  public List<OutboxExample> outboxExamples(
      Long botId, OutboxState state, Instant from, Instant to, int max) {
    return query(
            botId,
            "select e.id, e.chatId, e.method, e.lastError from OutboxEntry e where e.state ="
                + " :state and e.updatedAt >= :from and e.updatedAt < :to"
                + (botId == null ? "" : " and e.botId = :bot")
                + " order by e.id desc",
            Object[].class)
        .setParameter("state", state)
        .setParameter("from", from)
        .setParameter("to", to)
        .setMaxResults(max)
        .getResultList()
        .stream()
        .map(
            r ->
                new OutboxExample(
                    (Long) r[0],
                    state.name().toLowerCase(java.util.Locale.ROOT),
                    (Long) r[1],
                    (String) r[2],
                    (String) r[3]))
        .toList();
  }

  /**
   * Entries Telegram refused for good (FAILED, last changed in [from, to)) other than those to
   * chats that refused the bot (403): how many per error code and description.
   */
  public List<RefusedError> refusedByError(Long botId, Instant from, Instant to) {
    return query(
            botId,
            "select e.lastErrorCode, e.lastError, count(e) from OutboxEntry e where e.state ="
                + " :state and e.updatedAt >= :from and e.updatedAt < :to"
                + " and (e.lastErrorCode is null or e.lastErrorCode <> 403)"
                + (botId == null ? "" : " and e.botId = :bot")
                + " group by e.lastErrorCode, e.lastError order by count(e) desc",
            Object[].class)
        .setParameter("state", OutboxState.FAILED)
        .setParameter("from", from)
        .setParameter("to", to)
        .setMaxResults(50)
        .getResultList()
        .stream()
        .map(r -> new RefusedError((Integer) r[0], (String) r[1], ((Number) r[2]).longValue()))
        .toList();
  }

  /** Examples of {@link #refusedByError}, newest first. */
  public List<RefusedExample> refusedExamples(Long botId, Instant from, Instant to, int max) {
    return query(
            botId,
            "select e.id, e.chatId, e.method, e.category, e.lastErrorCode, e.lastError from"
                + " OutboxEntry e where e.state = :state and e.updatedAt >= :from"
                + " and e.updatedAt < :to"
                + " and (e.lastErrorCode is null or e.lastErrorCode <> 403)"
                + (botId == null ? "" : " and e.botId = :bot")
                + " order by e.id desc",
            Object[].class)
        .setParameter("state", OutboxState.FAILED)
        .setParameter("from", from)
        .setParameter("to", to)
        .setMaxResults(max)
        .getResultList()
        .stream()
        .map(
            r ->
                new RefusedExample(
                    (Long) r[0],
                    (Long) r[1],
                    (String) r[2],
                    (String) r[3],
                    (Integer) r[4],
                    (String) r[5]))
        .toList();
  }

  /** Stored updates by state, received in [from, to). */
  public Map<String, Long> intakeStates(Long botId, Instant from, Instant to) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (Object[] row :
        query(
                botId,
                "select u.lifecycle.state, count(u) from ReceivedUpdate u"
                    + " where u.lifecycle.receivedAt >= :from and u.lifecycle.receivedAt < :to"
                    + (botId == null ? "" : " and u.botId = :bot")
                    + " group by u.lifecycle.state",
                Object[].class)
            .setParameter("from", from)
            .setParameter("to", to)
            .getResultList()) {
      out.put(((IntakeState) row[0]).name().toLowerCase(), ((Number) row[1]).longValue());
    }
    return out;
  }

  /** Failed updates received in [from, to), newest first: id, update id, last error. */
  public List<FailedUpdate> failedUpdates(Long botId, Instant from, Instant to, int max) {
    return query(
            botId,
            "select u.id, u.updateId, u.lifecycle.lastError, u.lifecycle.attempts"
                + " from ReceivedUpdate u where u.lifecycle.state = :failed"
                + " and u.lifecycle.receivedAt >= :from and u.lifecycle.receivedAt < :to"
                + (botId == null ? "" : " and u.botId = :bot")
                + " order by u.id desc",
            Object[].class)
        .setParameter("failed", IntakeState.FAILED)
        .setParameter("from", from)
        .setParameter("to", to)
        .setMaxResults(max)
        .getResultList()
        .stream()
        .map(r -> new FailedUpdate((Long) r[0], (Long) r[1], (String) r[2], (Integer) r[3]))
        .toList();
  }
}
