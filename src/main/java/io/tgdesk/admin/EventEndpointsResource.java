package io.tgdesk.admin;

import io.tgdesk.hostevents.EndpointRequest;
import io.tgdesk.hostevents.EndpointView;
import io.tgdesk.hostevents.HostEvents;
import io.tgdesk.web.Change;
import io.tgdesk.web.Creation;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.groups.ConvertGroup;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** The host platform's endpoints for TgDesk's events. */
@Path("admin/event-endpoints")
@RolesAllowed("admin")
@SecurityRequirement(name = "basic")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class EventEndpointsResource {

  @Inject HostEvents events;

  @POST
  public Response register(
      @Valid @ConvertGroup(to = Creation.class) EndpointRequest request, @Context UriInfo uriInfo) {
    EndpointView created = events.register(request);
    return Response.created(
            uriInfo.getAbsolutePathBuilder().path(String.valueOf(created.id())).build())
        .entity(created)
        .build();
  }

  @GET
  public List<EndpointView> list() {
    return events.list();
  }

  @GET
  @Path("{id}")
  public EndpointView get(@PathParam("id") long id) {
    return events.get(id);
  }

  @PATCH
  @Path("{id}")
  public EndpointView change(
      @PathParam("id") long id, @Valid @ConvertGroup(to = Change.class) EndpointRequest request) {
    return events.change(id, request);
  }

  @POST
  @Path("{id}/rotate-secret")
  public EndpointView rotateSecret(@PathParam("id") long id) {
    return events.rotateSecret(id);
  }

  @DELETE
  @Path("{id}")
  public Response delete(@PathParam("id") long id) {
    events.delete(id);
    return Response.noContent().build();
  }
}
