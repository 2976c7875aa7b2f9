package io.tgdesk.tickets.replies;

import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.telegram.outbound.BotMethod;
import io.tgdesk.telegram.outbound.OutboundCall;
import io.tgdesk.telegram.outbound.Outbox;
import io.tgdesk.telegram.outbound.outbox.Lane;
import io.tgdesk.tickets.ChatId;
import io.tgdesk.tickets.CustomerMessages;
import io.tgdesk.tickets.InboundMessage;
import io.tgdesk.tickets.Ticket;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Optional;

/**
 * A customer pressed an inline button. The query is answered at once (answerCallbackQuery on the
 * answer lane, which nothing queued for the bot holds back, so that the customer's spinner stops);
 * then a rating button rates its ticket ({@link Ratings}; the answer shows the thanks), and any
 * other button is stored in the ticket as the customer's answer, naming the button. Joins the
 * caller's transaction.
 */
@ApplicationScoped
public class ButtonPresses {

  static final String ANSWER_CATEGORY = "callback-answer";

  /**
   * One press.
   *
   * @param queryId the callback query's id, to answer
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

  @Inject Outbox outbox;
  @Inject Ratings ratings;
  @Inject CustomerMessages messages;

  /**
   * Answers the query and applies the press.
   *
   * @return what it did, in words (for the stored update)
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public String pressed(Press p) {
    String language = p.sender() == null ? null : p.sender().languageCode();
    if (p.value() != null && p.value().startsWith(Ratings.DATA_PREFIX)) {
      Optional<Ticket> rated = ratings.rate(p.botId(), p.chatId(), p.value());
      answer(p, rated.isPresent() ? RatingTexts.thanks(language) : null);
      return rated
          .map(t -> "rating " + t.rating() + " of ticket " + t.id())
          .orElse("rating button of no prompted ticket of this chat");
    }
    answer(p, null);
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

  /** Stops the customer's spinner, optionally with a short notice. */
  private void answer(Press p, String text) {
    var params = Json.createObjectBuilder().add("callback_query_id", p.queryId());
    if (text != null) {
      params.add("text", text);
    }
    outbox.enqueue(
        new OutboundCall(
            p.botId(),
            BotMethod.ANSWER_CALLBACK_QUERY,
            params.build(),
            p.chatId().value(),
            null,
            Lane.ANSWER,
            ANSWER_CATEGORY,
            null,
            null,
            false));
  }
}
