/**
 * Receiving Shopify webhooks: the webhook endpoint and its headers, the HMAC check over the raw
 * bytes, the durable webhook store (unique per shop and event key), the payload parsers, and the
 * processor that applies stored webhooks one shop at a time through a {@link
 * io.tgdesk.shopify.intake.WebhookHandler} with the intake's failure policy.
 *
 * <p>Depends on shops and intake (the lifecycle, the ordered drain, the JSON limits), and config,
 * web, schema; knows nothing of what the topics mean.
 */
package io.tgdesk.shopify.intake;
