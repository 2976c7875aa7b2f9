package io.tgdesk.telegram.inbound;

import io.tgdesk.telegram.botapi.BusinessConnection;
import io.tgdesk.telegram.botapi.Chat;
import io.tgdesk.telegram.botapi.Message;
import io.tgdesk.telegram.botapi.Update;
import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.telegram.bots.BusinessConnections;
import io.tgdesk.telegram.inbound.UpdateRouter.Outcome;
import io.tgdesk.tickets.ChatId;
import io.tgdesk.tickets.CustomerMessages;
import io.tgdesk.tickets.Ticket;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;

/**
 * What Telegram Business updates mean for tickets (a part of {@link UpdateRouter}): a
 * business_connection update records the connection; a customer's business_message, its edit and
 * the deletion of their messages go to the customer's ticket of that connection, stored even when
 * the connection is disabled or does not let the bot reply (nothing is then sent back: the outcome
 * says why). What the business account itself writes in the chat, or a bot for it, is IGNORED;
 * blocked customers are IGNORED as in private chats. Runs inside the caller's transaction.
 */
@ApplicationScoped
class BusinessUpdates {

  @Inject CustomerMessages messages;
  @Inject BusinessConnections connections;
  @Inject UpdateRouter router;

  Outcome connection(BotId bot, BusinessConnection c) {
    if (c.id() == null || c.id().isBlank()) {
      return Outcome.ignored(null, "business connection without id");
    }
    var stored = connections.record(bot, c);
    return Outcome.processed(
        c.userChatId(),
        "business connection "
            + stored.connectionId()
            + (stored.enabled() ? " enabled" : " disabled")
            + (stored.canReply() ? ", bot may reply" : ", bot may not reply"));
  }

  /**
   * A message in a chat of a business account that connected the bot: the customer's ticket of that
   * connection, as a private chat's. What the business account itself (or a bot for it) writes
   * there is not the customer's: IGNORED.
   */
  Outcome message(BotId bot, Message m) {
    Chat chat = m.chat();
    if (chat == null || chat.id() == null || m.messageId() == null) {
      return Outcome.ignored(null, "business message without chat or message_id");
    }
    if (m.businessConnectionId() == null || !chat.isPrivate()) {
      return Outcome.ignored(chat.id(), "business message without a connection's private chat");
    }
    Optional<Outcome> notTheCustomers = notTheCustomers(m);
    if (notTheCustomers.isPresent()) {
      return notTheCustomers.get();
    }
    Optional<Outcome> blocked = router.fromBlockedCustomer(bot, m);
    if (blocked.isPresent()) {
      return blocked.get();
    }
    Ticket t =
        messages.recordBusinessMessage(
            m.businessConnectionId(), UpdateRouter.toInbound(bot, m, null));
    String unanswered =
        connections
            .whyNoReply(bot, m.businessConnectionId())
            .map(w -> ", unanswered: " + w)
            .orElse("");
    return Outcome.processed(chat.id(), "ticket " + t.id() + unanswered);
  }

  private Optional<Outcome> notTheCustomers(Message m) {
    if (m.senderBusinessBot() != null) {
      return Optional.of(
          Outcome.ignored(m.chat().id(), "business message sent by a bot for the business"));
    }
    if (m.from() == null || m.from().id() == null || !m.from().id().equals(m.chat().id())) {
      return Optional.of(
          Outcome.ignored(m.chat().id(), "business message written by the business account"));
    }
    return Optional.empty();
  }

  Outcome edit(BotId bot, Message m) {
    if (m.chat() == null || m.chat().id() == null || m.messageId() == null) {
      return Outcome.ignored(null, "business edit without chat or message_id");
    }
    Optional<Outcome> notTheCustomers = notTheCustomers(m);
    if (notTheCustomers.isPresent()) {
      return notTheCustomers.get();
    }
    Optional<Outcome> blocked = router.fromBlockedCustomer(bot, m);
    if (blocked.isPresent()) {
      return blocked.get();
    }
    Instant editedAt = UpdateRouter.dateOf(m.editDate() != null ? m.editDate() : m.date());
    var found =
        messages.recordEdit(
            bot,
            new ChatId(m.chat().id()),
            m.businessConnectionId(),
            m.messageId(),
            UpdateRouter.textOf(m),
            editedAt);
    if (found.isPresent()) {
      return Outcome.processed(m.chat().id(), "message " + found.get().id() + " edited");
    }
    Outcome asNew = message(bot, m);
    return new Outcome(
        asNew.state(), asNew.chatId(), "edit of an unknown message: " + asNew.description());
  }

  Outcome deletions(BotId bot, Update.BusinessMessagesDeleted d) {
    if (d.chat() == null || d.chat().id() == null || d.messageIds() == null) {
      return Outcome.ignored(null, "business deletion without chat or message_ids");
    }
    int found =
        messages.recordBusinessDeletions(
            bot, new ChatId(d.chat().id()), d.businessConnectionId(), d.messageIds());
    return found == 0
        ? Outcome.ignored(d.chat().id(), "deletion of messages never stored")
        : Outcome.processed(d.chat().id(), found + " message(s) deleted by the customer");
  }
}
