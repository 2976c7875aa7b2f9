package io.tgdesk.web;

import io.tgdesk.config.Settings;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Logger;

/**
 * With {@code TGDESK_PRODUCTION=true}, keeps the admin API closed (503) while the admin password is
 * still the development default, so that a forgotten secret cannot expose it.
 */
@Provider
@PreMatching
public class ProductionGuard implements ContainerRequestFilter {

  private static final Logger LOG = Logger.getLogger(ProductionGuard.class.getName());

  @Inject Settings settings;
  @Context UriInfo uriInfo;

  @Override
  public void filter(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath();
    if (path.startsWith("/")) {
      path = path.substring(1);
    }
    if (settings.production()
        && settings.usesDevelopmentAdminCredentials()
        && path.startsWith("admin")) {
      LOG.severe(
          "Admin API refused: TGDESK_PRODUCTION=true and TGDESK_ADMIN_PASSWORD is the development default");
      request.abortWith(
          Problems.response(
              503,
              "Admin API disabled",
              "This is a production server (TGDESK_PRODUCTION=true) still using the development admin password;"
                  + " set TGDESK_ADMIN_PASSWORD (and TGDESK_ADMIN_USER) from a secret and restart.",
              request.getUriInfo(),
              null));
    }
  }
}
