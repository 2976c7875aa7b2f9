package io.tgdesk.tickets.replies;

import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.tickets.ChatId;
import io.tgdesk.tickets.CustomerMessages;
import io.tgdesk.tickets.InboundMessage;
import io.tgdesk.tickets.Ticket;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Optional;

/**
 * A customer pressed an inline button (the query itself was answered when its update was stored,
 * see telegram.inbound's PressAnswers): a rating button rates its ticket ({@link Ratings}), and any
 * other button is stored in the ticket as the customer's answer, naming the button. Joins the
 * caller's transaction.
 */
@ApplicationScoped
public class ButtonPresses {

  /**
   * One press.
   *
   * @param queryId the callback query's id (answered already)
   * @param pressedMessageId the bot's message that carries the button, or null when Telegram left
   *     it out (too old)
   * @param value the button's callback data
   * @param label the button's label as the pressed message shows it, or null
   * @param date when the update arrived
   */
  public record Press(
      BotId botId,
      ChatId chatId,
      Long threadId,
      InboundMessage.Sender sender,
      String queryId,
      Long pressedMessageId,
      String value,
      String label,
      Instant date) {}

  @Inject Ratings ratings;
  @Inject CustomerMessages messages;

  /**
   * Applies the press.
   *
   * @return what it did, in words (for the stored update)
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public String pressed(Press p) {
    if (p.value() != null && p.value().startsWith(Ratings.DATA_PREFIX)) {
      Optional<Ticket> rated = ratings.rate(p.botId(), p.chatId(), p.value());
      return rated
          .map(t -> "rating " + t.rating() + " of ticket " + t.id())
          .orElse("rating button of no prompted ticket of this chat");
    }
    if (p.value() == null) {
      return "press without callback data";
    }
    InboundMessage m =
        new InboundMessage(
            p.botId(),
            p.chatId(),
            p.threadId(),
            p.pressedMessageId() == null ? 0 : p.pressedMessageId(),
            p.sender(),
            p.label(),
            null,
            p.pressedMessageId(),
            p.date());
    return messages
        .recordButtonPress(m, p.value())
        .map(t -> "button pressed, ticket " + t.id())
        .orElse("press on a message of no ticket");
  }
}
