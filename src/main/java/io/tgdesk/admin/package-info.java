/**
 * The admin API under {@code /api/admin}: bots and their webhooks, bot pools and routing rules,
 * topic groups, the outbox, stored updates, effective settings, the cluster, host event endpoints,
 * diagnostics, Shopify shops, deliveries and exports. Role {@code admin} only. Thin resources:
 * parse, delegate, map. Nothing depends on this package.
 */
package io.tgdesk.admin;
