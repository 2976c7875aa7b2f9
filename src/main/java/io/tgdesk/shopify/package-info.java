/**
 * The Shopify bridge: shops configured by admins, the signed webhook endpoint, durable event
 * dedupe, and asynchronous processing of order and privacy topics into ticket timeline entries and
 * customer notices. Never calls Shopify back.
 *
 * <p>This package is the top of the bridge: {@code ShopAdministration} (what admins do with shops,
 * webhooks and exports), {@code ShopifyWebhookHandler} (applies one webhook in one transaction,
 * dispatching by topic) and the admin views. Its sub-packages, dependencies pointing down only:
 *
 * <pre>
 *   shopify           administration, the webhook handler (dispatch by Shopify topic), admin views
 *     privacy         customers/data_request exports, customers/redact, shop/redact
 *     orders          order snapshots, timeline entries, notices, back-fill, the queue's topics
 *     customers       links between Shopify customers and Telegram users, the linker
 *     intake          webhook resource, headers, signatures, event store, processor, payloads
 *     shops           the shop configuration entity
 * </pre>
 *
 * <p>Flow: {@code intake.ShopifyWebhookResource} checks the headers and the shop before it reads
 * the body, then verifies the HMAC over the raw bytes against every secret of the shop, {@code
 * intake.ShopifyIntake} stores the webhook under (shop, event key) and wakes {@code
 * intake.ShopifyWebhookProcessor}; it calls the {@code intake.WebhookHandler} (this package's
 * {@code ShopifyWebhookHandler}) for each webhook. The HMAC does not cover the topic header, so the
 * handler first checks that the body fits its topic ({@code ShopifyTopicFit}) and was not received
 * before under it (a replay); then order topics go to {@code orders.OrderEvents} (order snapshot,
 * stale webhooks decided by the payload's {@code updated_at}, customer link, timeline entry through
 * {@link io.tgdesk.tickets.SystemEntries}, a coalesced notice through {@link
 * io.tgdesk.telegram.outbound.Outbox}), privacy topics to {@code privacy.CustomerDataExports} and
 * {@code privacy.DataErasure}.
 *
 * <p>May depend on tickets, telegram.bots, telegram.outbound and the base (intake, config, web,
 * schema, ...); never on admin or telegram.inbound.
 */
package io.tgdesk.shopify;
