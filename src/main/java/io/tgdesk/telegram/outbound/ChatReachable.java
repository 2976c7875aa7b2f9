package io.tgdesk.telegram.outbound;

import io.tgdesk.telegram.bots.BotId;

/**
 * CDI event raised in the transaction that cleared a chat's unreachable mark (the chat wrote to the
 * bot again); once it commits, the bot's delivery loop sends to the chat again.
 */
public record ChatReachable(BotId botId, long chatId) {}
