package io.tgdesk.customers;

import io.tgdesk.web.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** What admins do with customers: block and unblock them. */
@Path("admin/customers")
@RolesAllowed("admin")
@SecurityRequirement(name = "basic")
@Produces(MediaType.APPLICATION_JSON)
public class CustomersResource {

  @Inject CustomerBlocking blocking;
  @Context SecurityContext security;

  /** Blocks the customer (idempotent: a blocked customer keeps their first block). */
  @POST
  @Path("{id}/block")
  @Consumes(MediaType.APPLICATION_JSON)
  public CustomerBlockView block(@PathParam("id") long id, @Valid BlockRequest request) {
    if (request == null) {
      throw ProblemException.badRequest("A JSON body with the reason is required.");
    }
    return blocking.block(
        CustomerId.of(id), request.reason(), security.getUserPrincipal().getName());
  }

  /** Lifts the customer's block (idempotent). */
  @POST
  @Path("{id}/unblock")
  public CustomerBlockView unblock(@PathParam("id") long id) {
    return blocking.unblock(CustomerId.of(id));
  }
}
