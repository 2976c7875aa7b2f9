/**
 * Host events: what TgDesk POSTs to the host helpdesk platform. The endpoints it registers, the
 * durable queue of events (one row per event and endpoint, written in the transaction of the ticket
 * change that caused it), and the dispatcher that POSTs them signed with HMAC-SHA256, in order per
 * ticket, with back-off, dead-lettering and replay.
 *
 * <p>Depends on {@code tickets} (observes {@link io.tgdesk.tickets.TicketActivity} and {@link
 * io.tgdesk.tickets.CustomerActivity}: customer events, ordered per customer as ticket events are
 * per ticket; reads tickets to build payloads), {@code egress} (which endpoint URLs are allowed),
 * {@code web} (problems, endpoint secrets), {@code backoff} (waits between attempts) and {@code
 * schema} (starts once the schema is ready; an endpoint's deletion that met a new event is run
 * again). Nothing here calls Telegram, and nothing but {@code admin} and {@code customers} (which
 * reads and forgets the events of erased tickets through {@link
 * io.tgdesk.hostevents.HostEventErasure}) depends on this package.
 */
package io.tgdesk.hostevents;
