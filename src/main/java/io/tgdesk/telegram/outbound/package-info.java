/**
 * The delivery engine: everything TgDesk sends to Telegram goes through here. {@link
 * io.tgdesk.telegram.outbound.Outbox#enqueue} writes an outbox entry in the caller's transaction;
 * the {@link io.tgdesk.telegram.outbound.DeliveryEngine} runs one {@link
 * io.tgdesk.telegram.outbound.BotDelivery} loop per bot this server owns, which sends due entries
 * on Liberty's managed executors, within Telegram's limits ({@code throttle}), in order per chat
 * and thread, and decides what a failure means ({@code retry}).
 *
 * <p>The composition, in one place: for each bot, (1) the bot's circuit breaker (Failsafe) lets a
 * call through or not; (2) the pre-emptive {@link io.tgdesk.telegram.outbound.throttle.BotThrottle}
 * books the call a slot of the bot budget (slots exactly 1/limit apart, booked up to a short
 * horizon ahead) at which it exceeds no bot, chat or group limit and hits no 429 pause; (3) the
 * {@link io.tgdesk.telegram.outbound.throttle.StartGate} lets it go at its slot and never closer
 * than the budget's spacing to the previous call's real start; (4) the call is made once over HTTP,
 * and the chat's limits count from its answer; (5) its failure is classified by {@link
 * io.tgdesk.telegram.outbound.retry.FailureClassifier} and retried durably (the entry goes back to
 * PENDING with a later next_attempt_at, {@link io.tgdesk.backoff.Backoff}), never by an in-memory
 * retry loop and never behind newer entries of the same chat.
 *
 * <p>Lanes ({@link io.tgdesk.telegram.outbound.outbox.Lane}), highest first: answers to button
 * presses (outside the budget and the chats' order, so that nothing queued holds them back), agent
 * replies, notices, bulk, and chat actions ("typing...", only what bulk leaves). Answers and chat
 * actions have a maximum age: one that could not go in time is cancelled as stale, never sent late;
 * a chat action waiting when a message for its chat is queued is cancelled, so it never goes ahead
 * of the message.
 *
 * <p>A bot's loop is split along its seams: {@code PendingWindow} (the oldest pending entries it
 * plans with), {@code CallSender} (one call on a sender thread: departure mark, gate, HTTP,
 * outcome), {@code RateLimitPauses} (the scope of a 429, persisted so that a restart keeps it),
 * {@code BotBreaker} (the circuit breaker, thresholds from {@link
 * io.tgdesk.config.BreakerSettings}) and {@code TopicRepair} (reopens or recreates a forum topic);
 * a sealed {@code Answer} carries each call's outcome back to the loop. They reach the rest of the
 * application only through {@code DeliveryPorts}, which {@code DeliveryEngine} builds; the Bot API
 * is reached through its one seam, {@code DeliveryPorts.Calls}.
 *
 * <p>Each change of a bot's circuit breaker (open, half-open, closed) is raised as a {@link
 * io.tgdesk.telegram.outbound.CircuitBreakerChanged} event, which the diagnostics record; this
 * package knows nothing of its observers.
 *
 * <p>Depends on outbox, throttle, retry, cluster (which server acts for a bot), telegram.bots,
 * telegram.botapi, config, schema, backoff, web.
 */
package io.tgdesk.telegram.outbound;
