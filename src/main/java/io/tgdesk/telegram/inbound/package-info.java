/**
 * Updates from Telegram into TgDesk, never lost and never twice: the webhook resource (secret
 * check, size limit) and long polling both hand raw updates to {@link
 * io.tgdesk.telegram.inbound.UpdateIntake}, which stores them under the unique key (bot, update_id)
 * before anything else happens. {@link io.tgdesk.telegram.inbound.UpdateProcessor} then routes
 * stored updates into tickets on a managed executor, off the request path; a scheduled sweep picks
 * up whatever a crash or a failure left behind. An update from a chat also tells the delivery
 * engine that the chat can be reached again ({@link io.tgdesk.telegram.outbound.ChatReachability}).
 * A button press (callback_query) is the one update acted on before it is processed: its answer
 * (answerCallbackQuery) is queued in the transaction that stores it ({@link
 * io.tgdesk.telegram.inbound.PressAnswers}), so that the customer's spinner stops whatever the
 * backlog; the processor then applies the press to the ticket. A message or edit in a supergroup
 * that is no registered topic group goes to the implementations of {@link
 * io.tgdesk.tickets.GroupUpdates} (agents groups answer there), never to a feature by name. Depends
 * on telegram.bots, telegram.botapi, telegram.outbound, tickets, cluster (which server polls and
 * processes a bot), intake, schema, config, backoff, web.
 */
package io.tgdesk.telegram.inbound;
