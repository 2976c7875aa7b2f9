/**
 * Forum topics as tickets: registering forum supergroups as topic groups ({@link
 * io.tgdesk.tickets.topics.TopicGroupRegistry}, which asks Telegram), what topic events from
 * Telegram do to their tickets ({@link io.tgdesk.tickets.topics.TopicEvents}: created, renamed,
 * closed, reopened, a group that became a supergroup), and the tickets' side of what the delivery
 * engine finds out: a migrated chat, a deleted topic it recreated and needs a name for ({@link
 * io.tgdesk.tickets.topics.TicketTopics}, the engine's {@code TopicDirectory}).
 *
 * <p>Depends on tickets (tickets, topic groups, the shared intake), tickets.replies (topic names
 * carry a status prefix), telegram.bots (the forum check at registration) and telegram.botapi,
 * telegram.outbound (its events and seams), schema (a registration that met a concurrent change is
 * run again), web.
 */
package io.tgdesk.tickets.topics;
