/**
 * What admins and orchestrators read about the health of TgDesk: the call audit (every Bot API
 * call, observed as {@link io.tgdesk.telegram.botapi.BotApiCall} events and written in batches off
 * the calling thread), the circuit breaker history (observed as {@link
 * io.tgdesk.telegram.outbound.CircuitBreakerChanged} events), rates against limits, 429 clusters,
 * webhook checks, the cause report, MicroProfile metrics and health checks.
 *
 * <p>Read-only over the rest of TgDesk: it changes nothing but its own tables (api_call,
 * webhook_check, breaker_event), their retention, and the chat of a customer whose data is erased
 * ({@link io.tgdesk.diagnostics.CallLog#forgetChat}). May depend on every feature package but
 * customers; only admin and customers (the erasure) depend on it. Must never slow down or break a
 * call to Telegram: the audit takes calls into a bounded buffer and counts what it drops.
 */
package io.tgdesk.diagnostics;
