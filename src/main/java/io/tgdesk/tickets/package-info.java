/**
 * Tickets and their conversations: customers (Telegram users per bot), topic groups (forum
 * supergroups whose topics are tickets), tickets with statuses, conversation messages with their
 * edit history; agent replies, notes, status notices and topic management (sent through the
 * delivery engine, whose events tell replies their delivery state); queues with routing, assignment
 * and business hours; canned responses. Knows nothing of how updates arrive: telegram.inbound hands
 * it {@link io.tgdesk.tickets.InboundMessage}s. Follows what the delivery engine finds out (a
 * migrated chat, a recreated topic) and names topics for it ({@link
 * io.tgdesk.tickets.topics.TicketTopics}). Announces its changes as {@link
 * io.tgdesk.tickets.TicketActivity} events (the events package turns them into host events) and
 * queue renames and deletions as {@link io.tgdesk.tickets.queues.QueueNameChanged}. Features that
 * record system entries (Shopify) say which of their topics exist through {@link
 * io.tgdesk.tickets.queues.EntryTopics}, so that queues can choose which open a ticket without
 * tickets depending on them. Names longer than their columns are cut with a marker ({@link
 * io.tgdesk.schema.Columns}), so that a long name never costs a customer's message. Depends on
 * telegram.bots (ids, deletion event), telegram.outbound (its events and seams), schema (column
 * lengths), config, web.
 */
package io.tgdesk.tickets;
