package io.tgdesk.web;

import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Everything else: JSON that does not bind is the client's fault (400); anything unexpected is ours
 * (500), logged at error with an id that the answer carries so the log line can be found.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<RuntimeException> {

  private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class.getName());

  @Context UriInfo uriInfo;
  @Context jakarta.servlet.http.HttpServletRequest request;

  @Override
  public Response toResponse(RuntimeException e) {
    Response tooLarge = Problems.tooLarge(request, e, uriInfo);
    if (tooLarge != null) {
      return tooLarge;
    }
    Throwable cause = e;
    while (cause != null) {
      if (cause instanceof JsonbException) {
        return Problems.response(
            400,
            "Bad request",
            "The request body is not valid JSON for this operation: "
                + WebApplicationExceptionMapper.rootMessage(cause),
            uriInfo,
            null);
      }
      if (cause instanceof ProblemException pe) {
        return Problems.response(pe.status(), pe.title(), pe.getMessage(), uriInfo, pe.errors());
      }
      cause = cause.getCause() == cause ? null : cause.getCause();
    }
    String id = UUID.randomUUID().toString();
    LOG.log(
        Level.SEVERE, "Unexpected error " + id + " on " + uriInfo.getRequestUri().getRawPath(), e);
    return Problems.response(
        500,
        "Internal error",
        "Something went wrong on our side; the server log has the details under id " + id + ".",
        uriInfo,
        null);
  }
}
