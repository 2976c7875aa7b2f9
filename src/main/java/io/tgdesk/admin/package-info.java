/**
 * The admin API under {@code /api/admin}: bots and their webhooks, topic groups, stored updates,
 * effective settings, Shopify shops, deliveries and exports. Role {@code admin} only. Thin
 * resources: parse, delegate, map. Nothing depends on this package.
 */
package io.tgdesk.admin;
