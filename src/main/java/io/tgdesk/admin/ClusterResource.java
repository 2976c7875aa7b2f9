package io.tgdesk.admin;

import io.tgdesk.cluster.BotOwnership;
import io.tgdesk.cluster.ClusterView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** The servers sharing the database, and which of them owns which bot. */
@Path("admin/cluster")
@RolesAllowed("admin")
@SecurityRequirement(name = "basic")
@Produces(MediaType.APPLICATION_JSON)
public class ClusterResource {

  @Inject BotOwnership ownership;

  @GET
  public ClusterView get() {
    return ownership.describe();
  }
}
