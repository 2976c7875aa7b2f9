package io.tgdesk.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What the API accepts as a secret someone else chose (a bot's webhook secret, a shop's client
 * secret), and how an answer hints at a stored one. A hint names the length and 16 bits of the
 * secret's SHA-256, so that an admin can tell two secrets apart without any character showing.
 */
public final class SecretRules {

  /** The fewest characters a secret may have. */
  public static final int MIN_LENGTH = 16;

  private SecretRules() {}

  public static boolean isLongEnough(String secret) {
    return secret != null && secret.length() >= MIN_LENGTH;
  }

  /** E.g. {@code "32 characters, sha256 3f9a…"}. */
  public static String hint(String secret) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
      return secret.length()
          + " characters, sha256 "
          + HexFormat.of().formatHex(digest, 0, 2)
          + "…";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
