package io.tgdesk.shopify.intake;

import io.tgdesk.config.Settings;
import io.tgdesk.web.ProblemException;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
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
 * Shopify posts every webhook topic here. The HMAC is checked over the raw bytes, before anything
 * is parsed, against every secret of the shop named in the shop-domain header; the delivery is then
 * stored under its event id and answered 200 at once (a repeat too). Errors: 401 for a missing or
 * wrong signature or an unknown shop (nothing stored), 413 over {@code
 * tgdesk.webhook.max-body-bytes}, 400 for a signed delivery without topic or event/webhook id.
 */
@Path("shopify/webhooks")
@PermitAll
public class ShopifyWebhookResource {

  @Inject EventStore store;
  @Inject ShopifyIntake intake;
  @Inject Settings settings;

  @POST
  @Consumes(MediaType.WILDCARD)
  @Operation(summary = "Receive a Shopify webhook (called by Shopify)")
  public Response receive(@Context HttpHeaders httpHeaders, InputStream body) throws IOException {
    WebhookHeaders headers = WebhookHeaders.of(httpHeaders);
    int max = settings.webhookMaxBodyBytes();
    byte[] raw = body == null ? new byte[0] : body.readNBytes(max + 1);
    if (raw.length > max) {
      throw new ProblemException(
          413, "Payload too large", "The body is larger than " + max + " bytes; nothing stored.");
    }
    var shop =
        headers.shopDomain() == null
            ? java.util.Optional.<EventStore.ShopCredentials>empty()
            : store.findCredentials(headers.shopDomain());
    if (shop.isEmpty() || !Signatures.verify(shop.get().secrets(), raw, headers.hmac())) {
      throw new ProblemException(
          401,
          "Unauthorized",
          "Missing or wrong X-Shopify-Hmac-Sha256, or unknown X-Shopify-Shop-Domain; nothing was"
              + " stored.");
    }
    if (headers.topic() == null) {
      throw ProblemException.badRequest("X-Shopify-Topic is missing; nothing was stored.");
    }
    if (headers.eventKey() == null) {
      throw ProblemException.badRequest(
          "Neither X-Shopify-Event-Id nor X-Shopify-Webhook-Id is present; nothing was stored.");
    }
    intake.accept(shop.get().shopId(), headers, raw);
    return Response.ok().build();
  }
}
