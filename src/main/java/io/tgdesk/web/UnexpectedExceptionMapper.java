package io.tgdesk.web;

import io.tgdesk.schema.Conflicts;
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
 * Everything else: JSON that does not bind, or that the parser refuses (too deep, a number too
 * long), is the client's fault (400); a concurrent change that lost (an optimistic lock, a lock
 * timeout or deadlock) is 409, to be sent again; anything unexpected is ours (500), logged at error
 * with an id that the answer carries so the log line can be found.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<RuntimeException> {

  private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class.getName());

  @Context UriInfo uriInfo;
  @Context jakarta.servlet.http.HttpServletRequest request;

  /**
   * The JSON parser refused the input (malformed, nested too deep, a number too long): the client's
   * fault, wherever the body was parsed.
   */
  static boolean isParserLimit(Throwable t) {
    if (t instanceof jakarta.json.JsonException) {
      return true;
    }
    StackTraceElement[] where = t.getStackTrace();
    return where.length > 0 && where[0].getClassName().startsWith("org.eclipse.parsson.");
  }

  @Override
  public Response toResponse(RuntimeException e) {
    Response tooLarge = Problems.tooLarge(request, e, uriInfo);
    if (tooLarge != null) {
      return tooLarge;
    }
    Throwable cause = e;
    while (cause != null) {
      if (Conflicts.isConcurrentChange(cause)) {
        LOG.log(
            Conflicts.isBrokenForeignKey(cause) ? Level.WARNING : Level.FINE,
            "409 {0}: {1}",
            new Object[] {uriInfo.getPath(), cause.toString()});
        return Problems.response(
            409,
            "Conflict",
            "Another request changed the same data at the same time; nothing of this one was"
                + " saved. Send it again.",
            uriInfo,
            null);
      }
      if (isParserLimit(cause)) {
        LOG.log(Level.FINE, "400 {0}: {1}", new Object[] {uriInfo.getPath(), cause.toString()});
        return Problems.response(
            400,
            "Bad request",
            "The request body is not JSON this server reads: " + cause.getMessage(),
            uriInfo,
            null);
      }
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
