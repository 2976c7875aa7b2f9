package io.tgdesk.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Webhook secrets, both ways (the secret_token Telegram presents to a bot's webhook, the secret a
 * host event endpoint's signatures use): generation, format, and the constant-time check.
 */
public final class WebhookSecrets {

  /**
   * Telegram's alphabet and maximum for secret_token, and our minimum length ({@link
   * SecretRules#MIN_LENGTH}).
   */
  /** The form a secret must have, for validation constraints. */
  public static final String FORM = "[A-Za-z0-9_-]{" + SecretRules.MIN_LENGTH + ",256}";

  private static final Pattern FORMAT = Pattern.compile(FORM);

  private static final char[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private WebhookSecrets() {}

  /** A new random secret of 64 characters (384 bits). */
  public static String generate() {
    char[] out = new char[64];
    for (int i = 0; i < out.length; i++) {
      out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    }
    return new String(out);
  }

  public static boolean isWellFormed(String secret) {
    return secret != null && FORMAT.matcher(secret).matches();
  }

  /** Compares in time that does not depend on where the two differ; null never matches. */
  public static boolean matches(String expected, String presented) {
    if (expected == null || presented == null) {
      return false;
    }
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
  }
}
