package io.tgdesk.admin;

import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.tickets.greeting.Greetings;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** How a bot greets: whether /start opens a ticket, and how often a greeting is repeated. */
@Path("admin/bots/{id}/greeting")
@RolesAllowed("admin")
@SecurityRequirement(name = "basic")
@Produces(MediaType.APPLICATION_JSON)
public class BotGreetingResource {

  @Inject Greetings greetings;
  @Context SecurityContext security;

  @GET
  public Greetings.GreetingView get(@PathParam("id") long id) {
    return greetings.get(BotId.of(id));
  }

  /** Fields left out keep their value. 404 for an unknown bot. */
  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  public Greetings.GreetingView change(
      @PathParam("id") long id,
      @NotNull(message = "a body is required") @Valid Greetings.GreetingRequest body) {
    return greetings.change(BotId.of(id), body, security.getUserPrincipal().getName());
  }
}
