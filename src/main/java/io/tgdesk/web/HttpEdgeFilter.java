package io.tgdesk.web;

import io.tgdesk.config.WebSettings;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The first thing every request of the application meets, in this order: the security headers
 * ({@link SecurityHeaders}); methods outside HTTP's usual set refused (501); the production policy
 * ({@link ProductionPolicy}); the body limit ({@link BodyLimit}). Refusals are problem+json and
 * nothing of the request's body is read for them. Mapped to every path in web.xml.
 */
public class HttpEdgeFilter extends HttpFilter {

  private static final Logger LOG = Logger.getLogger(HttpEdgeFilter.class.getName());
  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  @Inject WebSettings settings;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String path =
        request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    SecurityHeaders.apply(response, path);
    if (!METHODS.contains(request.getMethod())) {
      Problems.write(
          response,
          501,
          "Not implemented",
          "This server does not implement this method.",
          request.getRequestURI());
      return;
    }
    ProductionPolicy.Verdict verdict =
        ProductionPolicy.decide(
            settings,
            request.isSecure(),
            request.getHeader("X-Forwarded-Proto"),
            request.getHeader("Authorization"));
    if (!verdict.allowed()) {
      LOG.log(
          verdict.status() >= 500 ? Level.WARNING : Level.FINE,
          "Refused in production: {0} {1} ({2})",
          new Object[] {request.getMethod(), path, verdict.title()});
      Problems.write(
          response, verdict.status(), verdict.title(), verdict.detail(), request.getRequestURI());
      return;
    }
    int limit = BodyLimit.limitFor(settings, request.getMethod(), path, request.getContentType());
    if (limit >= 0) {
      if (request.getContentLengthLong() > limit) {
        // Tell the client not to send the rest; the server then need not read it to reuse the
        // connection.
        response.setHeader("Connection", "close");
        Problems.write(
            response,
            413,
            "Payload too large",
            "The request body is larger than " + limit + " bytes; nothing was read.",
            request.getRequestURI());
        return;
      }
      request = BodyLimit.counting(request, limit);
    }
    chain.doFilter(request, response);
  }
}
