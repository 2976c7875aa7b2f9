package io.tgdesk.telegram.inbound;

import io.tgdesk.config.Settings;
import io.tgdesk.telegram.bots.BotDirectory;
import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.telegram.bots.WebhookSecrets;
import io.tgdesk.web.ProblemException;
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
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Telegram posts updates here. The answer is 200 with an empty body as soon as the update is
 * stored; processing happens later, so a failure there can never make Telegram retry or block the
 * chat. Errors: 404 unknown bot, 401 wrong or missing secret (checked before the body is read), 413
 * body over {@code tgdesk.webhook.max-body-bytes}, 400 not an update.
 */
@Path("telegram/{botId}/webhook")
@PermitAll
public class WebhookResource {

  static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";

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
        bots.findWebhookCredentials(id)
            .orElseThrow(() -> ProblemException.notFound("No bot with id " + botId + "."));
    if (!WebhookSecrets.matches(credentials.secret(), secret)) {
      throw new ProblemException(
          401,
          "Unauthorized",
          "Missing or wrong " + SECRET_HEADER + " header; nothing was stored.");
    }
    int max = settings.webhookMaxBodyBytes();
    if (contentLength != null && contentLength > max) {
      throw tooLarge(max);
    }
    byte[] raw = body == null ? new byte[0] : body.readNBytes(max + 1);
    if (raw.length > max) {
      throw tooLarge(max);
    }
    try {
      intake.accept(id, raw, "webhook");
    } catch (MalformedUpdateException e) {
      throw ProblemException.badRequest(e.getMessage());
    }
    return Response.ok().build();
  }

  private static BotId parseBotId(String botId) {
    try {
      return BotId.of(Long.parseLong(botId));
    } catch (NumberFormatException e) {
      throw ProblemException.notFound("No bot with id " + botId + ".");
    }
  }

  private static ProblemException tooLarge(int max) {
    return new ProblemException(
        413,
        "Payload too large",
        "The update is larger than " + max + " bytes; nothing was stored.");
  }
}
