package io.tgdesk.shopify.intake;

/**
 * Applies one stored webhook, by id, in a transaction of its own; the processor calls it for each
 * webhook that is due. Implemented by the feature that knows what the topics mean.
 */
public interface WebhookHandler {

  void handle(long id);
}
