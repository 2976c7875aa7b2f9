package io.tgdesk.telegram.botapi;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shows a bot token the way admins may see it (the bot's numeric id and the last 4 characters), and
 * removes every form of a token from text that may carry it: the token as it is, URL-encoded (the
 * colon as {@code %3A} or {@code %3a}), and its secret part after the colon alone, in any letter
 * case. Stateless and thread-safe.
 */
public final class TokenMask {

  /** What replaces a token, or its secret part, in redacted text. */
  public static final String REDACTED = "<token>";

  /** A secret part shorter than this is not searched alone (it would match ordinary words). */
  private static final int MIN_SECRET_LENGTH = 8;

  private TokenMask() {}

  public static String mask(String token) {
    if (token == null || token.isEmpty()) {
      return "";
    }
    int colon = token.indexOf(':');
    String idPart = colon > 0 ? token.substring(0, colon) : "";
    String tail = token.length() > 8 ? token.substring(token.length() - 4) : "";
    return idPart + ":****" + tail;
  }

  /**
   * The text with every form of {@code token} replaced by {@link #REDACTED}; null stays null, and a
   * null or empty token changes nothing.
   */
  public static String redact(String text, String token) {
    if (text == null || token == null || token.isEmpty()) {
      return text;
    }
    String out = replaceIgnoringCase(text, token);
    out = replaceIgnoringCase(out, URLEncoder.encode(token, StandardCharsets.UTF_8));
    int colon = token.indexOf(':');
    String secret = colon >= 0 ? token.substring(colon + 1) : token;
    if (secret.length() >= MIN_SECRET_LENGTH) {
      out = replaceIgnoringCase(out, secret);
      out = replaceIgnoringCase(out, URLEncoder.encode(secret, StandardCharsets.UTF_8));
    }
    return out;
  }

  private static String replaceIgnoringCase(String text, String form) {
    if (form.isEmpty()) {
      return text;
    }
    return Pattern.compile(Pattern.quote(form), Pattern.CASE_INSENSITIVE)
        .matcher(text)
        .replaceAll(Matcher.quoteReplacement(REDACTED));
  }
}
