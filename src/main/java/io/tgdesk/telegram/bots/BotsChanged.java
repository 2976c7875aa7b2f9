package io.tgdesk.telegram.bots;

/** CDI event fired after a bot was registered, changed or deleted (the change is committed). */
public record BotsChanged(BotId botId) {}
