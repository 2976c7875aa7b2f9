package io.tgdesk.web;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;

/** Builds problem+json responses; the one place that knows their shape. */
public final class Problems {

  private Problems() {}

  public static Response response(
      int status, String title, String detail, UriInfo uriInfo, List<Problem.FieldError> errors) {
    String instance = uriInfo == null ? null : uriInfo.getRequestUri().getRawPath();
    String type = "about:blank";
    Problem problem = new Problem(type, title, status, detail, instance, errors);
    return Response.status(status).type(Problem.MEDIA_TYPE).entity(problem).build();
  }
}
