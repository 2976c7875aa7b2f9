package io.tgdesk.agents;

import java.time.Instant;

/** A Telegram user mapped to a TgDesk agent, as the admin API shows it. */
public record TelegramAgentView(long telegramUserId, String user, Instant createdAt) {
  static TelegramAgentView of(TelegramAgent a) {
    return new TelegramAgentView(a.telegramUserId(), a.userName(), a.createdAt());
  }
}
