package io.tgdesk.web;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Gives the framework's own errors (unknown path 404, wrong method 405, unsupported media type 415,
 * unreadable body 400, missing role 403) a problem+json body.
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

  @Context UriInfo uriInfo;
  @Context jakarta.servlet.http.HttpServletRequest request;

  @Override
  public Response toResponse(WebApplicationException e) {
    Response tooLarge = Problems.tooLarge(request, e, uriInfo);
    if (tooLarge != null) {
      return tooLarge;
    }
    Response original = e.getResponse();
    int status = original.getStatus();
    if (status >= 500) {
      // The framework reports a body its JSON reader refused (too deep, a number too long) as its
      // own failure; it is the client's.
      for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
        if (UnexpectedExceptionMapper.isParserLimit(t)) {
          return Problems.response(
              400,
              "Bad request",
              "The request body is not JSON this server reads: " + t.getMessage(),
              uriInfo,
              null);
        }
      }
    }
    Response.StatusType statusInfo = original.getStatusInfo();
    String detail = detailOf(e, status);
    Response problem =
        Problems.response(status, statusInfo.getReasonPhrase(), detail, uriInfo, null);
    Response.ResponseBuilder rb = Response.fromResponse(problem);
    original
        .getHeaders()
        .forEach(
            (k, vs) -> {
              if (!k.equalsIgnoreCase("Content-Type") && !k.equalsIgnoreCase("Content-Length")) {
                vs.forEach(v -> rb.header(k, v));
              }
            });
    return rb.build();
  }

  private static String detailOf(WebApplicationException e, int status) {
    return switch (status) {
      case 400 -> "The request body could not be read: " + rootMessage(e);
      case 401 -> "Authentication is required.";
      case 403 -> "Your role does not allow this operation.";
      case 404 -> "No resource at this path.";
      case 405 -> "This method is not allowed on this path.";
      case 406 -> "This resource cannot produce the media type you asked for.";
      case 415 -> "Unsupported media type; send application/json.";
      default -> rootMessage(e);
    };
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
