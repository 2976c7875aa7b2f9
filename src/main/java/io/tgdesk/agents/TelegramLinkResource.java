package io.tgdesk.agents;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

/**
 * An agent asks for a one-time code to link their Telegram user: they send {@code /link CODE} in an
 * agents group within {@link TelegramLinks#LIFETIME}.
 */
@Path("agents/me/telegram-link")
@RolesAllowed({"agent", "admin"})
@Produces(MediaType.APPLICATION_JSON)
public class TelegramLinkResource {

  @Inject TelegramLinks links;
  @Context SecurityContext security;

  @POST
  public Response create() {
    return Response.status(201).entity(links.create(security.getUserPrincipal().getName())).build();
  }
}
