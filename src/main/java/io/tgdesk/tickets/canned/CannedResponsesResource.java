package io.tgdesk.tickets.canned;

import io.tgdesk.web.Page;
import io.tgdesk.web.PageParams;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** Canned responses for agents to pick from; admins keep them under admin/canned-responses. */
@Path("canned-responses")
@RolesAllowed({"agent", "admin"})
@SecurityRequirement(name = "basic")
@Produces(MediaType.APPLICATION_JSON)
public class CannedResponsesResource {

  @Inject CannedResponses canned;

  /** A page by name; with {@code queue}, those of that queue and those of no queue. */
  @GET
  public Page<CannedResponses.CannedResponseView> list(
      @QueryParam("queue") String queue, @BeanParam PageParams paging) {
    return canned.list(
        queue == null || queue.isBlank() ? null : queue.strip(), paging.page(), paging.size());
  }

  /** The placeholders a canned response may use. */
  @GET
  @Path("placeholders")
  public List<CannedResponses.PlaceholderView> placeholders() {
    return canned.placeholders();
  }
}
