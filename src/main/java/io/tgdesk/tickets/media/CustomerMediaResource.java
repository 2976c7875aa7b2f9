package io.tgdesk.tickets.media;

import io.tgdesk.tickets.TicketId;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** A customer's file of a ticket's conversation, for those who may read the ticket. */
@Path("tickets/{id}/messages/{messageId}/media")
@RolesAllowed({"agent", "admin"})
@SecurityRequirement(name = "basic")
public class CustomerMediaResource {

  @Inject CustomerMedia media;

  /**
   * Streams the file (or, with {@code thumbnail=true}, its thumbnail) with Telegram's content type
   * and the file's name.
   */
  @GET
  @Produces(MediaType.WILDCARD)
  @APIResponse(
      responseCode = "200",
      description =
          "The file, with its content type and name (Content-Disposition). 404: no such message or"
              + " no file; 410: Telegram no longer serves it (or it was erased); 413: above the"
              + " Bot API's download limit (20 MB on the cloud Bot API).",
      content =
          @Content(
              mediaType = "application/octet-stream",
              schema =
                  @Schema(
                      type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING,
                      format = "binary")))
  public Response get(
      @PathParam("id") long id,
      @PathParam("messageId") long messageId,
      @QueryParam("thumbnail") boolean thumbnail) {
    CustomerMedia.Opened file = media.open(new TicketId(id), messageId, thumbnail);
    StreamingOutput body =
        out -> {
          try (InputStream in = file.content()) {
            in.transferTo(out);
          }
        };
    return Response.ok(body, file.contentType())
        .header("Content-Length", file.size())
        .header("Content-Disposition", disposition(file.fileName()))
        .header("Cache-Control", "private, max-age=3600")
        .build();
  }

  /** inline, with an ASCII fallback name and the exact one in RFC 5987 form. */
  static String disposition(String name) {
    String ascii = name.replaceAll("[^A-Za-z0-9._ -]", "_");
    String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    return "inline; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
  }
}
