/**
 * Tickets and their conversations: customers (Telegram users per bot), topic groups (forum
 * supergroups whose topics are tickets), tickets with statuses, conversation messages with their
 * edit history. Knows nothing of how updates arrive: telegram.inbound hands it {@link
 * io.tgdesk.tickets.InboundMessage}s. Depends on telegram.bots (ids, deletion event), config, web.
 */
package io.tgdesk.tickets;
