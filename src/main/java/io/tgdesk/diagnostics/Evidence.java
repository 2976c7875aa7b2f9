package io.tgdesk.diagnostics;

import jakarta.json.bind.annotation.JsonbNillable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What a {@link Finding} rests on: counts, times and examples, one record per kind of finding.
 * Nulls that tell something (no webhook error yet, no answer at all) are written as {@code null}.
 */
@Schema(
    oneOf = {
      Evidence.ErrorCalls.class,
      Evidence.Webhook.class,
      Evidence.RateLimit.class,
      Evidence.SharedToken.class,
      Evidence.Upstream.class,
      Evidence.Intake.class,
      Evidence.Outbox.class,
      Evidence.ServerFailure.class,
      Evidence.AgentsGroups.class,
      Evidence.Refused.class,
      Evidence.HiddenTraffic.class,
      Evidence.AgentConcurrency.class,
      Evidence.ShopifyCascade.class,
      Evidence.Figures.class
    })
public sealed interface Evidence {

  /**
   * The calls Telegram answered with one error code.
   *
   * @param calls how many
   * @param chats how many distinct chats they were for
   * @param descriptions Telegram's descriptions, with how many calls each
   * @param methods the Bot API methods, with how many calls each
   * @param exampleChats a few of the chats
   */
  record ErrorCalls(
      int errorCode,
      long calls,
      long chats,
      Instant first,
      Instant last,
      Map<String, Long> descriptions,
      Map<String, Long> methods,
      List<Long> exampleChats)
      implements Evidence {}

  /**
   * The webhook checks of one bot that raised alerts; the details come from the latest of them.
   *
   * @param alerts every alert raised in the range (url-mismatch, recent-error, check-failed, ...)
   * @param pendingHistory the updates waiting at Telegram, check by check
   */
  record Webhook(
      long botId,
      Set<String> alerts,
      int checks,
      int checksWithAlerts,
      Instant lastCheckedAt,
      @JsonbNillable String expectedUrl,
      @JsonbNillable String telegramUrl,
      @JsonbNillable Integer pendingUpdateCount,
      @JsonbNillable Instant lastErrorDate,
      @JsonbNillable String lastErrorMessage,
      @JsonbNillable String checkError,
      List<Pending> pendingHistory)
      implements Evidence {}

  /** Updates waiting at Telegram at one webhook check. */
  record Pending(Instant at, int pending) {}

  /**
   * The 429 answers of the range.
   *
   * @param drivenBy the category with the most 429s
   * @param busiestChats chat id → 429s, the busiest few
   * @param agentReplyCallsDuringClusters agent replies sent while a cluster lasted
   */
  record RateLimit(
      int tooManyRequests,
      List<RateAnalysis.Cluster> clusters,
      Map<String, Long> byCategory,
      String drivenBy,
      Map<Long, Long> busiestChats,
      long agentReplyCallsDuringClusters,
      Map<String, Long> retryAfterDistribution)
      implements Evidence {}

  /**
   * 429s that TgDesk's own calls cannot explain: bursts over the bot's whole budget that began in
   * quiet chats while TgDesk's calls through the token stayed within the bot's free budget in every
   * second before their 429s.
   *
   * @param limitPerSecond the bot's free budget (calls per second), which Telegram grants any bot
   * @param tooManyRequests all 429s of the bot in the range
   * @param bursts the bot-wide bursts of 429s (see {@link RateAnalysis#tokenBursts})
   * @param withinBudget the bursts in which TgDesk stayed within {@code limitPerSecond}
   * @param explained the 429s of those bursts
   * @param percentExplained their share of {@code tooManyRequests}
   * @param ownPeakPerSecond TgDesk's most calls in one second before a 429 of those bursts
   * @param windows those bursts, the first few: TgDesk's own rate against the limit in each
   * @param retryAfterDistribution the retry_after values of their 429s, in bands
   */
  record SharedToken(
      long botId,
      int limitPerSecond,
      int tooManyRequests,
      int bursts,
      int withinBudget,
      int explained,
      double percentExplained,
      int ownPeakPerSecond,
      List<TokenWindow> windows,
      Map<String, Long> retryAfterDistribution)
      implements Evidence {}

  /**
   * One burst of 429s while TgDesk stayed within the bot's budget.
   *
   * @param ownPeakPerSecond TgDesk's most calls in one second up to a 429 of the burst
   */
  record TokenWindow(
      Instant start,
      Instant end,
      int ownPeakPerSecond,
      int limitPerSecond,
      int tooManyRequests,
      @JsonbNillable Integer minRetryAfter,
      @JsonbNillable Integer maxRetryAfter) {}

  /**
   * Server errors and calls without an answer, and the circuit breaker they opened.
   *
   * @param first the first failed call; null when only the breaker shows it
   * @param circuitBreakerRule when the breaker opens and closes
   */
  record Upstream(
      long serverErrors,
      long noAnswer,
      @JsonbNillable Instant first,
      @JsonbNillable Instant last,
      Map<String, Long> descriptions,
      int circuitBreakerOpenings,
      List<Instant> circuitBreakerOpenedAt,
      List<BreakerChange> circuitBreakerChanges,
      String circuitBreakerRule)
      implements Evidence {}

  /** One change of a bot's circuit breaker. */
  record BreakerChange(
      long botId, Instant at, @JsonbNillable String state, @JsonbNillable String reason) {}

  /** Received updates that failed to become tickets or messages. */
  record Intake(
      long failedUpdates,
      Map<String, Long> updatesByState,
      List<DeliveryFigures.FailedUpdate> examples)
      implements Evidence {}

  /** Outbox entries that gave up (dead) or may or may not have arrived (uncertain). */
  record Outbox(
      long dead,
      long uncertain,
      Map<String, Long> outboxByState,
      List<DeliveryFigures.OutboxExample> examples)
      implements Evidence {}

  /** Agents groups whose bots have more than a minute of their group budget queued. */
  record AgentsGroups(List<io.tgdesk.agents.AgentsGroupLoad.GroupLoad> groups)
      implements Evidence {}

  /** Sends in flight when their server failed: sent again, or held as uncertain. */
  record ServerFailure(long resent, long held) implements Evidence {}

  /** Messages Telegram refused for good, by error, with examples. */
  record Refused(
      long refused,
      List<DeliveryFigures.RefusedError> byError,
      List<DeliveryFigures.RefusedExample> examples)
      implements Evidence {}

  /**
   * A category of calls nobody planned, above its share threshold.
   *
   * @param percentOfCalls its share of the bot's calls
   * @param thresholdPercent the share above which it is reported
   */
  record HiddenTraffic(
      String category,
      long calls,
      double percentOfCalls,
      long totalCalls,
      Map<String, Long> methods,
      int thresholdPercent)
      implements Evidence {}

  /**
   * 429s in chats that several agents, or an agent and an automation, wrote to at the same time.
   *
   * @param tooManyRequests every 429 with a chat in the range
   * @param concurrent429s those that came while several senders wrote to their chat
   * @param windowSeconds how long before a 429 an entry counts as written at the same time
   * @param chats the chats, most concurrent 429s first, with their agents and automations
   */
  record AgentConcurrency(
      int tooManyRequests,
      int concurrent429s,
      long windowSeconds,
      List<ConcurrencyAnalysis.ChatConcurrency> chats)
      implements Evidence {}

  /**
   * Shopify bursts followed by 429s or a growing queue on the shop's bot.
   *
   * @param burstRule what counts as a burst
   * @param bursts each burst with its shop, topics, notices and effect on delivery
   */
  record ShopifyCascade(String burstRule, List<CascadeAnalysis.Cascade> bursts)
      implements Evidence {}

  /**
   * The figures of the whole report: what was seen in the range, whether or not anything is wrong.
   *
   * @param callsByHttpStatus HTTP status (0: no answer) → calls
   * @param sendsInDoubtAfterServerFailure resent / held → entries
   * @param queues pending entries now, per bot and lane
   */
  record Figures(
      long calls,
      Map<String, Long> callsByHttpStatus,
      List<CallQueries.CategoryShare> callsByCategory,
      Map<String, Long> outboxByState,
      Map<String, Long> sendsInDoubtAfterServerFailure,
      List<DeliveryFigures.Queue> queues,
      DeliveryFigures.Latency deliveryLatency,
      Map<String, Long> intakeByState,
      long circuitBreakerOpenings,
      CallAudit.AuditCounters audit)
      implements Evidence {}
}
