package io.tgdesk.tickets.topics;

import io.tgdesk.telegram.outbound.ChatMoved;
import io.tgdesk.tickets.ChatId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * When sending found that a group became a supergroup, its topic group and tickets follow the new
 * chat id.
 */
@ApplicationScoped
public class ChatMigrationFollower {

  @Inject TopicEvents topics;

  void onChatMoved(@Observes ChatMoved moved) {
    topics.migrateChat(moved.botId(), new ChatId(moved.fromChatId()), new ChatId(moved.toChatId()));
  }
}
