package io.tgdesk.admin;

import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.tickets.texts.CustomerTexts;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * A bot's texts to customers per key and language: the shipped ones and the bot's own, which an
 * admin sets and removes; each change is recorded with who made it.
 */
@Path("admin/bots/{id}/texts")
@RolesAllowed("admin")
@SecurityRequirement(name = "basic")
@Produces(MediaType.APPLICATION_JSON)
public class BotTextsResource {

  @Inject CustomerTexts texts;
  @Context SecurityContext security;

  /** Every key with its placeholders, shipped texts by language and the bot's own texts. */
  @GET
  public List<CustomerTexts.KeyView> list(@PathParam("id") long id) {
    return texts.list(BotId.of(id));
  }

  /** What a customer of that language reads: the bot's own text, else the shipped fallback. */
  @GET
  @Path("{key}/{language}")
  public CustomerTexts.TextView get(
      @PathParam("id") long id,
      @PathParam("key") String key,
      @PathParam("language") String language) {
    return texts.get(BotId.of(id), key, language);
  }

  /**
   * Sets the bot's own text. 404 for an unknown bot or key; 400 for a malformed language or text;
   * 422 naming placeholders the key does not know.
   */
  @PUT
  @Path("{key}/{language}")
  @Consumes(MediaType.APPLICATION_JSON)
  public CustomerTexts.TextView set(
      @PathParam("id") long id,
      @PathParam("key") String key,
      @PathParam("language") String language,
      @NotNull(message = "a body {\"text\"} is required") @Valid CustomerTexts.TextRequest body) {
    return texts.set(
        BotId.of(id), key, language, body.text(), security.getUserPrincipal().getName());
  }

  /** Removes the bot's own text; the shipped one applies again. 404 when there is none. */
  @DELETE
  @Path("{key}/{language}")
  public Response delete(
      @PathParam("id") long id,
      @PathParam("key") String key,
      @PathParam("language") String language) {
    texts.delete(BotId.of(id), key, language);
    return Response.noContent().build();
  }
}
