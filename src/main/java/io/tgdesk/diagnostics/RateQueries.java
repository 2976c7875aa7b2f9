package io.tgdesk.diagnostics;

import io.tgdesk.config.DiagnosticsSettings;
import io.tgdesk.telegram.bots.Bot;
import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.telegram.bots.BotStore;
import io.tgdesk.telegram.outbound.DeliveryEngine;
import io.tgdesk.telegram.outbound.throttle.Limits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Rates against the limits in force and 429 clusters, from the call audit. */
@ApplicationScoped
public class RateQueries {

  /** The most calls one rate view reads; beyond it the view says it is truncated. */
  static final int MAX_CALLS = 500_000;

  @PersistenceContext EntityManager em;
  @Inject DiagnosticsSettings settings;
  @Inject BotStore bots;

  /** The 429 answers of a bot (or all bots) in [from, to), oldest first. */
  public List<RateAnalysis.Hit> tooManyRequests(Long botId, Instant from, Instant to) {
    var q =
        em.createQuery(
            "select c.calledAt, c.chatId, c.apiMethod, c.category, c.retryAfter from AuditedCall c"
                + " where c.errorCode = 429 and c.calledAt >= :from and c.calledAt < :to"
                + (botId == null ? "" : " and c.botId = :bot")
                + " order by c.calledAt, c.id",
            Object[].class);
    if (botId != null) {
      q.setParameter("bot", botId);
    }
    return q.setParameter("from", from).setParameter("to", to).getResultList().stream()
        .map(
            r ->
                new RateAnalysis.Hit(
                    (Instant) r[0], (Long) r[1], (String) r[2], (String) r[3], (Integer) r[4]))
        .toList();
  }

  /**
   * The 429s of a range: clusters, the retry_after distribution, and 429s beside agent replies per
   * minute.
   */
  public record RateLimits(
      Instant from,
      Instant to,
      int tooManyRequests,
      String clusterRule,
      List<RateAnalysis.Cluster> clusters,
      Map<String, Long> retryAfterDistribution,
      List<RateAnalysis.Bucket> tooManyRequestsPerMinute,
      List<RateAnalysis.Bucket> agentRepliesPerMinute) {}

  /** 429 clusters and the retry_after distribution. */
  public RateLimits rateLimits(Long botId, Instant from, Instant to) {
    List<RateAnalysis.Hit> hits = tooManyRequests(botId, from, to);
    var agent =
        em.createQuery(
            "select c.calledAt from AuditedCall c where c.lane = 'agent-reply'"
                + " and c.calledAt >= :from and c.calledAt < :to"
                + (botId == null ? "" : " and c.botId = :bot"),
            Instant.class);
    if (botId != null) {
      agent.setParameter("bot", botId);
    }
    return new RateLimits(
        from,
        to,
        hits.size(),
        settings.clusterSize()
            + " or more 429s within "
            + settings.clusterWindow().toSeconds()
            + " s",
        RateAnalysis.clusters(hits, settings.clusterSize(), settings.clusterWindow()),
        RateAnalysis.retryAfterDistribution(hits),
        // The seed's step 3: were agents busy when Telegram said 429? Both per minute, side by
        // side.
        RateAnalysis.buckets(
            hits.stream().map(h -> new RateAnalysis.Call(h.at(), h.chatId(), true)).toList(),
            Duration.ofMinutes(1)),
        RateAnalysis.buckets(
            agent
                .setParameter("from", from)
                .setParameter("to", to)
                .setMaxResults(MAX_CALLS)
                .getResultList()
                .stream()
                .map(at -> new RateAnalysis.Call(at, null, false))
                .toList(),
            Duration.ofMinutes(1)));
  }

  /**
   * The delivery engine's calls of one bot (or one of its chats) per bucket, against the limit.
   *
   * @param chatId null for the whole bot
   * @param resolution second or minute
   * @param truncated more calls than one view reads ({@link #MAX_CALLS})
   * @param limit the limit per bucket
   * @param peakAt the fullest bucket; null when there was no call
   * @param busiestChats the chats with the fullest buckets; absent when one chat is asked for
   */
  public record Rates(
      long botId,
      @JsonbNillable Long chatId,
      String resolution,
      Instant from,
      Instant to,
      int calls,
      boolean truncated,
      long limit,
      String limitRule,
      long peak,
      @JsonbNillable Instant peakAt,
      double peakUtilisationPercent,
      List<RateAnalysis.Bucket> buckets,
      List<BusyChat> busiestChats,
      LimitsInForce limitsInForce) {}

  /** One chat's calls and fullest bucket, against its own limit. */
  public record BusyChat(long chatId, int calls, long peak, Instant peakAt, long limit) {}

  /**
   * Calls of the delivery engine (the calls Telegram's limits count) per second or per minute,
   * beside the limit in force, with the peak utilisation and the busiest chats.
   *
   * @param perMinute minute buckets (else seconds)
   */
  public Rates rates(long botId, Long chatId, boolean perMinute, Instant from, Instant to) {
    Bot bot =
        bots.find(BotId.of(botId))
            .orElseThrow(
                () -> io.tgdesk.web.ProblemException.notFound("No bot with id " + botId + "."));
    Limits limits = DeliveryEngine.limitsOf(bot);
    List<RateAnalysis.Call> calls = deliveryCalls(botId, chatId, from, to);
    Duration bucket = perMinute ? Duration.ofMinutes(1) : Duration.ofSeconds(1);
    List<RateAnalysis.Bucket> buckets = RateAnalysis.buckets(calls, bucket);
    RateAnalysis.Bucket peak = RateAnalysis.peak(buckets);
    long limit = limitOf(limits, chatId, perMinute);
    List<BusyChat> busiestChats = null;
    if (chatId == null) {
      Map<Long, List<RateAnalysis.Call>> byChat =
          calls.stream()
              .filter(c -> c.chatId() != null)
              .collect(Collectors.groupingBy(RateAnalysis.Call::chatId));
      busiestChats =
          byChat.entrySet().stream()
              .map(
                  e -> {
                    RateAnalysis.Bucket p =
                        RateAnalysis.peak(RateAnalysis.buckets(e.getValue(), bucket));
                    return new BusyChat(
                        e.getKey(),
                        e.getValue().size(),
                        p.calls(),
                        p.at(),
                        limitOf(limits, e.getKey(), perMinute));
                  })
              .sorted((a, b) -> Long.compare(b.peak(), a.peak()))
              .limit(10)
              .toList();
    }
    return new Rates(
        botId,
        chatId,
        perMinute ? "minute" : "second",
        from,
        to,
        calls.size(),
        calls.size() >= MAX_CALLS,
        limit,
        limitRule(chatId, perMinute),
        peak == null ? 0 : peak.calls(),
        peak == null ? null : peak.at(),
        peak == null ? 0 : Math.round(peak.calls() * 1000.0 / limit) / 10.0,
        buckets,
        busiestChats,
        limitsView(limits));
  }

  /** The delivery engine's calls of a bot (or one chat) in [from, to), oldest first. */
  public List<RateAnalysis.Call> deliveryCalls(long botId, Long chatId, Instant from, Instant to) {
    var q =
        em.createQuery(
            "select c.calledAt, c.chatId, c.errorCode from AuditedCall c where c.botId = :bot"
                + " and c.lane is not null and c.calledAt >= :from and c.calledAt < :to"
                + (chatId == null ? "" : " and c.chatId = :chat")
                + " order by c.calledAt",
            Object[].class);
    if (chatId != null) {
      q.setParameter("chat", chatId);
    }
    return q
        .setParameter("bot", botId)
        .setParameter("from", from)
        .setParameter("to", to)
        .setMaxResults(MAX_CALLS)
        .getResultList()
        .stream()
        .map(
            r ->
                new RateAnalysis.Call(
                    (Instant) r[0], (Long) r[1], r[2] != null && ((Integer) r[2]) == 429))
        .toList();
  }

  /** The bots that got a 429 in [from, to). */
  public List<Long> botsWith429(Instant from, Instant to) {
    return em.createQuery(
            "select distinct c.botId from AuditedCall c where c.errorCode = 429"
                + " and c.calledAt >= :from and c.calledAt < :to and c.botId is not null",
            Long.class)
        .setParameter("from", from)
        .setParameter("to", to)
        .getResultList();
  }

  /**
   * Every audited call of a bot in [from − {@code context}, to), oldest first: what {@link
   * RateAnalysis#tokenBursts} reads (at most {@link #MAX_CALLS}).
   */
  public List<RateAnalysis.TokenCall> tokenCalls(
      long botId, Instant from, Instant to, Duration context) {
    return em
        .createQuery(
            "select c.calledAt, c.chatId, c.errorCode, c.retryAfter, c.latencyMs"
                + " from AuditedCall c"
                + " where c.botId = :bot and c.calledAt >= :from and c.calledAt < :to"
                + " order by c.calledAt, c.id",
            Object[].class)
        .setParameter("bot", botId)
        .setParameter("from", from.minus(context))
        .setParameter("to", to)
        .setMaxResults(MAX_CALLS)
        .getResultList()
        .stream()
        .map(
            c ->
                new RateAnalysis.TokenCall(
                    (Instant) c[0],
                    (Long) c[1],
                    (Integer) c[2],
                    (Integer) c[3],
                    ((Number) c[4]).longValue()))
        .toList();
  }

  /** The limit per bucket: the bot's budget, or a private chat's / group's. */
  static long limitOf(Limits limits, Long chatId, boolean perMinute) {
    if (chatId == null) {
      return perMinute ? limits.botPerSecond() * 60L : limits.botPerSecond();
    }
    if (chatId > 0) {
      long perSecond = Math.max(1, 1000 / Math.max(1, limits.privateSpacing().toMillis()));
      return perMinute ? perSecond * 60 : perSecond;
    }
    return perMinute ? limits.groupPerMinute() : 1;
  }

  private static String limitRule(Long chatId, boolean perMinute) {
    if (chatId == null) {
      return "the bot's budget of calls";
    }
    return chatId > 0 ? "messages to one private chat" : "messages to one group";
  }

  /** The limits a bot's delivery runs with, and its retry policy in words. */
  public record LimitsInForce(
      int botPerSecond,
      int paidPerSecond,
      long privateChatSpacingMillis,
      int groupPerMinute,
      long groupSpacingMillis,
      int groupEditsPerMinute,
      long retryMarginMillis,
      String retryPolicy) {}

  /** The limit and retry policy a bot's delivery runs with. */
  public static LimitsInForce limitsView(Limits limits) {
    return new LimitsInForce(
        limits.botPerSecond(),
        limits.paidPerSecond(),
        limits.privateSpacing().toMillis(),
        limits.groupPerMinute(),
        limits.groupSpacing().toMillis(),
        limits.groupEditsPerMinute(),
        limits.retryMargin().toMillis(),
        "429: pause the chat (or the whole bot) for retry_after + margin; 5xx and no answer:"
            + " exponential back-off with full jitter from 1 s to 60 s, up to 10 attempts;"
            + " circuit breaker per bot opens after 5 failures in 10 calls, one probe after 15 s;"
            + " 403: chat unreachable; 401: bot disabled");
  }
}
