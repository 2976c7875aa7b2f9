package io.tgdesk.diagnostics;

import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.telegram.bots.BotStore;
import io.tgdesk.telegram.outbound.DeliveryEngine;
import io.tgdesk.telegram.outbound.throttle.Limits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Another client uses this bot's token: Telegram refused calls with 429 although TgDesk's own calls
 * through the token stayed within the bot's budget in the second before each, in chats that were
 * quiet (so neither the bot's budget nor a chat's limit was TgDesk's doing). Telegram counts every
 * call made with the token, whoever makes it. Ranked above the generic rate-limit finding when it
 * explains most of the 429s.
 *
 * <p>Same family as a 409 on getUpdates (another poller) and a webhook set elsewhere
 * (url-mismatch): all three are another system holding the bot's token. When paid broadcast is on,
 * TgDesk may make more calls than the free budget, and this rule does not count those seconds as
 * within budget.
 */
@ApplicationScoped
class SharedTokenRule implements FindingRule {

  static final int WINDOWS = 20;

  @Inject RateQueries rates;
  @Inject BotStore bots;

  @Override
  public Optional<Finding> find(Long botId, Instant from, Instant to) {
    Finding best = null;
    double bestShare = -1;
    for (long bot : botId == null ? rates.botsWith429(from, to) : List.of(botId)) {
      Optional<Finding> f = findFor(bot, from, to);
      if (f.isPresent()) {
        double share = ((Evidence.SharedToken) f.get().evidence()).percentWithinBudget();
        if (share > bestShare) {
          best = f.get();
          bestShare = share;
        }
      }
    }
    return Optional.ofNullable(best);
  }

  private Optional<Finding> findFor(long botId, Instant from, Instant to) {
    List<RateAnalysis.Hit> hits = rates.tooManyRequests(botId, from, to);
    if (hits.isEmpty()) {
      return Optional.empty();
    }
    Limits limits =
        bots.find(BotId.of(botId)).map(DeliveryEngine::limitsOf).orElse(Limits.telegramDefaults());
    int limit = limits.botPerSecond();
    List<RateQueries.QuietChat429> bursts =
        rates.quietChat429s(botId, from, to, limits.privateSpacing());
    List<RateQueries.QuietChat429> within =
        bursts.stream().filter(q -> q.ownCallsInSecond() <= limit).toList();
    if (within.isEmpty()) {
      return Optional.empty();
    }
    double percent = Math.round(within.size() * 1000.0 / bursts.size()) / 10.0;
    int ownPeak =
        within.stream().mapToInt(RateQueries.QuietChat429::ownCallsInSecond).max().orElse(0);
    var e =
        new Evidence.SharedToken(
            botId,
            limit,
            hits.size(),
            bursts.size(),
            within.size(),
            percent,
            ownPeak,
            windows(within),
            RateAnalysis.retryAfterDistribution(
                within.stream()
                    .map(q -> new RateAnalysis.Hit(q.at(), q.chatId(), null, null, q.retryAfter()))
                    .toList()));
    // "most": of the bursts, not of the refused calls, which one burst multiplies
    boolean most = percent > 50;
    return Optional.of(
        new Finding(
            "token-shared",
            most ? "error" : "warning",
            // above rate-limited (80) when it explains most of the 429s, below it otherwise
            most ? 85 : 44,
            within.size()
                + " of "
                + bursts.size()
                + " bursts of 429s ("
                + hits.size()
                + " refused calls) began while TgDesk itself made at most "
                + ownPeak
                + " calls/s through the token, within the bot's "
                + limit
                + "/s, to chats that were quiet: another client uses this bot's token.",
            e,
            "Find the other client that uses this bot's token (a CRM sync, an old bot process, a"
                + " monitoring script): give it a bot of its own, or revoke the token with"
                + " @BotFather (/revoke) and PATCH /api/admin/bots/{id} with the new one. Telegram"
                + " counts every call made with the token against one budget."));
  }

  private static List<Evidence.TokenWindow> windows(List<RateQueries.QuietChat429> within) {
    Map<Instant, List<RateQueries.QuietChat429>> bySecond = new TreeMap<>();
    within.forEach(
        q ->
            bySecond
                .computeIfAbsent(q.at().truncatedTo(ChronoUnit.SECONDS), k -> new ArrayList<>())
                .add(q));
    return bySecond.entrySet().stream()
        .limit(WINDOWS)
        .map(
            x ->
                new Evidence.TokenWindow(
                    x.getKey(),
                    x.getValue().stream()
                        .mapToInt(RateQueries.QuietChat429::ownCallsInSecond)
                        .max()
                        .orElse(0),
                    x.getValue().size(),
                    x.getValue().stream()
                        .map(RateQueries.QuietChat429::retryAfter)
                        .filter(r -> r != null)
                        .min(Integer::compare)
                        .orElse(null),
                    x.getValue().stream()
                        .map(RateQueries.QuietChat429::retryAfter)
                        .filter(r -> r != null)
                        .max(Integer::compare)
                        .orElse(null)))
        .toList();
  }
}
