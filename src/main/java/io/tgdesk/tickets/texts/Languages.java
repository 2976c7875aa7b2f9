package io.tgdesk.tickets.texts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Telegram's {@code language_code} (an IETF language tag such as "en", "ru" or "pt-br") and the
 * order in which a text is looked up for it: the tag, then each shorter prefix, then English.
 * Stateless.
 */
public final class Languages {

  private Languages() {}

  /** The language every text has, and the last of every fallback chain. */
  public static final String ENGLISH = "en";

  /** The longest language tag kept (the customer's column). */
  public static final int MAX_LENGTH = 16;

  /** A normalized tag: a 2-3 letter language, then subtags of letters and digits. */
  private static final Pattern TAG = Pattern.compile("[a-z]{2,3}(-[a-z0-9]{1,8})*");

  /**
   * The tag in lower case with hyphens ("pt_BR" becomes "pt-br"), or null when it is missing or not
   * a language tag.
   */
  public static String normalize(String languageCode) {
    if (languageCode == null) {
      return null;
    }
    String tag = languageCode.strip().toLowerCase(Locale.ROOT).replace('_', '-');
    return tag.length() <= MAX_LENGTH && TAG.matcher(tag).matches() ? tag : null;
  }

  /**
   * The languages to try for a customer, most specific first and English last: "pt-br" gives
   * [pt-br, pt, en]; a missing or malformed code gives [en].
   */
  public static List<String> fallbacks(String languageCode) {
    List<String> chain = new ArrayList<>();
    String tag = normalize(languageCode);
    while (tag != null) {
      chain.add(tag);
      int dash = tag.lastIndexOf('-');
      tag = dash < 0 ? null : tag.substring(0, dash);
    }
    chain.remove(ENGLISH);
    chain.add(ENGLISH);
    return List.copyOf(chain);
  }
}
