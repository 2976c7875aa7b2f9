/**
 * Shopify's privacy topics and shop deletion: {@code customers/data_request} exports for admins,
 * {@code customers/redact} and {@code shop/redact} erasing what is held (links, orders, timeline
 * entries, exports, payloads, pending notices).
 *
 * <p>Depends on orders, customers, intake, shops, tickets, telegram.outbound and telegram.bots
 * (ids).
 */
package io.tgdesk.shopify.privacy;
