package io.tgdesk.web;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Builds problem+json responses; the one place that knows their shape. */
public final class Problems {

  private static final Jsonb JSON = JsonbBuilder.create();

  private Problems() {}

  public static Response response(
      int status, String title, String detail, UriInfo uriInfo, List<Problem.FieldError> errors) {
    String instance = uriInfo == null ? null : uriInfo.getRequestUri().getRawPath();
    String type = "about:blank";
    Problem problem = new Problem(type, title, status, detail, instance, errors);
    return Response.status(status).type(Problem.MEDIA_TYPE).entity(problem).build();
  }

  /** Writes a problem as the whole answer of a servlet response (for filters, before JAX-RS). */
  static void write(
      HttpServletResponse response, int status, String title, String detail, String instance)
      throws IOException {
    byte[] body =
        JSON.toJson(new Problem("about:blank", title, status, detail, instance, null))
            .getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType(Problem.MEDIA_TYPE);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  /**
   * The 413 answer when this request's body went over its limit while {@code error} was thrown (the
   * error may be the parser's, wrapping the limit's); null otherwise.
   */
  static Response tooLarge(ServletRequest request, Throwable error, UriInfo uriInfo) {
    int limit = BodyLimit.exceeded(request, error);
    if (limit < 0) {
      return null;
    }
    return Response.fromResponse(
            response(
                413,
                "Payload too large",
                "The request body is larger than " + limit + " bytes; it was not processed.",
                uriInfo,
                null))
        .header("Connection", "close")
        .build();
  }
}
