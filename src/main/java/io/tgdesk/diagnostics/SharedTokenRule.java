package io.tgdesk.diagnostics;

import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.telegram.bots.BotStore;
import io.tgdesk.telegram.outbound.DeliveryEngine;
import io.tgdesk.telegram.outbound.throttle.Limits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Another client uses this bot's token: Telegram refused calls with 429 over the bot's whole budget
 * although TgDesk's own calls through the token stayed within the bot's free budget in every second
 * before them (see {@link RateAnalysis#tokenBursts}). Telegram counts every call made with the
 * token, whoever makes it. One of {@link Finding#TOKEN_HELD_ELSEWHERE}.
 *
 * <p>Ranked above the generic rate-limit finding (which then says so in its fix) when its bursts
 * hold most of the 429s, below it otherwise. The free budget is the yardstick even when paid
 * broadcast is on: a second in which TgDesk itself made more calls than Telegram grants every bot
 * can be TgDesk's own doing, so it never counts as within budget.
 */
@ApplicationScoped
class SharedTokenRule implements FindingRule {

  /** The most bursts the evidence lists. */
  static final int WINDOWS = 20;

  /** How far before the range the calls are read, to tell quiet chats from busy ones. */
  static final Duration CONTEXT = Duration.ofMinutes(1);

  @Inject RateQueries rates;
  @Inject BotStore bots;

  @Override
  public Optional<Finding> find(Long botId, Instant from, Instant to) {
    return evidence(botId, from, to).map(SharedTokenRule::finding);
  }

  /**
   * The evidence of the bot (or, for all bots, of the bot whose 429s it explains best), if any of
   * its bursts came while TgDesk stayed within the budget.
   */
  public Optional<Evidence.SharedToken> evidence(Long botId, Instant from, Instant to) {
    Evidence.SharedToken best = null;
    for (long bot : botId == null ? rates.botsWith429(from, to) : List.of(botId)) {
      Evidence.SharedToken e = evidenceOf(bot, from, to);
      if (e != null && (best == null || e.percentExplained() > best.percentExplained())) {
        best = e;
      }
    }
    return Optional.ofNullable(best);
  }

  /** Whether the bursts hold most of the bot's 429s: then this outranks rate-limited. */
  static boolean explainsMost(Evidence.SharedToken e) {
    return e.percentExplained() > 50;
  }

  private Evidence.SharedToken evidenceOf(long botId, Instant from, Instant to) {
    int tooManyRequests = rates.tooManyRequests(botId, from, to).size();
    if (tooManyRequests == 0) {
      return null;
    }
    Limits limits =
        bots.find(BotId.of(botId)).map(DeliveryEngine::limitsOf).orElse(Limits.telegramDefaults());
    int limit = limits.botPerSecond();
    List<RateAnalysis.TokenBurst> bursts =
        RateAnalysis.tokenBursts(
            rates.tokenCalls(botId, from, to, CONTEXT),
            from,
            new RateAnalysis.ChatLimits(
                limits.privateSpacing(), limits.groupSpacing(), limits.groupPerMinute()));
    List<RateAnalysis.TokenBurst> within = bursts.stream().filter(b -> b.within(limit)).toList();
    if (within.isEmpty()) {
      return null;
    }
    int explained = within.stream().mapToInt(RateAnalysis.TokenBurst::tooManyRequests).sum();
    return new Evidence.SharedToken(
        botId,
        limit,
        tooManyRequests,
        bursts.size(),
        within.size(),
        explained,
        Math.round(explained * 1000.0 / tooManyRequests) / 10.0,
        within.stream().mapToInt(RateAnalysis.TokenBurst::ownPeakPerSecond).max().orElse(0),
        within.stream()
            .limit(WINDOWS)
            .map(
                b ->
                    new Evidence.TokenWindow(
                        b.start(),
                        b.end(),
                        b.ownPeakPerSecond(),
                        limit,
                        b.tooManyRequests(),
                        b.minRetryAfter(),
                        b.maxRetryAfter()))
            .toList(),
        RateAnalysis.retryAfterBands(
            within.stream().flatMap(b -> b.retryAfters().stream()).toList()));
  }

  private static Finding finding(Evidence.SharedToken e) {
    boolean most = explainsMost(e);
    return new Finding(
            "token-shared",
            most ? "error" : "warning",
            // above rate-limited (80) when it explains most of the 429s, below it otherwise
            most ? 85 : 44,
            "another client uses it. "
                + e.explained()
                + " of the bot's "
                + e.tooManyRequests()
                + " 429s ("
                + e.withinBudget()
                + " of "
                + e.bursts()
                + " bursts) came while TgDesk itself made at most "
                + e.ownPeakPerSecond()
                + " calls/s through the token, within the bot's "
                + e.limitPerSecond()
                + "/s.",
            e,
            "Find the other client that uses this bot's token (a CRM sync, an old bot process, a"
                + " monitoring script) and give it a bot of its own; or revoke the token with"
                + " @BotFather (/revoke) and PATCH /api/admin/bots/{id} with the new one. Telegram"
                + " counts every call made with the token against one budget, so slowing TgDesk"
                + " down or paying for broadcast does not help.")
        .asTokenHeldElsewhere();
  }
}
