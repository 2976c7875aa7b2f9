package io.tgdesk.diagnostics;

import io.tgdesk.agents.AgentsGroupLoad;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Customers' messages late in an agents group: a bot that serves the group has more than a minute
 * of Telegram's 20 messages a minute per group queued (or its oldest call waited over a minute).
 * Looks at the present, not at the range: the backlog is what is late now.
 */
@ApplicationScoped
class AgentsGroupRule implements FindingRule {

  @Inject AgentsGroupLoad load;

  @Override
  public Optional<Finding> find(Long botId, Instant from, Instant to) {
    List<AgentsGroupLoad.GroupLoad> over =
        load.all().stream()
            .filter(AgentsGroupLoad.GroupLoad::overLimit)
            .filter(g -> botId == null || g.bots().stream().anyMatch(b -> b.botId() == botId))
            .toList();
    if (over.isEmpty()) {
      return Optional.empty();
    }
    long backlog =
        over.stream()
            .flatMap(g -> g.bots().stream())
            .mapToLong(AgentsGroupLoad.BotLoad::backlog)
            .sum();
    double minutes =
        over.stream()
            .flatMap(g -> g.bots().stream())
            .mapToDouble(AgentsGroupLoad.BotLoad::minutesToClear)
            .max()
            .orElse(0);
    boolean coalescingOff = over.stream().anyMatch(g -> !g.coalesceTexts());
    return Optional.of(
        new Finding(
            "agents-group-over-limit",
            "warning",
            55,
            "The agents group is over its limit: "
                + over.size()
                + " agents group(s) have "
                + backlog
                + " customers' messages queued, up to "
                + String.format(java.util.Locale.ROOT, "%.1f", minutes)
                + " minutes behind (Telegram lets a bot send about 20 messages a minute into a"
                + " group).",
            new Evidence.AgentsGroups(over),
            "Add bots to the group (each has its own 20 a minute: register the same chatId with"
                + " another botId at POST /api/admin/agent-groups, and spread customers over them"
                + " with a bot pool)"
                + (coalescingOff
                    ? "; turn coalescing on (coalesceTexts: true) so that consecutive texts go as"
                        + " one message"
                    : "")
                + "; or split customers over more groups (one per queue). Nothing is lost: the"
                + " messages wait in order. See GET /api/admin/agent-groups/load."));
  }
}
