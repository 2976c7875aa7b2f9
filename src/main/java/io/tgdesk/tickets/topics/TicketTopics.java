package io.tgdesk.tickets.topics;

import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.telegram.outbound.TopicDirectory;
import io.tgdesk.telegram.outbound.TopicMoved;
import io.tgdesk.tickets.ChatId;
import io.tgdesk.tickets.Ticket;
import io.tgdesk.tickets.TicketIntake;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * The tickets' side of forum topics the delivery engine recreates after they were deleted: it names
 * the topic after its ticket, and the ticket follows the new topic.
 */
@ApplicationScoped
public class TicketTopics implements TopicDirectory {

  @Inject TicketIntake intake;
  @Inject TopicEvents topics;

  /** The ticket's subject, which is the topic's name (it follows renames). */
  @Override
  public Optional<String> findTopicName(BotId botId, long chatId, long threadId) {
    return intake
        .findTopicTicket(botId, new ChatId(chatId), threadId)
        .map(Ticket::subject)
        .filter(s -> !s.isBlank())
        .map(s -> s.length() > 128 ? s.substring(0, 128) : s);
  }

  /** In the engine's transaction that moved the topic's pending calls. */
  void onTopicMoved(@Observes TopicMoved moved) {
    topics.topicRecreated(
        moved.botId(), new ChatId(moved.chatId()), moved.oldThreadId(), moved.newThreadId());
  }
}
