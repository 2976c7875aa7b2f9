package io.tgdesk.tickets.queues;

/**
 * A queue got a new name ({@code to}), or was deleted ({@code to} null). Fired in the transaction
 * of the change, so that features that name queues (a Shopify shop's queue) follow along with it.
 */
public record QueueNameChanged(String from, String to) {}
