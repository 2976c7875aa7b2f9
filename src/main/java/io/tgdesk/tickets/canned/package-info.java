/**
 * Canned responses: prepared answers with placeholders ({@link
 * io.tgdesk.tickets.canned.CannedTemplate}) that admins keep, optionally per queue, and agents
 * preview for a ticket or send to it. A sent one goes out exactly as an agent's reply, through
 * tickets.replies, in one transaction.
 *
 * <p>Depends on tickets (the ticket and its customer, for the placeholders), tickets.queues (a
 * response's queue, by id), tickets.replies (sending), web. Nothing in tickets depends on it.
 */
package io.tgdesk.tickets.canned;
