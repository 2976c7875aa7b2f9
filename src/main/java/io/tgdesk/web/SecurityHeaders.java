package io.tgdesk.web;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The headers every answer carries. The dashboard's policy allows its own script, style sheet and
 * API calls and nothing else: no inline script or style, no framing, no other origin. API answers
 * (JSON with customer data) are never stored by a browser or a proxy.
 */
public final class SecurityHeaders {

  static final String DASHBOARD_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
  static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'";

  private SecurityHeaders() {}

  /** Sets the headers for an answer to {@code path} (inside the application, e.g. /admin/). */
  public static void apply(HttpServletResponse response, String path) {
    boolean api = path.startsWith("/api/");
    response.setHeader("Content-Security-Policy", api ? API_POLICY : DASHBOARD_POLICY);
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("X-Frame-Options", "DENY");
    response.setHeader("Referrer-Policy", "no-referrer");
    response.setHeader("Cache-Control", "no-store");
  }
}
