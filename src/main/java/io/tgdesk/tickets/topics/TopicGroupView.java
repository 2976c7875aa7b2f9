package io.tgdesk.tickets.topics;

import io.tgdesk.tickets.TopicGroup;
import java.time.Instant;

/** A registered topic group as the admin API shows it. */
public record TopicGroupView(long id, long botId, long chatId, String title, Instant createdAt) {
  static TopicGroupView of(TopicGroup g) {
    return new TopicGroupView(g.id(), g.botId(), g.chatId(), g.title(), g.createdAt());
  }
}
