package io.tgdesk.telegram.outbound;

import io.tgdesk.telegram.bots.BotId;

/** CDI event: the bot has new outbox entries (observed after the enqueuing transaction commits). */
public record OutboxEnqueued(BotId botId) {}
