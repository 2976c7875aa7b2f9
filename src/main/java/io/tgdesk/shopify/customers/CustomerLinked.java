package io.tgdesk.shopify.customers;

import io.tgdesk.shopify.shops.Shop;

/**
 * An agent linked a Telegram user to a Shopify customer (by id, email or phone), or repeated such a
 * link; fired in the transaction of the link, so that what follows from it (the orders received
 * before) commits with it.
 */
public record CustomerLinked(
    Shop shop, long telegramUserId, Long shopifyCustomerId, String email, String phone) {}
