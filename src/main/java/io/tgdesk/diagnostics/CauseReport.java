package io.tgdesk.diagnostics;

import io.tgdesk.config.BreakerSettings;
import io.tgdesk.config.DiagnosticsSettings;
import io.tgdesk.telegram.outbound.outbox.OutboxState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Why messages are missing or late: ranked findings, each with its cause, evidence and fix, from
 * the call audit, the webhook checks, the outbox and the intake. One bot or all, over a time range.
 */
@ApplicationScoped
public class CauseReport {

  /**
   * Intake (polling) and our own scheduled checks (diagnostics): expected, never hidden traffic.
   */
  static final Set<String> EXPECTED_CATEGORIES = Set.of("polling", "diagnostics");

  static final int MIN_HIDDEN_CALLS = 20;
  static final int EXAMPLES = 5;

  @PersistenceContext EntityManager em;
  @Inject CallQueries calls;
  @Inject RateQueries rates;
  @Inject DeliveryFigures delivery;
  @Inject WebhookChecks webhooks;
  @Inject CallAudit audit;
  @Inject BreakerHistory breakers;
  @Inject DiagnosticsSettings settings;
  @Inject BreakerSettings breaker;
  @Inject Clock clock;

  /** The report, findings ranked (highest score first). */
  public record Report(
      Long botId,
      Instant from,
      Instant to,
      boolean healthy,
      List<Finding> findings,
      Map<String, Object> figures) {}

  public Report report(Long botId, Instant from, Instant to) {
    CallFilter all = new CallFilter(botId, null, null, null, from, to);
    List<Finding> findings = new ArrayList<>();
    Map<String, Object> figures = figures(botId, all, from, to);

    errorsOf(botId, from, to, 401)
        .ifPresent(
            e ->
                findings.add(
                    new Finding(
                        "token-revoked",
                        "critical",
                        100,
                        "Telegram rejected the bot's token "
                            + e.get("calls")
                            + " times (401): nothing can be sent or received.",
                        e,
                        "Get the bot's current token from @BotFather (/token) and PATCH"
                            + " /api/admin/bots/{id} with it; the bot stays disabled until"
                            + " then.")));
    webhookFinding(botId, from, to).ifPresent(findings::add);
    errorsOf(botId, from, to, 409)
        .ifPresent(
            e ->
                findings.add(
                    new Finding(
                        "polling-conflict",
                        "error",
                        90,
                        "getUpdates was refused "
                            + e.get("calls")
                            + " times (409): another process polls with this token, or a webhook"
                            + " is set.",
                        e,
                        "Stop the other instance polling with this token (only one poller per"
                            + " bot), or delete the webhook (DELETE /api/admin/bots/{id}/webhook),"
                            + " or switch the bot to webhook mode.")));
    rateLimitFinding(botId, from, to).ifPresent(findings::add);
    upstreamFinding(botId, from, to).ifPresent(findings::add);
    intakeFinding(botId, from, to).ifPresent(findings::add);
    outboxFinding(botId, from, to).ifPresent(findings::add);
    serverFailureFinding(botId, from, to).ifPresent(findings::add);
    refusedFinding(botId, from, to).ifPresent(findings::add);
    errorsOf(botId, from, to, 403)
        .ifPresent(
            e ->
                findings.add(
                    new Finding(
                        "chats-unreachable",
                        "warning",
                        50,
                        e.get("chats")
                            + " chats refused the bot (403): customers blocked it or it was"
                            + " removed from groups.",
                        e,
                        "Nothing to repair in TgDesk: messages to those chats fail at once and"
                            + " others are not held up. Ask the customer to unblock the bot, or"
                            + " add it to the group again, then retry the entries.")));
    hiddenTraffic(botId, all).ifPresent(findings::add);

    findings.sort(Comparator.comparingInt(Finding::score).reversed());
    boolean healthy = findings.isEmpty();
    if (healthy) {
      findings.add(
          new Finding(
              "healthy",
              "ok",
              0,
              "Nothing wrong: "
                  + figures.get("calls")
                  + " calls to Telegram, none refused for rate limits, no revoked token, no"
                  + " webhook alert, no circuit breaker opening, no failed update, no dead,"
                  + " uncertain or refused message.",
              figures,
              "Nothing to do."));
    }
    return new Report(botId, from, to, healthy, findings, figures);
  }

  private Map<String, Object> figures(Long botId, CallFilter all, Instant from, Instant to) {
    Map<String, Object> f = new LinkedHashMap<>();
    var byStatus = new TreeMap<String, Long>();
    long total = 0;
    for (Object[] r :
        all.bind(
                em.createQuery(
                    "select c.httpStatus, count(c) from AuditedCall c"
                        + all.where()
                        + " group by c.httpStatus",
                    Object[].class))
            .getResultList()) {
      long n = ((Number) r[1]).longValue();
      byStatus.put(String.valueOf(r[0]), n);
      total += n;
    }
    f.put("calls", total);
    f.put("callsByHttpStatus", byStatus);
    f.put("callsByCategory", calls.byCategory(all));
    f.put("outboxByState", delivery.outboxStates(botId, from, to));
    f.put("sendsInDoubtAfterServerFailure", delivery.serverFailureOutcomes(botId, from, to));
    f.put("queues", delivery.queues(botId, clock.instant()));
    f.put("deliveryLatency", delivery.latency(botId, from, to));
    f.put("intakeByState", delivery.intakeStates(botId, from, to));
    f.put("circuitBreakerOpenings", breakers.countOpenings(botId, from, to));
    f.put("audit", audit.counters());
    return f;
  }

  /** Counts, chats, times and descriptions of the calls answered with one error code. */
  private java.util.Optional<Map<String, Object>> errorsOf(
      Long botId, Instant from, Instant to, int code) {
    CallFilter f = new CallFilter(botId, null, null, null, from, to);
    List<Object[]> rows =
        f.bind(
                em.createQuery(
                    "select c.description, c.apiMethod, count(c), min(c.calledAt),"
                        + " max(c.calledAt), count(distinct c.chatId) from AuditedCall c"
                        + f.where()
                        + " and c.errorCode = :code group by c.description, c.apiMethod",
                    Object[].class))
            .setParameter("code", code)
            .getResultList();
    if (rows.isEmpty()) {
      return java.util.Optional.empty();
    }
    long n = 0;
    Instant first = null;
    Instant last = null;
    Map<String, Long> descriptions = new TreeMap<>();
    Map<String, Long> methods = new TreeMap<>();
    for (Object[] r : rows) {
      long c = ((Number) r[2]).longValue();
      n += c;
      descriptions.merge(String.valueOf(r[0]), c, Long::sum);
      methods.merge((String) r[1], c, Long::sum);
      first = first == null || ((Instant) r[3]).isBefore(first) ? (Instant) r[3] : first;
      last = last == null || ((Instant) r[4]).isAfter(last) ? (Instant) r[4] : last;
    }
    long chats =
        f.bind(
                em.createQuery(
                    "select count(distinct c.chatId) from AuditedCall c"
                        + f.where()
                        + " and c.errorCode = :code",
                    Long.class))
            .setParameter("code", code)
            .getSingleResult();
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("errorCode", code);
    e.put("calls", n);
    e.put("chats", chats);
    e.put("first", first);
    e.put("last", last);
    e.put("descriptions", descriptions);
    e.put("methods", methods);
    e.put(
        "exampleChats",
        f.bind(
                em.createQuery(
                    "select distinct c.chatId from AuditedCall c"
                        + f.where()
                        + " and c.errorCode = :code and c.chatId is not null",
                    Long.class))
            .setParameter("code", code)
            .setMaxResults(EXAMPLES)
            .getResultList());
    return java.util.Optional.of(e);
  }

  private java.util.Optional<Finding> webhookFinding(Long botId, Instant from, Instant to) {
    for (var bot : webhooks.webhookBots(botId)) {
      List<WebhookCheck> history = webhooks.history(bot.id().value(), from, to, 100);
      List<WebhookCheck> alerting =
          history.stream().filter(c -> c.alerts() != null && !c.alerts().isEmpty()).toList();
      if (alerting.isEmpty()) {
        continue;
      }
      WebhookCheck latest = alerting.get(0);
      Set<String> alerts = new java.util.TreeSet<>();
      alerting.forEach(c -> alerts.addAll(List.of(c.alerts().split(","))));
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("botId", bot.id().value());
      e.put("alerts", alerts);
      e.put("checks", history.size());
      e.put("checksWithAlerts", alerting.size());
      e.put("lastCheckedAt", latest.checkedAt());
      e.put("expectedUrl", latest.expectedUrl());
      e.put("telegramUrl", latest.url());
      e.put("pendingUpdateCount", latest.pendingUpdateCount());
      e.put("lastErrorDate", latest.lastErrorDate());
      e.put("lastErrorMessage", latest.lastErrorMessage());
      e.put("checkError", latest.checkError());
      e.put(
          "pendingHistory",
          history.stream()
              .filter(c -> c.pendingUpdateCount() != null)
              .map(c -> Map.of("at", c.checkedAt(), "pending", c.pendingUpdateCount()))
              .toList());
      String summary;
      String fix;
      if (alerts.contains("url-mismatch")) {
        summary =
            "Telegram delivers this bot's updates to "
                + (latest.url() == null || latest.url().isEmpty()
                    ? "no webhook at all"
                    : latest.url())
                + ", not to TgDesk ("
                + latest.expectedUrl()
                + ").";
        fix =
            "Register the webhook again with POST /api/admin/bots/{id}/webhook; make sure"
                + " TGDESK_PUBLIC_BASE_URL is the public HTTPS address and that no other"
                + " system calls setWebhook or deleteWebhook with this token.";
      } else if (alerts.contains("recent-error")) {
        summary =
            "Telegram cannot deliver updates to the webhook: "
                + latest.lastErrorMessage()
                + (latest.pendingUpdateCount() == null
                    ? "."
                    : "; " + latest.pendingUpdateCount() + " updates wait at Telegram.");
        fix =
            "Make the webhook URL reachable from the internet over HTTPS (port 443, 80, 88 or"
                + " 8443) with a valid certificate; check the reverse proxy and that"
                + " /api/telegram/{id}/webhook answers 200. Telegram retries for up to 24 h.";
      } else if (alerts.contains("check-failed")) {
        summary = "getWebhookInfo itself failed: " + latest.checkError();
        fix = "See the other findings (token, upstream errors); check the Bot API is reachable.";
      } else {
        summary =
            "Updates pile up at Telegram: "
                + latest.pendingUpdateCount()
                + " pending, more than at the check before.";
        fix =
            "TgDesk answers too slowly or not at all: check the server's load, the reverse"
                + " proxy's timeouts and the webhook's max_connections.";
      }
      return java.util.Optional.of(
          new Finding("webhook-not-reaching-us", "critical", 95, summary, e, fix));
    }
    return java.util.Optional.empty();
  }

  private java.util.Optional<Finding> rateLimitFinding(Long botId, Instant from, Instant to) {
    List<RateAnalysis.Hit> hits = rates.tooManyRequests(botId, from, to);
    if (hits.isEmpty()) {
      return java.util.Optional.empty();
    }
    List<RateAnalysis.Cluster> clusters =
        RateAnalysis.clusters(hits, settings.clusterSize(), settings.clusterWindow());
    Map<String, Long> byCategory = new TreeMap<>();
    Map<Long, Long> byChat = new TreeMap<>();
    hits.forEach(
        h -> {
          byCategory.merge(h.category(), 1L, Long::sum);
          if (h.chatId() != null) {
            byChat.merge(h.chatId(), 1L, Long::sum);
          }
        });
    String topCategory =
        byCategory.entrySet().stream().max(Map.Entry.comparingByValue()).get().getKey();
    long agentCallsInClusters = 0;
    for (RateAnalysis.Cluster c : clusters) {
      CallFilter during = new CallFilter(botId, null, null, null, c.start(), c.end().plusMillis(1));
      agentCallsInClusters +=
          during
              .bind(
                  em.createQuery(
                      "select count(c) from AuditedCall c"
                          + during.where()
                          + " and c.lane = 'agent-reply'",
                      Long.class))
              .getSingleResult();
    }
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("tooManyRequests", hits.size());
    e.put("clusters", clusters);
    e.put("byCategory", byCategory);
    e.put("drivenBy", topCategory);
    e.put("busiestChats", top(byChat));
    e.put("agentReplyCallsDuringClusters", agentCallsInClusters);
    e.put("retryAfterDistribution", RateAnalysis.retryAfterDistribution(hits));
    boolean botWide = clusters.stream().anyMatch(c -> c.scope().equals("bot"));
    String summary =
        hits.size()
            + " calls were refused with 429 ("
            + clusters.size()
            + " clusters of "
            + settings.clusterSize()
            + "+ within "
            + settings.clusterWindow().toSeconds()
            + " s), mostly of category "
            + topCategory
            + (botWide ? ", across chats: the bot's overall budget." : ", in single chats.");
    return java.util.Optional.of(
        new Finding(
            "rate-limited",
            clusters.isEmpty() ? "warning" : "error",
            clusters.isEmpty() ? 45 : 80,
            summary,
            e,
            botWide
                ? "Telegram allows this bot fewer calls than it made: spread "
                    + topCategory
                    + " traffic over time (bulk lane), turn on paid broadcast for bulk"
                    + " (paidBroadcastPerSecond), or ask the integration sending "
                    + topCategory
                    + " to slow down."
                : "One chat gets more than about 1 message/s (20/min in a group): merge"
                    + " messages, coalesce notices (coalesceKey) or slow the sender down."));
  }

  private static Map<Long, Long> top(Map<Long, Long> counts) {
    Map<Long, Long> out = new LinkedHashMap<>();
    counts.entrySet().stream()
        .sorted(Map.Entry.<Long, Long>comparingByValue().reversed())
        .limit(EXAMPLES)
        .forEach(x -> out.put(x.getKey(), x.getValue()));
    return out;
  }

  private java.util.Optional<Finding> upstreamFinding(Long botId, Instant from, Instant to) {
    CallFilter f = new CallFilter(botId, null, null, null, from, to);
    List<Object[]> rows =
        f.bind(
                em.createQuery(
                    "select c.calledAt, c.httpStatus, c.description, c.lane, c.botId from"
                        + " AuditedCall c"
                        + f.where()
                        + " and (c.httpStatus = 0 or c.httpStatus >= 500)"
                        + " and (c.errorCode is null or c.errorCode <> 409)"
                        + " order by c.calledAt",
                    Object[].class))
            .setMaxResults(10_000)
            .getResultList();
    List<BreakerEvent> openings = breakers.openings(botId, from, to, 10_000);
    if (rows.isEmpty() && openings.isEmpty()) {
      return java.util.Optional.empty();
    }
    long noAnswer = rows.stream().filter(r -> ((Integer) r[1]) == 0).count();
    Map<String, Long> descriptions = new TreeMap<>();
    rows.forEach(r -> descriptions.merge(String.valueOf(r[2]), 1L, Long::sum));
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("serverErrors", rows.size() - noAnswer);
    e.put("noAnswer", noAnswer);
    e.put("first", rows.isEmpty() ? null : rows.get(0)[0]);
    e.put("last", rows.isEmpty() ? null : rows.get(rows.size() - 1)[0]);
    e.put("descriptions", descriptions);
    e.put("circuitBreakerOpenings", openings.size());
    e.put(
        "circuitBreakerOpenedAt",
        openings.stream().map(BreakerEvent::changedAt).limit(EXAMPLES * 4L).toList());
    e.put(
        "circuitBreakerChanges",
        breakers.changes(botId, from, to, EXAMPLES * 4).stream()
            .map(
                c -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("botId", c.botId());
                  m.put("at", c.at());
                  m.put("state", c.state());
                  m.put("reason", c.reason());
                  return m;
                })
            .toList());
    e.put("circuitBreakerRule", "recorded by the delivery engine: " + breaker.describe());
    String failed =
        rows.isEmpty()
            ? "The circuit breaker"
            : rows.size()
                + " calls failed on Telegram's side or got no answer (5xx, timeouts)"
                + (openings.isEmpty() ? "" : "; the circuit breaker");
    return java.util.Optional.of(
        new Finding(
            "upstream-errors",
            "error",
            70,
            failed
                + (openings.isEmpty()
                    ? "."
                    : " opened "
                        + openings.size()
                        + " times, first at "
                        + openings.get(0).changedAt()
                        + ", sending nothing for "
                        + breaker.delay().toSeconds()
                        + " s each time."),
            e,
            "Usually transient: TgDesk backs off and retries, nothing is lost. If it lasts,"
                + " check the network path to the Bot API (proxy, DNS, firewall), Telegram's"
                + " status, or the Local Bot API server if the bot uses one."));
  }

  private java.util.Optional<Finding> intakeFinding(Long botId, Instant from, Instant to) {
    Map<String, Long> states = delivery.intakeStates(botId, from, to);
    long failed = states.getOrDefault("failed", 0L);
    if (failed == 0) {
      return java.util.Optional.empty();
    }
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("failedUpdates", failed);
    e.put("updatesByState", states);
    e.put("examples", delivery.failedUpdates(botId, from, to, EXAMPLES));
    return java.util.Optional.of(
        new Finding(
            "intake-failures",
            "error",
            65,
            failed + " received updates failed to become tickets or messages.",
            e,
            "Look at GET /api/admin/updates?state=failed for the reason (lastError), fix it,"
                + " then POST /api/admin/updates/{id}/retry. Telegram was answered 200, so it"
                + " will not send them again."));
  }

  private java.util.Optional<Finding> outboxFinding(Long botId, Instant from, Instant to) {
    Map<String, Long> states = delivery.outboxStates(botId, from, to);
    long dead = states.getOrDefault("dead", 0L);
    long uncertain = states.getOrDefault("uncertain", 0L);
    if (dead + uncertain == 0) {
      return java.util.Optional.empty();
    }
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("dead", dead);
    e.put("uncertain", uncertain);
    e.put("outboxByState", states);
    List<Map<String, Object>> examples = new ArrayList<>();
    examples.addAll(delivery.outboxExamples(botId, OutboxState.DEAD, from, to, EXAMPLES));
    examples.addAll(delivery.outboxExamples(botId, OutboxState.UNCERTAIN, from, to, EXAMPLES));
    e.put("examples", examples);
    return java.util.Optional.of(
        // Ranked above the upstream errors that usually come with it: those cost only time, while
        // these messages are lost or in doubt until an admin acts on them.
        new Finding(
            "outbox-dead-or-uncertain",
            "error",
            75,
            dead
                + " messages gave up after repeated failures and "
                + uncertain
                + " may or may not have been delivered (no answer after the request was"
                + " written).",
            e,
            "Look at GET /api/admin/outbox?state=dead and ?state=uncertain: retry"
                + " (POST /api/admin/outbox/{id}/retry) what should go out, cancel the rest. An"
                + " uncertain message may already be in the chat: check before retrying."));
  }

  /** Sends in flight when a server failed: how many were sent again, how many wait for an admin. */
  private java.util.Optional<Finding> serverFailureFinding(Long botId, Instant from, Instant to) {
    Map<String, Long> outcomes = delivery.serverFailureOutcomes(botId, from, to);
    long resent = outcomes.getOrDefault("resent", 0L);
    long held = outcomes.getOrDefault("held", 0L);
    if (resent + held == 0) {
      return java.util.Optional.empty();
    }
    Map<String, Object> e = new LinkedHashMap<>(outcomes);
    return java.util.Optional.of(
        new Finding(
            "sends-in-doubt-after-server-failure",
            "warning",
            55,
            (resent + held)
                + " sends were on their way to Telegram when their server failed: "
                + resent
                + " were sent again by their lane's policy (each may have reached the chat twice),"
                + " "
                + held
                + " wait as uncertain for an admin.",
            e,
            "Nothing to do for the resent ones. For the held ones (GET /api/admin/outbox"
                + "?state=uncertain), check the chat, then retry or cancel them; the settings"
                + " tgdesk.delivery.uncertain.* choose per lane what happens next time."));
  }

  private java.util.Optional<Finding> refusedFinding(Long botId, Instant from, Instant to) {
    List<Map<String, Object>> byError = delivery.refusedByError(botId, from, to);
    if (byError.isEmpty()) {
      return java.util.Optional.empty();
    }
    long refused = byError.stream().mapToLong(m -> (Long) m.get("entries")).sum();
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("refused", refused);
    e.put("byError", byError);
    e.put("examples", delivery.refusedExamples(botId, from, to, EXAMPLES));
    return java.util.Optional.of(
        new Finding(
            "messages-refused",
            "error",
            55,
            refused
                + " messages were refused by Telegram for good and not sent, most often: "
                + byError.get(0).get("description")
                + ".",
            e,
            "Telegram will refuse these messages as they are: the sender (an agent reply, a"
                + " canned response, a Shopify notice template, an integration) made a message"
                + " Telegram does not accept, e.g. empty text, more than 4096 characters, bad"
                + " entities for its parse_mode, or a wrong chat or topic. Fix the sender or the"
                + " template, then send the message again; GET /api/admin/outbox?state=failed"
                + " lists them."));
  }

  private java.util.Optional<Finding> hiddenTraffic(Long botId, CallFilter all) {
    List<CallQueries.CategoryShare> shares = calls.byCategory(all);
    long total = shares.stream().mapToLong(CallQueries.CategoryShare::calls).sum();
    for (CallQueries.CategoryShare s : shares) {
      if (EXPECTED_CATEGORIES.contains(s.category())
          || s.calls() < MIN_HIDDEN_CALLS
          || s.percent() <= settings.hiddenTrafficPercent()
          || isDeliveryCategory(all, s.category())) {
        continue;
      }
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("category", s.category());
      e.put("calls", s.calls());
      e.put("percentOfCalls", s.percent());
      e.put("totalCalls", total);
      e.put("methods", s.methods());
      e.put("thresholdPercent", settings.hiddenTrafficPercent());
      return java.util.Optional.of(
          new Finding(
              "hidden-traffic",
              "warning",
              40,
              "Calls of category "
                  + s.category()
                  + " are "
                  + s.percent()
                  + "% of the bot's calls: traffic nobody planned eats the bot's budget.",
              e,
              "Find who makes them (the methods show what): an admin script or monitoring"
                  + " polling "
                  + String.join(", ", s.methods().keySet())
                  + " too often. Slow it down or stop it."));
    }
    return java.util.Optional.empty();
  }

  private boolean isDeliveryCategory(CallFilter all, String category) {
    CallFilter f = new CallFilter(all.botId(), all.chatId(), category, null, all.from(), all.to());
    return f.bind(
                em.createQuery(
                    "select count(c) from AuditedCall c" + f.where() + " and c.lane is not null",
                    Long.class))
            .getSingleResult()
        > 0;
  }
}
