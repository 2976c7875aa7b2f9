package io.tgdesk.diagnostics;

import io.tgdesk.config.BreakerSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Telegram's side failed (5xx) or did not answer, and the circuit breaker opened. */
@ApplicationScoped
class UpstreamRule implements FindingRule {

  static final int MAX_CALLS = 10_000;
  static final int EXAMPLES = 20;

  @Inject CallQueries calls;
  @Inject BreakerHistory breakers;
  @Inject BreakerSettings breaker;

  @Override
  public Optional<Finding> find(Long botId, Instant from, Instant to) {
    List<CallQueries.UpstreamFailure> rows =
        calls.upstreamFailures(new CallFilter(botId, null, null, null, from, to), MAX_CALLS);
    List<BreakerEvent> openings = breakers.openings(botId, from, to, MAX_CALLS);
    if (rows.isEmpty() && openings.isEmpty()) {
      return Optional.empty();
    }
    long noAnswer = rows.stream().filter(r -> r.httpStatus() == 0).count();
    Map<String, Long> descriptions = new TreeMap<>();
    rows.forEach(r -> descriptions.merge(String.valueOf(r.description()), 1L, Long::sum));
    var e =
        new Evidence.Upstream(
            rows.size() - noAnswer,
            noAnswer,
            rows.isEmpty() ? null : rows.get(0).at(),
            rows.isEmpty() ? null : rows.get(rows.size() - 1).at(),
            descriptions,
            openings.size(),
            openings.stream().map(BreakerEvent::changedAt).limit(EXAMPLES).toList(),
            breakers.changes(botId, from, to, EXAMPLES).stream()
                .map(c -> new Evidence.BreakerChange(c.botId(), c.at(), c.state(), c.reason()))
                .toList(),
            "recorded by the delivery engine: " + breaker.describe());
    String failed =
        rows.isEmpty()
            ? "The circuit breaker"
            : rows.size()
                + " calls failed on Telegram's side or got no answer (5xx, timeouts)"
                + (openings.isEmpty() ? "" : "; the circuit breaker");
    return Optional.of(
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
}
