package io.tgdesk.telegram.inbound;

import io.tgdesk.schema.Columns;
import io.tgdesk.telegram.botapi.BotApiJson;
import io.tgdesk.telegram.botapi.CallbackQuery;
import io.tgdesk.telegram.botapi.Update;
import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.telegram.outbound.BotMethod;
import io.tgdesk.telegram.outbound.OutboundCall;
import io.tgdesk.telegram.outbound.Outbox;
import io.tgdesk.telegram.outbound.outbox.Lane;
import io.tgdesk.tickets.replies.Ratings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;

/**
 * Answers a button press (answerCallbackQuery) as the update that carries it is stored, in the same
 * transaction: the answer is queued exactly when the press is, on the answer lane that nothing
 * queued for the bot holds back (see {@link Lane#ANSWER}), and never waits for the bot's earlier
 * updates to be processed. A press of a rating button is answered with the thanks ({@link
 * io.tgdesk.tickets.texts.CustomerTexts} CSAT_THANKS, in the presser's language); any other with no
 * text. What the press means for the ticket is applied later, in order, by the processor.
 */
@ApplicationScoped
public class PressAnswers {

  static final String CATEGORY = "callback-answer";

  /** The longest text of answerCallbackQuery Telegram accepts. */
  static final int MAX_ANSWER_TEXT = 200;

  @Inject Outbox outbox;
  @Inject io.tgdesk.tickets.texts.CustomerTexts texts;

  /**
   * Whether the raw update may be a button press: it names a callback query somewhere. False means
   * it certainly is not one, so that it needs no answer stored with it.
   */
  static boolean mayBePress(byte[] raw) {
    return new String(raw, StandardCharsets.UTF_8).contains("\"callback_query\"");
  }

  /** Queues the answer if the raw update is a callback query with an id; else nothing. */
  @Transactional(Transactional.TxType.MANDATORY)
  public void answerIfPress(BotId bot, byte[] raw) {
    if (!mayBePress(raw)) {
      return; // most updates: not worth a parse
    }
    CallbackQuery q;
    try {
      q =
          BotApiJson.jsonb()
              .fromJson(new String(raw, StandardCharsets.UTF_8), Update.class)
              .callbackQuery();
    } catch (RuntimeException e) {
      return; // the processor records what is wrong with it
    }
    if (q == null || q.id() == null || q.id().isEmpty() || q.from() == null) {
      return;
    }
    long chat =
        q.message() != null && q.message().chat() != null && q.message().chat().id() != null
            ? q.message().chat().id()
            : q.from().id();
    var params = Json.createObjectBuilder().add("callback_query_id", q.id());
    if (q.data() != null && q.data().startsWith(Ratings.DATA_PREFIX)) {
      String score = q.data().substring(q.data().lastIndexOf(':') + 1);
      var thanks =
          texts.render(
              bot,
              q.from().languageCode(),
              io.tgdesk.tickets.texts.CustomerText.CSAT_THANKS,
              java.util.Map.of("rating", score));
      if (thanks.complete()) {
        // Telegram refuses an answer's text over 200 characters, and a bot's own thanks may be
        // longer: shortened, the customer still reads it and the button stops spinning.
        params.add("text", Columns.fit(thanks.text(), MAX_ANSWER_TEXT));
      }
    }
    outbox.enqueue(
        new OutboundCall(
            bot,
            BotMethod.ANSWER_CALLBACK_QUERY,
            params.build(),
            chat,
            null,
            Lane.ANSWER,
            CATEGORY,
            null,
            null,
            false));
  }
}
