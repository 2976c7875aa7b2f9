package io.tgdesk.admin;

import io.tgdesk.tickets.queues.AgentAvailability;
import io.tgdesk.tickets.queues.Queues;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
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
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** Queues with their routing rules, members and assignment strategy; agents' availability. */
@Path("admin")
@RolesAllowed("admin")
@SecurityRequirement(name = "basic")
@Produces(MediaType.APPLICATION_JSON)
public class QueuesResource {

  @Inject Queues queues;
  @Inject AgentAvailability availability;

  /** The body of an availability change. */
  public record Availability(String availability) {}

  @POST
  @Path("queues")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(@Valid Queues.QueueRequest body) {
    return Response.status(Response.Status.CREATED).entity(queues.create(body)).build();
  }

  /** Queues in routing order. */
  @GET
  @Path("queues")
  public List<Queues.QueueView> list() {
    return queues.list();
  }

  @GET
  @Path("queues/{id}")
  public Queues.QueueView get(@PathParam("id") long id) {
    return queues.get(id);
  }

  /** Replaces a queue; a new name follows to its tickets. */
  @PUT
  @Path("queues/{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  public Queues.QueueView replace(@PathParam("id") long id, @Valid Queues.QueueRequest body) {
    return queues.replace(id, body);
  }

  /** Deletes a queue; its tickets stay, without a queue. */
  @DELETE
  @Path("queues/{id}")
  public Response delete(@PathParam("id") long id) {
    queues.delete(id);
    return Response.noContent().build();
  }

  /** Sets any agent's availability (online or away). */
  @PUT
  @Path("agents/{userName}/availability")
  @Consumes(MediaType.APPLICATION_JSON)
  public AgentAvailability.AgentView setAvailability(
      @PathParam("userName") String userName, Availability body) {
    return availability.setAvailability(userName, body == null ? null : body.availability());
  }
}
