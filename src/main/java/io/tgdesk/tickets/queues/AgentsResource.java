package io.tgdesk.tickets.queues;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** Agents' availability: who takes new tickets from queues that assign automatically. */
@Path("agents")
@RolesAllowed({"agent", "admin"})
@SecurityRequirement(name = "basic")
@Produces(MediaType.APPLICATION_JSON)
public class AgentsResource {

  @Inject AgentAvailability availability;
  @Context SecurityContext security;

  /** The body of an availability change. */
  public record Availability(String availability) {}

  /** Agents known by availability or by their tickets, with how many active tickets each holds. */
  @GET
  public List<AgentAvailability.AgentView> list() {
    return availability.agents();
  }

  /** Sets the caller's own availability: online or away. */
  @PUT
  @Path("me/availability")
  @Consumes(MediaType.APPLICATION_JSON)
  public AgentAvailability.AgentView setMine(Availability body) {
    return availability.setAvailability(
        security.getUserPrincipal().getName(), body == null ? null : body.availability());
  }
}
