/**
 * Replies and notices: what agents write on a ticket ({@link io.tgdesk.tickets.replies.Replies}:
 * replies sent through the delivery engine on the agent-reply lane, edits and deletions of sent
 * replies, internal notes), where each reply stands ({@link
 * io.tgdesk.tickets.replies.ReplyTracking} follows the engine's events in the transaction that
 * changed the outbox entry, by primary key only), and what a status change shows in Telegram
 * ({@link io.tgdesk.tickets.replies.StatusNotices}: a topic's name prefix, or a coalesced notice to
 * a private chat's customer, sent by {@link io.tgdesk.tickets.replies.StatusNoticeSweep}).
 *
 * <p>Depends on tickets (tickets, conversation messages, their events), telegram.outbound and its
 * outbox (enqueue in the caller's transaction, delivery events, a sent entry's Telegram message
 * id), telegram.bots, config (status notice settings), schema (the sweep starts when it is ready),
 * web.
 */
package io.tgdesk.tickets.replies;
