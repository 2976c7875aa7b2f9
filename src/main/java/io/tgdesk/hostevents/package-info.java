/**
 * Events to the host helpdesk platform: the endpoints it registers, the durable queue of events
 * (one row per event and endpoint, written in the transaction of the ticket change that caused it),
 * and the dispatcher that POSTs them signed with HMAC-SHA256, in order per ticket, with back-off,
 * dead-lettering and replay.
 *
 * <p>Depends on {@code tickets} (observes {@link io.tgdesk.tickets.TicketActivity}, reads tickets
 * to build payloads), {@code config}, {@code egress} (which endpoint URLs are allowed) and {@code
 * web}. Nothing here calls Telegram, and nothing but {@code admin} depends on this package.
 */
package io.tgdesk.hostevents;
