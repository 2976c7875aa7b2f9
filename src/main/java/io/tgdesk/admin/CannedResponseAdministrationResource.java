package io.tgdesk.admin;

import io.tgdesk.tickets.canned.CannedResponses;
import io.tgdesk.web.Creation;
import io.tgdesk.web.Page;
import io.tgdesk.web.PageParams;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.groups.ConvertGroup;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** Canned responses as admins keep them; each change is recorded with who made it. */
@Path("admin/canned-responses")
@RolesAllowed("admin")
@SecurityRequirement(name = "basic")
@Produces(MediaType.APPLICATION_JSON)
public class CannedResponseAdministrationResource {

  @Inject CannedResponses canned;
  @Context SecurityContext security;
  @Context UriInfo uriInfo;

  /** 201; 400 naming an unknown placeholder or unclosed brace; 409 if the name is taken. */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(
      @Valid @ConvertGroup(to = Creation.class) CannedResponses.CannedResponseRequest body) {
    CannedResponses.CannedResponseView created = canned.create(body, user());
    return Response.created(
            uriInfo.getAbsolutePathBuilder().path(String.valueOf(created.id())).build())
        .entity(created)
        .build();
  }

  /** A page of canned responses by name, optionally of one queue (with those of no queue). */
  @GET
  public Page<CannedResponses.CannedResponseView> list(
      @QueryParam("queue") String queue, @BeanParam PageParams paging) {
    return canned.list(
        queue == null || queue.isBlank() ? null : queue.strip(), paging.page(), paging.size());
  }

  @GET
  @Path("{id}")
  public CannedResponses.CannedResponseView get(@PathParam("id") long id) {
    return canned.get(id);
  }

  /** Fields left out keep their value; an empty queue or parseMode clears it. */
  @PATCH
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  public CannedResponses.CannedResponseView change(
      @PathParam("id") long id, @Valid CannedResponses.CannedResponseRequest body) {
    return canned.change(id, body, user());
  }

  @DELETE
  @Path("{id}")
  public Response delete(@PathParam("id") long id) {
    canned.delete(id);
    return Response.noContent().build();
  }

  private String user() {
    return security.getUserPrincipal().getName();
  }
}
