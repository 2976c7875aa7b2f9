package io.tgdesk.diagnostics;

import io.tgdesk.config.DiagnosticsSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A category of calls that is not delivery, not intake and not our own checks, yet takes more than
 * its share of the bot's calls: traffic nobody planned.
 */
@ApplicationScoped
class HiddenTrafficRule implements FindingRule {

  /**
   * Intake (polling) and our own scheduled checks (diagnostics): expected, never hidden traffic.
   */
  static final Set<String> EXPECTED_CATEGORIES = Set.of("polling", "diagnostics");

  static final int MIN_HIDDEN_CALLS = 20;

  @Inject CallQueries calls;
  @Inject DiagnosticsSettings settings;

  @Override
  public Optional<Finding> find(Long botId, Instant from, Instant to) {
    CallFilter all = new CallFilter(botId, null, null, null, from, to);
    List<CallQueries.CategoryShare> shares = calls.byCategory(all);
    long total = shares.stream().mapToLong(CallQueries.CategoryShare::calls).sum();
    for (CallQueries.CategoryShare s : shares) {
      if (EXPECTED_CATEGORIES.contains(s.category())
          || s.calls() < MIN_HIDDEN_CALLS
          || s.percent() <= settings.hiddenTrafficPercent()
          || calls.anyDeliveryCalls(new CallFilter(botId, null, s.category(), null, from, to))) {
        continue;
      }
      return Optional.of(
          new Finding(
              "hidden-traffic",
              "warning",
              40,
              "Calls of category "
                  + s.category()
                  + " are "
                  + s.percent()
                  + "% of the bot's calls: traffic nobody planned eats the bot's budget.",
              new Evidence.HiddenTraffic(
                  s.category(),
                  s.calls(),
                  s.percent(),
                  total,
                  s.methods(),
                  settings.hiddenTrafficPercent()),
              "Find who makes them (the methods show what): an admin script or monitoring"
                  + " polling "
                  + String.join(", ", s.methods().keySet())
                  + " too often. Slow it down or stop it."));
    }
    return Optional.empty();
  }
}
