/**
 * The shops whose webhooks TgDesk accepts: domain, client secrets, bot, queue, notice settings and
 * templates. The bottom of the Shopify bridge: depends on nothing else of it.
 */
package io.tgdesk.shopify.shops;
