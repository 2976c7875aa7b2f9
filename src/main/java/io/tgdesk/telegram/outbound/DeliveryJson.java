package io.tgdesk.telegram.outbound;

import jakarta.json.spi.JsonProvider;

/**
 * The one JSON provider of the delivery engine, for the parameters and answers it reads and builds
 * on every call: {@code Json.create...} looks the provider up each time (a service lookup through
 * the class loader), which was 2.7 % of the server's samples while a 10,000-message request was
 * taken and sent.
 */
final class DeliveryJson {

  static final JsonProvider JSON = JsonProvider.provider();

  private DeliveryJson() {}
}
