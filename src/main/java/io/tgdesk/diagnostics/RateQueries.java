package io.tgdesk.diagnostics;

import io.tgdesk.config.DiagnosticsSettings;
import io.tgdesk.telegram.bots.Bot;
import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.telegram.bots.BotStore;
import io.tgdesk.telegram.outbound.DeliveryEngine;
import io.tgdesk.telegram.outbound.throttle.Limits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
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

  /** 429 clusters and the retry_after distribution. */
  public Map<String, Object> rateLimits(Long botId, Instant from, Instant to) {
    List<RateAnalysis.Hit> hits = tooManyRequests(botId, from, to);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("from", from);
    out.put("to", to);
    out.put("tooManyRequests", hits.size());
    out.put(
        "clusterRule",
        settings.clusterSize()
            + " or more 429s within "
            + settings.clusterWindow().toSeconds()
            + " s");
    out.put(
        "clusters", RateAnalysis.clusters(hits, settings.clusterSize(), settings.clusterWindow()));
    out.put("retryAfterDistribution", RateAnalysis.retryAfterDistribution(hits));
    // The seed's step 3: were agents busy when Telegram said 429? Both per minute, side by side.
    out.put(
        "tooManyRequestsPerMinute",
        RateAnalysis.buckets(
            hits.stream().map(h -> new RateAnalysis.Call(h.at(), h.chatId(), true)).toList(),
            Duration.ofMinutes(1)));
    var agent =
        em.createQuery(
            "select c.calledAt from AuditedCall c where c.lane = 'agent-reply'"
                + " and c.calledAt >= :from and c.calledAt < :to"
                + (botId == null ? "" : " and c.botId = :bot"),
            Instant.class);
    if (botId != null) {
      agent.setParameter("bot", botId);
    }
    out.put(
        "agentRepliesPerMinute",
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
    return out;
  }

  /**
   * Calls of the delivery engine (the calls Telegram's limits count) per second or per minute,
   * beside the limit in force, with the peak utilisation and the busiest chats.
   *
   * @param perMinute minute buckets (else seconds)
   */
  public Map<String, Object> rates(
      long botId, Long chatId, boolean perMinute, Instant from, Instant to) {
    Bot bot =
        bots.find(BotId.of(botId))
            .orElseThrow(
                () -> io.tgdesk.web.ProblemException.notFound("No bot with id " + botId + "."));
    Limits limits = DeliveryEngine.limitsOf(bot);
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
    List<RateAnalysis.Call> calls =
        q
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
    Duration bucket = perMinute ? Duration.ofMinutes(1) : Duration.ofSeconds(1);
    List<RateAnalysis.Bucket> buckets = RateAnalysis.buckets(calls, bucket);
    RateAnalysis.Bucket peak = RateAnalysis.peak(buckets);
    long limit = limitOf(limits, chatId, perMinute);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("botId", botId);
    out.put("chatId", chatId);
    out.put("resolution", perMinute ? "minute" : "second");
    out.put("from", from);
    out.put("to", to);
    out.put("calls", calls.size());
    out.put("truncated", calls.size() >= MAX_CALLS);
    out.put("limit", limit);
    out.put("limitRule", limitRule(chatId, perMinute));
    out.put("peak", peak == null ? 0 : peak.calls());
    out.put("peakAt", peak == null ? null : peak.at());
    out.put(
        "peakUtilisationPercent",
        peak == null ? 0 : Math.round(peak.calls() * 1000.0 / limit) / 10.0);
    out.put("buckets", buckets);
    if (chatId == null) {
      Map<Long, List<RateAnalysis.Call>> byChat =
          calls.stream()
              .filter(c -> c.chatId() != null)
              .collect(Collectors.groupingBy(RateAnalysis.Call::chatId));
      out.put(
          "busiestChats",
          byChat.entrySet().stream()
              .map(
                  e -> {
                    RateAnalysis.Bucket p =
                        RateAnalysis.peak(RateAnalysis.buckets(e.getValue(), bucket));
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("chatId", e.getKey());
                    m.put("calls", e.getValue().size());
                    m.put("peak", p.calls());
                    m.put("peakAt", p.at());
                    m.put("limit", limitOf(limits, e.getKey(), perMinute));
                    return m;
                  })
              .sorted((a, b) -> Long.compare((Long) b.get("peak"), (Long) a.get("peak")))
              .limit(10)
              .toList());
    }
    out.put("limitsInForce", limitsView(limits));
    return out;
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

  /** The limit and retry policy a bot's delivery runs with. */
  public static Map<String, Object> limitsView(Limits limits) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("botPerSecond", limits.botPerSecond());
    m.put("paidPerSecond", limits.paidPerSecond());
    m.put("privateChatSpacingMillis", limits.privateSpacing().toMillis());
    m.put("groupPerMinute", limits.groupPerMinute());
    m.put("groupSpacingMillis", limits.groupSpacing().toMillis());
    m.put("groupEditsPerMinute", limits.groupEditsPerMinute());
    m.put("retryMarginMillis", limits.retryMargin().toMillis());
    m.put(
        "retryPolicy",
        "429: pause the chat (or the whole bot) for retry_after + margin; 5xx and no answer:"
            + " exponential back-off with full jitter from 1 s to 60 s, up to 10 attempts;"
            + " circuit breaker per bot opens after 5 failures in 10 calls, one probe after 15 s;"
            + " 403: chat unreachable; 401: bot disabled");
    return m;
  }
}
