/**
 * Which bot a message goes through, when TgDesk has several: bot pools (named sets of bots that
 * share sends), routing rules (a queue or a topic group mapped to a bot or a pool) and {@link
 * io.tgdesk.routing.ChatRouting}, which applies them above the delivery engine, at enqueue time.
 * The rule it keeps: a chat a bot is already in always goes through that bot; only chats no bot
 * knows are left to a rule or spread over a pool.
 *
 * <p>Depends on telegram.bots, telegram.outbound (enqueue, pending depth), tickets (which bot is in
 * which chat; a queue's name, and its renames: tickets.queues), web, schema (a send that met a
 * concurrent change is run again). A rule names its queue by the queue's name ({@link
 * io.tgdesk.tickets.queues.QueueName}) and follows the queue when it is renamed.
 */
package io.tgdesk.routing;
