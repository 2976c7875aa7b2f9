/**
 * Queues and assignment: admins keep queues ({@link io.tgdesk.tickets.queues.Queues}, with their
 * routing rules for new tickets, members, strategy, business hours and after-hours reply); {@link
 * io.tgdesk.tickets.queues.QueueRouting} puts each new ticket into the first queue whose rules
 * match and assigns it (round robin or least open, over online agents), in the intake transaction;
 * agents say whether they take tickets ({@link io.tgdesk.tickets.queues.AgentAvailability}); agents
 * assign tickets and move them between queues ({@link io.tgdesk.tickets.queues.TicketAssignment}).
 * A queue's name is a {@link io.tgdesk.tickets.queues.QueueName}; renames and deletions are
 * announced as {@link io.tgdesk.tickets.queues.QueueNameChanged} in their transaction, so that
 * features naming a queue (routing rules, Shopify shops) follow. Which system-entry topics open a
 * ticket is asked of {@link io.tgdesk.tickets.queues.EntryTopics}, which the recording feature
 * implements.
 *
 * <p>Depends on tickets (tickets, their events and conversation entries, who is acting),
 * telegram.bots and telegram.outbound (the after-hours reply), web. Never on Shopify or routing.
 */
package io.tgdesk.tickets.queues;
