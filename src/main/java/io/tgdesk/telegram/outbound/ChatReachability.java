package io.tgdesk.telegram.outbound;

import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.telegram.outbound.outbox.DeliveryChat;
import io.tgdesk.telegram.outbound.outbox.DeliveryChats;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Optional;

/**
 * Whether the engine can reach a chat: a 403 marks it unreachable (its pending entries fail, no
 * more calls); an update from the chat (the customer wrote again, or unblocked the bot, or the bot
 * was added back to the group) proves it can be reached again and clears the mark.
 */
@ApplicationScoped
public class ChatReachability {

  @Inject DeliveryChats chats;
  @Inject Event<ChatReachable> reachable;

  /**
   * The chat sent the bot an update: forgets a 403, in the caller's transaction (or a new one); the
   * bot's loop sends to the chat again once that commits. Entries that already failed stay FAILED
   * (an admin may retry them).
   *
   * @return whether the chat was marked unreachable
   */
  @Transactional
  public boolean heardFrom(BotId botId, long chatId) {
    if (find(botId, chatId).isEmpty()) {
      return false;
    }
    chats.clearUnreachable(botId.value(), chatId);
    reachable.fire(new ChatReachable(botId, chatId));
    return true;
  }

  /** The 403 the chat is marked with, if it is. */
  public Optional<DeliveryChat> find(BotId botId, long chatId) {
    return chats.find(botId.value(), chatId).filter(c -> c.unreachableReason() != null);
  }
}
