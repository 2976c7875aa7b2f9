package io.tgdesk.tickets.replies;

import java.util.Locale;

/**
 * What the satisfaction rating says to the customer, in their language (English unless their
 * Telegram {@code language_code} is Russian). The one place these texts live, so that they can move
 * to per-language, per-bot templates as a whole. Stateless.
 */
public final class RatingTexts {

  private RatingTexts() {}

  /** The question above the 1-5 buttons. */
  public static String prompt(String languageCode) {
    return russian(languageCode)
        ? "Насколько вы довольны нашей помощью? Оцените от 1 (плохо) до 5 (отлично)."
        : "How satisfied are you with our help? Rate us from 1 (poor) to 5 (excellent).";
  }

  /** The thanks shown when a button is pressed (at most 200 characters, Telegram's limit). */
  public static String thanks(String languageCode) {
    return russian(languageCode)
        ? "Спасибо за оценку! Если хотите, напишите нам комментарий."
        : "Thank you for your rating! If you like, tell us more in a message.";
  }

  private static boolean russian(String languageCode) {
    return languageCode != null && languageCode.toLowerCase(Locale.ROOT).startsWith("ru");
  }
}
