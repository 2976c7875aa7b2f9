package io.tgdesk.telegram.bots;

/**
 * CDI event fired inside the transaction that deletes a bot, before the bot row goes: features that
 * keep rows of the bot delete them in their observers.
 */
public record BotDeleting(BotId botId) {}
