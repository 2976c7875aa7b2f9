package io.tgdesk.telegram.outbound;

import io.tgdesk.telegram.bots.BotId;
import java.util.Optional;

/**
 * The seam through which the engine learns what a deleted forum topic was called, so that it can
 * create it again under the same name. Implemented by the feature that owns topics (tickets); the
 * engine does not depend on it. Called on a delivery thread, outside any transaction.
 */
public interface TopicDirectory {

  /**
   * The name of the topic {@code threadId} of the forum supergroup {@code chatId}, if a ticket (or
   * anything else) is mapped to it; empty when nothing is, and then the topic is not recreated.
   */
  Optional<String> findTopicName(BotId botId, long chatId, long threadId);
}
