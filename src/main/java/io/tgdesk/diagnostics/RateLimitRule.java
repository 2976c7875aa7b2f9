package io.tgdesk.diagnostics;

import io.tgdesk.config.DiagnosticsSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Calls refused with 429: clusters across chats (the bot's overall budget) or in single chats, with
 * the category that drove them. When most of them came while TgDesk stayed within the bot's budget
 * ({@link SharedTokenRule}), the fix points there instead of at TgDesk's own traffic.
 */
@ApplicationScoped
class RateLimitRule implements FindingRule {

  static final int BUSIEST_CHATS = 5;

  /** The fix when another client's calls explain most of the 429s (see token-shared). */
  static final String TOKEN_SHARED_FIX =
      "TgDesk stayed within the bot's budget before most of these 429s: another client uses"
          + " this bot's token (see the token-shared finding). Deal with that client first;"
          + " slowing TgDesk down or paying for broadcast would not help.";

  @Inject RateQueries rates;
  @Inject CallQueries calls;
  @Inject DiagnosticsSettings settings;
  @Inject SharedTokenRule sharedToken;

  @Override
  public Optional<Finding> find(Long botId, Instant from, Instant to) {
    List<RateAnalysis.Hit> hits = rates.tooManyRequests(botId, from, to);
    if (hits.isEmpty()) {
      return Optional.empty();
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
      agentCallsInClusters +=
          calls.countInLane(
              new CallFilter(botId, null, null, null, c.start(), c.end().plusMillis(1)),
              "agent-reply");
    }
    var e =
        new Evidence.RateLimit(
            hits.size(),
            clusters,
            byCategory,
            topCategory,
            top(byChat),
            agentCallsInClusters,
            RateAnalysis.retryAfterDistribution(hits));
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
    boolean tokenShared =
        sharedToken
            .evidence(botId, from, to)
            .filter(s -> SharedTokenRule.explainsMost(s) && s.explained() * 2 > hits.size())
            .isPresent();
    return Optional.of(
        new Finding(
            "rate-limited",
            clusters.isEmpty() ? "warning" : "error",
            clusters.isEmpty() ? 45 : 80,
            summary,
            e,
            tokenShared ? TOKEN_SHARED_FIX : fix(botWide, topCategory)));
  }

  private static String fix(boolean botWide, String topCategory) {
    return botWide
        ? "Telegram allows this bot fewer calls than it made: spread "
            + topCategory
            + " traffic over time (bulk lane), turn on paid broadcast for bulk"
            + " (paidBroadcastPerSecond), or ask the integration sending "
            + topCategory
            + " to slow down."
        : "One chat gets more than about 1 message/s (20/min in a group): merge"
            + " messages, coalesce notices (coalesceKey) or slow the sender down.";
  }

  /** The largest counts, largest first. */
  static Map<Long, Long> top(Map<Long, Long> counts) {
    Map<Long, Long> out = new LinkedHashMap<>();
    counts.entrySet().stream()
        .sorted(Map.Entry.<Long, Long>comparingByValue().reversed())
        .limit(BUSIEST_CHATS)
        .forEach(x -> out.put(x.getKey(), x.getValue()));
    return out;
  }
}
