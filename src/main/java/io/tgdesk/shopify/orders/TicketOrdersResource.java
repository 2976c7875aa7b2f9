package io.tgdesk.shopify.orders;

import io.tgdesk.tickets.TicketId;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** The recent Shopify orders of a ticket's customer, as the webhooks delivered them. */
@Path("tickets/{id}/orders")
@RolesAllowed({"agent", "admin"})
@SecurityRequirement(name = "basic")
@Produces(MediaType.APPLICATION_JSON)
public class TicketOrdersResource {

  @Inject TicketOrders orders;

  @GET
  public List<OrderView> orders(@PathParam("id") long id) {
    return orders.ordersOfTicket(new TicketId(id));
  }
}
