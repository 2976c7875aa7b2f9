/**
 * What order topics do: the order snapshot (staleness by the payload's {@code updated_at}), the
 * entry in the customer's ticket (new tickets where the shop's queue says so, placed in that
 * queue), the coalesced notice in the outbox, the orders agents see on a ticket, and the back-fill
 * of orders received before their customer was linked (an agent's link, a later order, a contact
 * shared on Telegram). Also tells queues which Shopify topics exist ({@link
 * io.tgdesk.tickets.queues.EntryTopics}).
 *
 * <p>Depends on customers, intake, shops, tickets, telegram.outbound, telegram.bots (ids) and
 * schema (column lengths).
 */
package io.tgdesk.shopify.orders;
