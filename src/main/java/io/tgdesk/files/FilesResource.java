package io.tgdesk.files;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityPart;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * Files agents upload before naming them in a reply ({@code attachments} of {@code POST
 * /api/tickets/{id}/replies}). An upload is held to the largest file any bot may send (a Local Bot
 * API server's 2,000 MB); the reply checks it against its bot's own limits.
 */
@Path("files")
@RolesAllowed({"agent", "admin"})
@SecurityRequirement(name = "basic")
@Produces(MediaType.APPLICATION_JSON)
public class FilesResource {

  @Inject FileStore files;
  @Context SecurityContext security;

  /** Stores the multipart part {@code file}; 201 with the file's id. */
  @POST
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  public Response upload(@FormParam("file") EntityPart file) throws IOException {
    if (file == null) {
      throw FileLimits.unprocessable("file", "is required: a multipart part named file");
    }
    StoredFile stored;
    try (InputStream in = file.getContent()) {
      stored =
          files.store(
              file.getFileName().orElse(file.getName()),
              file.getMediaType() == null ? null : file.getMediaType().toString(),
              in,
              security.getUserPrincipal().getName(),
              FileLimits.maxBytesOfAnyBot(),
              "2000 MB (a Local Bot API server's limit per upload; a bot on the cloud Bot API"
                  + " sends up to 50 MB, and a photo up to 10 MB)");
    }
    return Response.created(URI.create("files/" + stored.id())).entity(FileView.of(stored)).build();
  }

  /** Anything but multipart: 415 naming what is expected (after the roles are checked). */
  @POST
  @Consumes(MediaType.WILDCARD)
  public Response notMultipart() {
    throw new io.tgdesk.web.ProblemException(
        415,
        "Unsupported media type",
        "Upload the file as multipart/form-data with a part named file, e.g. curl -F"
            + " file=@invoice.pdf.");
  }

  @GET
  @Path("{id}")
  public FileView get(@PathParam("id") long id) {
    return FileView.of(files.get(FileId.of(id)));
  }
}
