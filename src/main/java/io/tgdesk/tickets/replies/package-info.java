/**
 * Replies and notices: what agents write on a ticket ({@link io.tgdesk.tickets.replies.Replies}:
 * replies sent through the delivery engine on the agent-reply lane, edits and deletions of sent
 * replies, internal notes), where each reply stands ({@link
 * io.tgdesk.tickets.replies.ReplyTracking} follows the engine's events in the transaction that
 * changed the outbox entry, by primary key only), and what a status change shows in Telegram
 * ({@link io.tgdesk.tickets.replies.StatusNotices}: a topic's name prefix, or a coalesced notice to
 * a private chat's customer, sent by {@link io.tgdesk.tickets.replies.StatusNoticeSweep}). A reply
 * may carry inline buttons ({@link io.tgdesk.tickets.replies.InlineButtons}); a customer's press is
 * applied by {@link io.tgdesk.tickets.replies.ButtonPresses}: stored as their answer, or, on the
 * rating prompt a queue may ask for when a ticket is resolved, a satisfaction rating ({@link
 * io.tgdesk.tickets.replies.Ratings}, texts CSAT_PROMPT and CSAT_THANKS of {@link
 * io.tgdesk.tickets.texts.CustomerTexts}). Agents' "typing..." goes out on the engine's lowest lane
 * ({@link io.tgdesk.tickets.replies.Replies#typing}).
 *
 * <p>Depends on tickets (tickets, conversation messages, their events), telegram.outbound and its
 * outbox (enqueue in the caller's transaction, delivery events, a sent entry's Telegram message
 * id), telegram.bots, config (status notice and rating settings), schema (the sweep starts when it
 * is ready), web, and tickets.queues (whether a queue asks for ratings).
 */
package io.tgdesk.tickets.replies;
