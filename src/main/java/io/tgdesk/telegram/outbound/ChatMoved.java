package io.tgdesk.telegram.outbound;

import io.tgdesk.telegram.bots.BotId;

/**
 * CDI event raised in the transaction that moved a chat's pending calls to the supergroup it became
 * (Telegram answered with migrate_to_chat_id): features that map tickets to chats follow.
 */
public record ChatMoved(BotId botId, long fromChatId, long toChatId) {}
