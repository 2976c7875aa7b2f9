package io.tgdesk.shopify.intake;

import io.tgdesk.config.Settings;
import io.tgdesk.web.ProblemException;
import io.tgdesk.web.RequestBodies;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Shopify posts every webhook topic here. The headers are checked before the body is read (a known
 * shop, a signature header, a topic and an event or webhook id of sane length, a size within {@code
 * tgdesk.webhook.max-body-bytes}); the HMAC is then checked over the raw bytes, before anything is
 * parsed, against every secret of the shop; the webhook is stored under its event id and answered
 * 200 at once (a repeat too). Errors: 401 for a missing or wrong signature or an unknown shop
 * (nothing stored), 413 too large, 408 a body too slow to arrive, 400 for a webhook whose topic or
 * ids are missing or too long.
 */
@Path("shopify/webhooks")
@PermitAll
public class ShopifyWebhookResource {

  @Inject WebhookStore store;
  @Inject ShopifyIntake intake;
  @Inject Settings settings;

  @POST
  @Consumes(MediaType.WILDCARD)
  @Operation(summary = "Receive a Shopify webhook (called by Shopify)")
  public Response receive(
      @Context HttpHeaders httpHeaders,
      @HeaderParam("Content-Length") Long contentLength,
      InputStream body)
      throws IOException {
    WebhookHeaders headers = WebhookHeaders.of(httpHeaders);
    // Everything the headers can tell is checked before the body is read: a stranger's body, or
    // one that is too large, is never waited for.
    var shop =
        headers.shopDomain() == null || headers.hmac() == null
            ? java.util.Optional.<WebhookStore.ShopCredentials>empty()
            : store.findCredentials(headers.shopDomain());
    if (shop.isEmpty()) {
      throw unauthorized();
    }
    byte[] raw = RequestBodies.read(body, contentLength, settings.webhookMaxBodyBytes());
    if (!Signatures.verify(shop.get().secrets(), raw, headers.hmac())) {
      throw unauthorized();
    }
    // Only a signed webhook learns what is wrong with its headers.
    String problem = headers.problem();
    if (problem != null) {
      throw ProblemException.badRequest(problem + "; nothing was stored.");
    }
    intake.accept(shop.get().shopId(), headers, raw);
    return Response.ok().build();
  }

  private static ProblemException unauthorized() {
    return new ProblemException(
        401,
        "Unauthorized",
        "Missing or wrong X-Shopify-Hmac-Sha256, or unknown X-Shopify-Shop-Domain; nothing was"
            + " stored.");
  }
}
