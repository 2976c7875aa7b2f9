package io.tgdesk.telegram.inbound;

import io.tgdesk.config.Settings;
import io.tgdesk.telegram.bots.BotDirectory;
import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.web.ProblemException;
import io.tgdesk.web.RequestBodies;
import io.tgdesk.web.WebhookSecrets;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Telegram posts updates here. The answer is 200 with an empty body as soon as the update is
 * stored; processing happens later, so a failure there can never make Telegram retry or block the
 * chat. Errors: 401 unknown bot or wrong or missing secret, the same answer for both (checked
 * before the body is read, so a slow or endless body from a stranger is never waited for), 413 body
 * over {@code tgdesk.webhook.max-body-bytes}, 400 not an update.
 */
@Path("telegram/{botId}/webhook")
@PermitAll
public class WebhookResource {

  static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";

  /** Compared against when there is no bot, so that a miss costs what a wrong secret costs. */
  private static final String NO_BOT = WebhookSecrets.generate();

  @Inject BotDirectory bots;
  @Inject UpdateIntake intake;
  @Inject Settings settings;

  @POST
  @Consumes(MediaType.WILDCARD)
  @Operation(summary = "Receive a Telegram update (called by Telegram)")
  public Response receive(
      @PathParam("botId") String botId,
      @HeaderParam(SECRET_HEADER) String secret,
      @HeaderParam("Content-Length") Long contentLength,
      InputStream body)
      throws IOException {
    BotId id = parseBotId(botId);
    var credentials =
        id == null
            ? Optional.<BotDirectory.WebhookCredentials>empty()
            : bots.findWebhookCredentials(id);
    // An unknown bot is answered exactly like a wrong secret, after a comparison of the same
    // cost, so that the answer does not tell which bot ids exist.
    String expected = credentials.map(BotDirectory.WebhookCredentials::secret).orElse(NO_BOT);
    if (!WebhookSecrets.matches(expected, secret) || credentials.isEmpty()) {
      throw new ProblemException(
          401,
          "Unauthorized",
          "Missing or wrong " + SECRET_HEADER + " header; nothing was stored.");
    }
    byte[] raw = RequestBodies.read(body, contentLength, settings.webhookMaxBodyBytes());
    try {
      intake.accept(id, raw, "webhook");
    } catch (MalformedUpdateException e) {
      throw ProblemException.badRequest(e.getMessage());
    }
    return Response.ok().build();
  }

  /** The bot id, or null when the path segment cannot be one. */
  private static BotId parseBotId(String botId) {
    try {
      return BotId.of(Long.parseLong(botId));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
