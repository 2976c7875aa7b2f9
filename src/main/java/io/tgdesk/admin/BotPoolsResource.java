package io.tgdesk.admin;

import io.tgdesk.routing.BotPoolRequest;
import io.tgdesk.routing.BotPoolView;
import io.tgdesk.routing.BotPools;
import io.tgdesk.routing.PoolId;
import io.tgdesk.web.Change;
import io.tgdesk.web.Creation;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.groups.ConvertGroup;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** Named pools of bots that sends can be spread over. */
@Path("admin/bot-pools")
@RolesAllowed("admin")
@SecurityRequirement(name = "basic")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class BotPoolsResource {

  @Inject BotPools pools;

  @POST
  public Response create(
      @Valid @ConvertGroup(to = Creation.class) BotPoolRequest request, @Context UriInfo uriInfo) {
    BotPoolView pool = pools.create(request);
    return Response.created(uriInfo.getAbsolutePathBuilder().path(Long.toString(pool.id())).build())
        .entity(pool)
        .build();
  }

  @GET
  public List<BotPoolView> list() {
    return pools.list();
  }

  @GET
  @Path("{id}")
  public BotPoolView get(@PathParam("id") long id) {
    return pools.view(PoolId.of(id));
  }

  @PATCH
  @Path("{id}")
  public BotPoolView change(
      @PathParam("id") long id, @Valid @ConvertGroup(to = Change.class) BotPoolRequest request) {
    return pools.change(PoolId.of(id), request);
  }

  @DELETE
  @Path("{id}")
  public Response delete(@PathParam("id") long id) {
    pools.delete(PoolId.of(id));
    return Response.noContent().build();
  }
}
