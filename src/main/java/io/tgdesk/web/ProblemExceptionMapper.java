package io.tgdesk.web;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Answers a {@link ProblemException} with its status and detail. */
@Provider
public class ProblemExceptionMapper implements ExceptionMapper<ProblemException> {

  private static final Logger LOG = Logger.getLogger(ProblemExceptionMapper.class.getName());

  @Context UriInfo uriInfo;
  @Context jakarta.servlet.http.HttpServletRequest request;

  @Override
  public Response toResponse(ProblemException e) {
    Response tooLarge = Problems.tooLarge(request, e, uriInfo);
    if (tooLarge != null) {
      return tooLarge;
    }
    LOG.log(
        Level.FINE, "{0} {1}: {2}", new Object[] {e.status(), uriInfo.getPath(), e.getMessage()});
    return Problems.response(e.status(), e.title(), e.getMessage(), uriInfo, e.errors());
  }
}
