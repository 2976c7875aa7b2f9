/**
 * Links between Shopify customers and Telegram users of a shop's bot: made by agents (the links
 * API, which announces {@link io.tgdesk.shopify.customers.CustomerLinked}) or found for an order by
 * the {@link io.tgdesk.shopify.customers.CustomerLinker} (note attribute, customer id, email,
 * phone, Telegram contact).
 *
 * <p>Depends on intake (payloads), shops, tickets and web.
 */
package io.tgdesk.shopify.customers;
