package io.tgdesk.diagnostics;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Why messages are missing or late: ranked findings, each with its cause, evidence and fix, from
 * the call audit, the webhook checks, the outbox and the intake. One bot or all, over a time range.
 *
 * <p>Each kind of finding is a {@link FindingRule}; this class runs them all and ranks what they
 * find. Findings of equal score keep the order of {@link #rules}.
 */
@ApplicationScoped
public class CauseReport {

  @Inject CallQueries calls;
  @Inject DeliveryFigures delivery;
  @Inject CallAudit audit;
  @Inject BreakerHistory breakers;
  @Inject Clock clock;

  @Inject WebhookRule webhook;
  @Inject SharedTokenRule sharedToken;
  @Inject RateLimitRule rateLimit;
  @Inject UpstreamRule upstream;
  @Inject IntakeRule intake;
  @Inject OutboxRule outbox;
  @Inject ServerFailureRule serverFailure;
  @Inject RefusedRule refused;
  @Inject HiddenTrafficRule hiddenTraffic;
  @Inject AgentConcurrencyRule agentConcurrency;
  @Inject ShopifyCascadeRule shopifyCascade;
  @Inject AgentsGroupRule agentsGroup;

  private List<FindingRule> rules;

  @PostConstruct
  void collectRules() {
    rules =
        List.of(
            ErrorCodeRule.tokenRevoked(calls),
            webhook,
            ErrorCodeRule.pollingConflict(calls),
            sharedToken,
            rateLimit,
            shopifyCascade,
            agentConcurrency,
            upstream,
            intake,
            outbox,
            agentsGroup,
            serverFailure,
            refused,
            ErrorCodeRule.chatsUnreachable(calls),
            hiddenTraffic);
  }

  /** The report, findings ranked (highest score first). */
  public record Report(
      Long botId,
      Instant from,
      Instant to,
      boolean healthy,
      List<Finding> findings,
      Evidence.Figures figures) {}

  public Report report(Long botId, Instant from, Instant to) {
    Evidence.Figures figures = figures(botId, from, to);
    List<Finding> findings = new ArrayList<>();
    for (FindingRule rule : rules) {
      rule.find(botId, from, to).ifPresent(findings::add);
    }
    findings.sort(Comparator.comparingInt(Finding::score).reversed());
    boolean healthy = findings.isEmpty();
    if (healthy) {
      findings.add(
          new Finding(
              "healthy",
              "ok",
              0,
              "Nothing wrong: "
                  + figures.calls()
                  + " calls to Telegram, none refused for rate limits, no revoked token, no"
                  + " webhook alert, no circuit breaker opening, no failed update, no dead,"
                  + " uncertain or refused message.",
              figures,
              "Nothing to do."));
    }
    return new Report(botId, from, to, healthy, findings, figures);
  }

  private Evidence.Figures figures(Long botId, Instant from, Instant to) {
    CallFilter all = new CallFilter(botId, null, null, null, from, to);
    var byStatus = calls.byHttpStatus(all);
    return new Evidence.Figures(
        byStatus.values().stream().mapToLong(Long::longValue).sum(),
        byStatus,
        calls.byCategory(all),
        delivery.outboxStates(botId, from, to),
        delivery.serverFailureOutcomes(botId, from, to),
        delivery.queues(botId, clock.instant()),
        delivery.latency(botId, from, to),
        delivery.intakeStates(botId, from, to),
        breakers.countOpenings(botId, from, to),
        audit.counters());
  }
}
