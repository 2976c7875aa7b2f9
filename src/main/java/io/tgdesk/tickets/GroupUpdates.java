package io.tgdesk.tickets;

import io.tgdesk.telegram.botapi.Message;
import io.tgdesk.telegram.bots.BotId;
import java.util.Optional;

/**
 * The seam through which messages of a supergroup that is no registered topic group reach the
 * feature that owns such groups (the agents groups), without telegram.inbound knowing it: inbound
 * asks every implementation in turn, the first that claims the chat decides. Implementations run in
 * the caller's transaction and must not leave it marked for rollback for an expected refusal (they
 * answer the refusal instead).
 */
public interface GroupUpdates {

  /** What an implementation did with a message: applied (PROCESSED) or ignored, and why. */
  record Handled(boolean applied, String description) {
    public static Handled applied(String description) {
      return new Handled(true, description);
    }

    public static Handled ignored(String why) {
      return new Handled(false, why);
    }
  }

  /** A new message in the group; empty when the chat is not this implementation's. */
  Optional<Handled> message(BotId bot, Message message);

  /** An edited message in the group; empty when the chat is not this implementation's. */
  Optional<Handled> edit(BotId bot, Message message);
}
