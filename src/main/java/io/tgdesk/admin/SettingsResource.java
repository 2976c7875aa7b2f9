package io.tgdesk.admin;

import io.tgdesk.config.SettingsProducer;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** The effective configuration, secrets masked: what the server actually runs with. */
@Path("admin/settings")
@RolesAllowed("admin")
@SecurityRequirement(name = "basic")
@Produces(MediaType.APPLICATION_JSON)
public class SettingsResource {

  @Inject SettingsProducer settings;

  @GET
  public Map<String, String> effective() {
    return settings.describe();
  }
}
