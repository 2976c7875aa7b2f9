package io.tgdesk.telegram.outbound;

import io.tgdesk.cluster.BotOwnership;
import io.tgdesk.cluster.LeaseStore;
import io.tgdesk.config.BreakerSettings;
import io.tgdesk.telegram.botapi.BotApiException;
import io.tgdesk.telegram.botapi.BotEndpoint;
import io.tgdesk.telegram.botapi.CallContext;
import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.telegram.bots.BotStore;
import io.tgdesk.telegram.outbound.outbox.DeliveryChats;
import io.tgdesk.telegram.outbound.outbox.OutboxStore;
import io.tgdesk.telegram.outbound.outbox.OutboxWindows;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * What a bot's delivery loop and its parts need from the rest of the application, built once by
 * {@link DeliveryEngine} and shared by every loop. Immutable; every port is thread-safe.
 *
 * @param windows what the loops plan with (the oldest pending entries, the longest chains)
 * @param topics the names of forum topics, to create a deleted one again
 * @param breakerChanges told of each change of a bot's circuit breaker (the diagnostics listen)
 * @param breakerSettings the rule of every bot's circuit breaker
 */
record DeliveryPorts(
    OutboxStore store,
    OutboxWindows windows,
    DeliveryOutcomes outcomes,
    DeliveryChats chats,
    BotStore bots,
    Calls calls,
    BotOwnership ownership,
    LeaseStore leases,
    TopicDirectory topics,
    Consumer<CircuitBreakerChanged> breakerChanges,
    BreakerSettings breakerSettings) {

  /**
   * The Bot API over HTTP: the one seam through which delivery reaches Telegram. Blocks until
   * Telegram answers (over 60 s for a flooded call).
   */
  @FunctionalInterface
  interface Calls {

    /**
     * Calls {@code method} and returns the {@code result} of an ok answer.
     *
     * @param departing run right before the request is written, or null
     * @throws BotApiException for an {@code ok=false} answer, no answer, or an unusable one
     */
    JsonValue call(
        BotEndpoint bot, String method, JsonObject params, CallContext context, Runnable departing);
  }

  /** This server's name in the cluster, as claims record it. */
  String nodeId() {
    return ownership.node().value();
  }

  /** Whether this server may call Telegram for the bot now (it holds the bot's lease). */
  boolean mayAct(BotId bot) {
    return ownership.owns(bot);
  }

  /** The fence checked in the claim's transaction: the lease is still this server's, unexpired. */
  boolean holdsLease(BotId bot, Instant now) {
    var token = ownership.token(bot);
    return token.isPresent() && leases.holds(bot, ownership.node(), token.getAsLong(), now);
  }
}
