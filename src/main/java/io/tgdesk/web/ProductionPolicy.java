package io.tgdesk.web;

import io.tgdesk.config.WebSettings;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * What a production server ({@code TGDESK_PRODUCTION=true}) refuses before anything else reads a
 * request: credentials over plain HTTP (403), and credentials carrying a development password of
 * any role (503), on every path of the application. Requests without credentials pass (the
 * webhooks, and anonymous calls that the roles then refuse with 401). A pure function of the
 * settings and three facts of the request; thread-safe.
 */
public final class ProductionPolicy {

  /** The decision: null status means the request goes on. */
  public record Verdict(int status, String title, String detail) {
    static final Verdict ALLOW = new Verdict(0, null, null);

    public boolean allowed() {
      return status == 0;
    }
  }

  private ProductionPolicy() {}

  /**
   * @param secure whether the request came in over TLS on this server
   * @param forwardedProto the {@code X-Forwarded-Proto} header, or null
   * @param authorization the {@code Authorization} header, or null
   */
  public static Verdict decide(
      WebSettings settings, boolean secure, String forwardedProto, String authorization) {
    if (!settings.production() || authorization == null || authorization.isBlank()) {
      return Verdict.ALLOW;
    }
    if (!secure && !(settings.trustForwardedProto() && saysHttps(forwardedProto))) {
      return new Verdict(
          403,
          "HTTPS required",
          "This is a production server (TGDESK_PRODUCTION=true): it takes credentials only over"
              + " HTTPS. Call it with https://; if TLS ends at a proxy that sets X-Forwarded-Proto,"
              + " set TGDESK_WEB_TRUST_FORWARDED_PROTO=true.");
    }
    String password = basicPassword(authorization);
    if (password != null && settings.developmentPasswords().contains(password)) {
      return new Verdict(
          503,
          "Development password refused",
          "This is a production server (TGDESK_PRODUCTION=true) and the request carries a"
              + " development password; set TGDESK_ADMIN_PASSWORD and TGDESK_AGENT_PASSWORD (and"
              + " their users) from a secret and restart.");
    }
    return Verdict.ALLOW;
  }

  private static boolean saysHttps(String forwardedProto) {
    if (forwardedProto == null) {
      return false;
    }
    // A chain of proxies lists one value each, the client's first.
    String first = forwardedProto.split(",", 2)[0].trim();
    return first.toLowerCase(Locale.ROOT).equals("https");
  }

  /** The password of Basic credentials, or null for another scheme or a malformed value. */
  static String basicPassword(String authorization) {
    String a = authorization.trim();
    if (a.length() < 6 || !a.substring(0, 6).equalsIgnoreCase("basic ")) {
      return null;
    }
    try {
      String decoded =
          new String(Base64.getDecoder().decode(a.substring(6).trim()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon < 0 ? null : decoded.substring(colon + 1);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
