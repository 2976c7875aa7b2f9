/**
 * Telegram's limits as a pre-emptive throttle: for each call, the earliest instant it may go out
 * without exceeding the bot budget, the chat's or group's windows, or a pause that a 429 imposed.
 * Pure logic on an injected {@link java.time.Clock}; no I/O, no threads. Depends on nothing of
 * ours.
 */
package io.tgdesk.telegram.outbound.throttle;
