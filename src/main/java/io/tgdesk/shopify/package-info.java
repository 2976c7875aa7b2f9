/**
 * The Shopify bridge: shops configured by admins, the signed webhook endpoint, durable event
 * dedupe, and asynchronous processing of order and compliance topics into ticket timeline entries
 * and customer notices.
 *
 * <p>Flow: {@code ShopifyWebhookResource} verifies the HMAC over the raw bytes against every secret
 * of the shop, {@code ShopifyIntake} stores the delivery under (shop, event key) and wakes {@code
 * ShopifyEventProcessor}; it applies each event in one transaction ({@code ShopifyEventHandler}):
 * order snapshot (stale deliveries decided by the payload's {@code updated_at}), customer link,
 * timeline entry through {@link io.tgdesk.tickets.TicketIntake}, a coalesced notice through {@link
 * io.tgdesk.telegram.outbound.Outbox} (notice lane, category {@code shopify}).
 *
 * <p>May depend on tickets, telegram.bots, telegram.outbound, config and web; never on admin. Never
 * calls Shopify back.
 */
package io.tgdesk.shopify;
