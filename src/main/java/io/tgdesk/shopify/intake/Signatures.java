package io.tgdesk.shopify.intake;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Shopify's webhook signature: base64(HMAC-SHA256(client secret, raw body bytes)). Stateless and
 * thread-safe.
 */
public final class Signatures {

  private Signatures() {}

  /** The signature Shopify would send for this body with this secret. */
  public static String sign(String secret, byte[] body) {
    return Base64.getEncoder().encodeToString(hmac(secret, body));
  }

  /**
   * Whether the header matches the body under any of the secrets. Every secret is checked and each
   * comparison is constant-time, so the answer time tells nothing about which bytes matched.
   */
  public static boolean verify(List<String> secrets, byte[] body, String header) {
    if (header == null || secrets.isEmpty()) {
      return false;
    }
    byte[] given;
    try {
      given = Base64.getDecoder().decode(header.trim());
    } catch (IllegalArgumentException e) {
      return false;
    }
    boolean ok = false;
    for (String secret : secrets) {
      ok |= MessageDigest.isEqual(hmac(secret, body), given);
    }
    return ok;
  }

  private static byte[] hmac(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
