package io.tgdesk.telegram.outbound;

import io.tgdesk.telegram.botapi.BotApiException;
import io.tgdesk.telegram.botapi.BotEndpoint;
import io.tgdesk.telegram.botapi.CallContext;
import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.telegram.outbound.outbox.OutboxEntry;
import io.tgdesk.telegram.outbound.retry.Decision;
import io.tgdesk.telegram.outbound.retry.FailureClassifier;
import io.tgdesk.telegram.outbound.throttle.BotThrottle;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Repairs the forum topic of a call that failed because its topic is closed (reopens it) or was
 * deleted (creates it again under the name the ticket knows it by). The repair calls are booked
 * against the group like a message, on the bot's throttle under the loop's lock. Thread-safe: runs
 * on the sender thread of the failed call.
 */
final class TopicRepair {

  private static final Logger LOG = Logger.getLogger(TopicRepair.class.getName());

  /** What is known about the bot's topics. */
  interface Topics {

    /** The thread a deleted topic was recreated as earlier, if it was. */
    Optional<Long> currentThread(long chatId, long threadId);

    /** The name of a topic as the features that map topics know it; empty if none does. */
    Optional<String> name(long chatId, long threadId);

    /** The bot's chats as the outbox knows them, and the names the topic directories know. */
    static Topics knownBy(DeliveryPorts ports, BotId botId) {
      return new Topics() {
        @Override
        public Optional<Long> currentThread(long chatId, long threadId) {
          return ports.chats().currentThread(botId.value(), chatId, threadId);
        }

        @Override
        public Optional<String> name(long chatId, long threadId) {
          return ports.topics().findTopicName(botId, chatId, threadId);
        }
      };
    }
  }

  private final BotId botId;
  private final DeliveryPorts.Calls calls;
  private final Topics topics;
  private final BotThrottle throttle;
  private final Object lock;

  /**
   * @param lock guards the throttle: the loop's tick lock
   */
  TopicRepair(
      BotId botId, DeliveryPorts.Calls calls, Topics topics, BotThrottle throttle, Object lock) {
    this.botId = botId;
    this.calls = calls;
    this.topics = topics;
    this.throttle = throttle;
    this.lock = lock;
  }

  /**
   * A call into a forum topic that is closed or was deleted: reopens or recreates the topic first.
   * Any other failure is returned as it is.
   */
  Decision repair(BotEndpoint target, OutboxEntry e, Decision classified) {
    if (e.threadId() == null) {
      return classified;
    }
    if (classified instanceof Decision.ThreadNotFound lost) {
      return recreate(target, e, lost);
    }
    if (classified instanceof Decision.TopicClosed closed) {
      return reopen(target, e, closed);
    }
    return classified;
  }

  /**
   * The entry's forum topic was deleted: creates it again under the name the ticket knows it by
   * (createForumTopic, booked against the group like a message), unless it was recreated before.
   * Returns what to do with the entry: move it (and its topic's pending entries) to the new topic;
   * or, when no ticket knows the topic, fail it as before; or, when creating failed, what that
   * failure means (a 429 pauses, a 5xx backs off and the next attempt tries again, anything else
   * fails the entry with both reasons).
   */
  private Decision recreate(BotEndpoint target, OutboxEntry e, Decision.ThreadNotFound lost) {
    Optional<Long> recreated = topics.currentThread(e.chatId(), e.threadId());
    if (recreated.isPresent()) {
      return new Decision.TopicRecreated(recreated.get(), lost.description());
    }
    Optional<String> name = topics.name(e.chatId(), e.threadId());
    if (name.isEmpty()) {
      return lost;
    }
    synchronized (lock) {
      throttle.record(e.chatId(), BotMethod.CREATE_FORUM_TOPIC.kind(), false);
    }
    try {
      JsonValue created =
          calls.call(
              target,
              BotMethod.CREATE_FORUM_TOPIC.wireName(),
              Json.createObjectBuilder().add("chat_id", e.chatId()).add("name", name.get()).build(),
              new CallContext("topic-management", e.lane().wireName(), 1, e.chatId(), null),
              null);
      long newThread = created.asJsonObject().getJsonNumber("message_thread_id").longValue();
      LOG.info(
          "Bot "
              + botId
              + ": topic "
              + e.threadId()
              + " of chat "
              + e.chatId()
              + " was deleted; recreated it as "
              + newThread);
      return new Decision.TopicRecreated(newThread, lost.description());
    } catch (BotApiException failure) {
      // Repeating createForumTopic at worst leaves an empty topic behind: retry it like an edit.
      Decision d = FailureClassifier.classify(failure, true);
      if (d instanceof Decision.Permanent p) {
        return new Decision.Permanent(
            p.code(),
            lost.description()
                + " (the forum topic was deleted); creating it again failed: "
                + p.description());
      }
      return d;
    }
  }

  /**
   * TOPIC_CLOSED: reopens the topic, then the entry is sent again. If reopening fails, that failure
   * decides (a 429 pauses, a 5xx backs off, anything else fails the entry with both reasons), so
   * that the entry never stays in flight.
   */
  private Decision reopen(BotEndpoint target, OutboxEntry e, Decision.TopicClosed closed) {
    synchronized (lock) {
      throttle.record(e.chatId(), BotMethod.REOPEN_FORUM_TOPIC.kind(), false);
    }
    try {
      calls.call(
          target,
          BotMethod.REOPEN_FORUM_TOPIC.wireName(),
          Json.createObjectBuilder()
              .add("chat_id", e.chatId())
              .add("message_thread_id", e.threadId())
              .build(),
          new CallContext("topic-management", e.lane().wireName(), 1, e.chatId(), e.threadId()),
          null);
      return closed;
    } catch (BotApiException failure) {
      Decision d = FailureClassifier.classify(failure, true);
      if (d instanceof Decision.Permanent p) {
        if (String.valueOf(p.description()).contains("TOPIC_NOT_MODIFIED")) {
          return closed; // someone reopened it meanwhile
        }
        return new Decision.Permanent(
            p.code(), closed.description() + "; reopening the topic failed: " + p.description());
      }
      return d;
    }
  }
}
