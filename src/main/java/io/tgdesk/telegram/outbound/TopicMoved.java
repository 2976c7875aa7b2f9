package io.tgdesk.telegram.outbound;

import io.tgdesk.telegram.bots.BotId;

/**
 * CDI event raised in the transaction that moved a forum topic's pending calls to the topic the
 * engine created in place of a deleted one (Telegram answered "message thread not found"): features
 * that map tickets to topics follow.
 *
 * @param newThreadId the new topic's message_thread_id, which is also the id of its creation
 *     message
 */
public record TopicMoved(BotId botId, long chatId, long oldThreadId, long newThreadId) {}
