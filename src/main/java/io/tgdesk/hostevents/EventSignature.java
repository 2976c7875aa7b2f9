package io.tgdesk.hostevents;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature header of an event: {@code X-TgDesk-Signature: t=<unix seconds>,v1=<hex>} where hex
 * is HMAC-SHA256 with the endpoint's secret over {@code <t>.<raw body>}. A receiver recomputes it
 * over the raw bytes it got, compares in constant time, and rejects a {@code t} too far from its
 * clock (replays).
 */
public final class EventSignature {

  public static final String HEADER = "X-TgDesk-Signature";

  private EventSignature() {}

  public static String header(String secret, long unixSeconds, byte[] body) {
    return "t=" + unixSeconds + ",v1=" + hmacHex(secret, unixSeconds, body);
  }

  static String hmacHex(String secret, long unixSeconds, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((unixSeconds + ".").getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
