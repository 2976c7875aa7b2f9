package io.tgdesk.admin;

import io.tgdesk.intake.IntakeState;
import io.tgdesk.telegram.inbound.UpdateAdministration;
import io.tgdesk.telegram.inbound.UpdateView;
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

/** Stored Telegram updates: what failed to process and why; retry a failed one. */
@Path("admin/updates")
@RolesAllowed("admin")
@SecurityRequirement(name = "basic")
@Produces(MediaType.APPLICATION_JSON)
public class UpdatesResource {

  @Inject UpdateAdministration updates;

  @GET
  public Page<UpdateView> list(
      @QueryParam("state") String state,
      @QueryParam("botId") String botId,
      @BeanParam PageParams paging) {
    return updates.list(
        Params.optionalEnum("state", state, IntakeState.class),
        Params.optionalLong("botId", botId),
        paging.page(),
        paging.size());
  }

  @GET
  @Path("{id}")
  public UpdateView get(@PathParam("id") long id) {
    return updates.get(id);
  }

  @POST
  @Path("{id}/retry")
  public UpdateView retry(@PathParam("id") long id) {
    return updates.retry(id);
  }
}
