package io.tgdesk.telegram.botapi;

import java.util.List;

/**
 * A press of an inline keyboard button. {@code message} is the bot's message that carries the
 * button (absent when it is too old); {@code data} is the button's callback_data. The query must be
 * answered (answerCallbackQuery with {@code id}) for the customer's client to stop its spinner.
 */
public record CallbackQuery(
    String id, User from, Message message, String chatInstance, String data) {

  /** The label of the button with this callback data on the pressed message, if it shows one. */
  public java.util.Optional<String> labelOf(String callbackData) {
    if (message == null || message.replyMarkup() == null || callbackData == null) {
      return java.util.Optional.empty();
    }
    List<List<InlineKeyboardButton>> rows = message.replyMarkup().inlineKeyboard();
    if (rows == null) {
      return java.util.Optional.empty();
    }
    return rows.stream()
        .filter(java.util.Objects::nonNull)
        .flatMap(List::stream)
        .filter(b -> b != null && callbackData.equals(b.callbackData()))
        .map(InlineKeyboardButton::text)
        .findFirst();
  }

  /** A message's inline keyboard: rows of buttons. */
  public record InlineKeyboardMarkup(List<List<InlineKeyboardButton>> inlineKeyboard) {}

  /** One button: its label and the data a press sends back. */
  public record InlineKeyboardButton(String text, String callbackData) {}
}
