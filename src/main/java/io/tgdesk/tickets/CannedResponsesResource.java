package io.tgdesk.tickets;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * Agents read the canned responses; sending one is {@code POST
 * /tickets/{id}/canned-responses/{cannedId}}.
 */
@Path("canned-responses")
@RolesAllowed({"agent", "admin"})
@SecurityRequirement(name = "basic")
@Produces(MediaType.APPLICATION_JSON)
public class CannedResponsesResource {

  @Inject CannedResponses canned;

  /** Every canned response, by name. */
  @GET
  public List<CannedResponses.View> list() {
    return canned.list();
  }
}
