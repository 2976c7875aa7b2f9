package io.tgdesk.agents;

import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.telegram.outbound.BotMethod;
import io.tgdesk.telegram.outbound.OutboundCall;
import io.tgdesk.telegram.outbound.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;

/**
 * TgDesk's short answers in an agents group (a command's confirmation, or why it was refused), and
 * the deletion of a message there, through the outbox on the group's lane ({@link Mirror#LANE}), so
 * that they never delay a reply to a customer. In the caller's transaction.
 */
@ApplicationScoped
public class TopicAnswers {

  /** The category of answers and deletions in agents groups, in the outbox and its audit. */
  public static final String CATEGORY = "agents-answer";

  @Inject Outbox outbox;

  /**
   * An answer to message {@code messageId} of group {@code chatId} in its topic ({@code threadId}
   * null: the General topic).
   */
  public record Answer(BotId bot, long chatId, Long threadId, long messageId, String text) {}

  /** Queues the answer. */
  public void answer(Answer a) {
    answer(a.bot(), a.chatId(), a.threadId(), a.messageId(), a.text());
  }

  /**
   * Answers message {@code messageId} of the group in its topic ({@code threadId} null: the General
   * topic).
   */
  public void answer(BotId bot, long chatId, Long threadId, long messageId, String text) {
    outbox.enqueue(
        new OutboundCall(
            bot,
            BotMethod.SEND_MESSAGE,
            Json.createObjectBuilder()
                .add("text", text)
                .add(
                    "reply_parameters",
                    Json.createObjectBuilder()
                        .add("message_id", messageId)
                        .add("allow_sending_without_reply", true))
                .build(),
            chatId,
            threadId,
            Mirror.LANE,
            CATEGORY,
            null,
            null,
            false));
  }

  /** Deletes message {@code messageId} of the group (the bot must be an admin that may). */
  public void delete(BotId bot, long chatId, long messageId) {
    outbox.enqueue(
        new OutboundCall(
            bot,
            BotMethod.DELETE_MESSAGE,
            Json.createObjectBuilder().add("message_id", messageId).build(),
            chatId,
            null,
            Mirror.LANE,
            CATEGORY,
            null,
            null,
            false));
  }
}
