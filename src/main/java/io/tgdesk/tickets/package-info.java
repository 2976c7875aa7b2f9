/**
 * Tickets and their conversations: customers (Telegram users per bot), topic groups (forum
 * supergroups whose topics are tickets), tickets with statuses and their lifecycle, conversation
 * messages with their edit history, ids, and the intake that makes tickets of what customers write
 * ({@link io.tgdesk.tickets.CustomerMessages}) and of what other features record ({@link
 * io.tgdesk.tickets.SystemEntries}), sharing {@link io.tgdesk.tickets.TicketIntake}. Knows nothing
 * of how updates arrive: telegram.inbound hands it {@link io.tgdesk.tickets.InboundMessage}s, and
 * messages of supergroups that are no topic groups to whoever implements the seam {@link
 * io.tgdesk.tickets.GroupUpdates} (the agents groups), so that inbound does not know them.
 * Announces its changes as {@link io.tgdesk.tickets.TicketActivity} events (the hostevents package
 * turns them into host events). Names longer than their columns are cut with a marker ({@link
 * io.tgdesk.schema.Columns}), so that a long name never costs a customer's message. A customer may
 * be blocked (the customers package blocks them; replies to them answer 409) or flood: {@link
 * io.tgdesk.tickets.FloodGuard} flags a customer who writes faster than their bot's limit and lets
 * automatic messages (after-hours replies, status and order notices) reach a blocked customer never
 * and a flooding one at most once per period.
 *
 * <p>The parts agents see as features of their own are sub-packages, each built on the tickets
 * here:
 *
 * <pre>
 *   tickets.greeting the answer to /start; whether /start opens a ticket
 *   tickets.canned   canned responses: kept by admins, previewed and sent by agents
 *   tickets.topics   topic group registration, topic events, the engine's topic follow-ups
 *   tickets.queues   queues, routing of new tickets, assignment, availability, business hours
 *   tickets.replies  agent replies, notes, their delivery state, status notices
 *   tickets.media    customers' files opened by agents (getFile, download, disk cache)
 *   tickets          tickets, conversations, customers, topic groups, intake, lifecycle
 *   tickets.texts    texts to customers per language (shipped, a bot's own), templates
 * </pre>
 *
 * The intake, the lifecycle and the tickets resource call down into queues (routing a new ticket,
 * the after-hours reply, assignment) and replies (status notices, replies): those two and tickets
 * are one unit that changes together; canned, topics, media and greeting sit above them, and
 * nothing here depends on canned, topics, media or greeting. tickets.texts sits below them all and
 * depends on nothing in tickets.
 *
 * <p>Depends on telegram.bots (ids, deletion event), telegram.outbound (reachability of chats),
 * schema (column lengths), web.
 */
package io.tgdesk.tickets;
