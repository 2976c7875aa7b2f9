package io.tgdesk.admin;

import io.tgdesk.hostevents.HostEventState;
import io.tgdesk.hostevents.HostEventView;
import io.tgdesk.hostevents.HostEvents;
import io.tgdesk.web.Page;
import io.tgdesk.web.PageParams;
import io.tgdesk.web.Params;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** Events queued for the host platform: what was delivered, what is dead and why; replay. */
@Path("admin/events")
@RolesAllowed("admin")
@SecurityRequirement(name = "basic")
@Produces(MediaType.APPLICATION_JSON)
public class HostEventsResource {

  @Inject HostEvents events;

  @GET
  public Page<HostEventView> list(
      @QueryParam("state") String state,
      @QueryParam("endpointId") String endpointId,
      @QueryParam("ticketId") String ticketId,
      @BeanParam PageParams paging) {
    return events.events(
        Params.optionalEnum("state", state, HostEventState.class),
        Params.optionalLong("endpointId", endpointId),
        Params.optionalLong("ticketId", ticketId),
        paging.page(),
        paging.size());
  }

  @GET
  @Path("{id}")
  public HostEventView get(@PathParam("id") long id) {
    return events.event(id);
  }

  @POST
  @Path("{id}/replay")
  public HostEventView replay(@PathParam("id") long id) {
    return events.replay(id);
  }
}
