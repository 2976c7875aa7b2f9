package io.tgdesk.admin;

import io.tgdesk.events.HostEvents;
import io.tgdesk.web.Page;
import io.tgdesk.web.Params;
import io.tgdesk.web.Problem;
import io.tgdesk.web.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** The host platform's event endpoints, and the deliveries to them (dead letters, replay). */
@Path("admin")
@RolesAllowed("admin")
@SecurityRequirement(name = "basic")
@Produces(MediaType.APPLICATION_JSON)
public class EventsResource {

  @Inject HostEvents events;

  @POST
  @Path("event-endpoints")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response register(HostEvents.EndpointRequest body) {
    return Response.status(Response.Status.CREATED).entity(events.register(body)).build();
  }

  @GET
  @Path("event-endpoints")
  public List<HostEvents.EndpointView> endpoints() {
    return events.endpoints();
  }

  @DELETE
  @Path("event-endpoints/{id}")
  public Response unregister(@PathParam("id") long id) {
    events.unregister(id);
    return Response.noContent().build();
  }

  /** Deliveries, newest first; state pending, sent or dead. */
  @GET
  @Path("events")
  public Page<HostEvents.EventView> list(
      @QueryParam("state") String state,
      @QueryParam("endpointId") String endpointId,
      @QueryParam("ticketId") String ticketId,
      @QueryParam("page") String page,
      @QueryParam("size") String size) {
    int[] paging =
        Page.validate(Params.optionalInt("page", page), Params.optionalInt("size", size));
    String s = state == null || state.isBlank() ? null : state.trim().toUpperCase(Locale.ROOT);
    if (s != null && !Set.of("PENDING", "SENT", "DEAD").contains(s)) {
      throw ProblemException.invalid(
          List.of(new Problem.FieldError("state", "must be one of pending, sent, dead")));
    }
    return events.list(
        s,
        Params.optionalLong("endpointId", endpointId),
        Params.optionalLong("ticketId", ticketId),
        paging[0],
        paging[1]);
  }

  /** Sends a dead (or sent) event again. */
  @POST
  @Path("events/{id}/replay")
  public HostEvents.EventView replay(@PathParam("id") long id) {
    return events.replay(id);
  }
}
