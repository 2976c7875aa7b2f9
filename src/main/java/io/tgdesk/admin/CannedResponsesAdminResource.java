package io.tgdesk.admin;

import io.tgdesk.tickets.CannedResponses;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** Admins keep the canned responses; placeholders are checked on save. */
@Path("admin/canned-responses")
@RolesAllowed("admin")
@SecurityRequirement(name = "basic")
@Produces(MediaType.APPLICATION_JSON)
public class CannedResponsesAdminResource {

  @Inject CannedResponses canned;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(CannedResponses.Request body) {
    return Response.status(Response.Status.CREATED).entity(canned.create(body)).build();
  }

  @GET
  @Path("{id}")
  public CannedResponses.View get(@PathParam("id") long id) {
    return canned.get(id);
  }

  @PUT
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  public CannedResponses.View replace(@PathParam("id") long id, CannedResponses.Request body) {
    return canned.replace(id, body);
  }

  @DELETE
  @Path("{id}")
  public Response delete(@PathParam("id") long id) {
    canned.delete(id);
    return Response.noContent().build();
  }
}
