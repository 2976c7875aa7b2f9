/**
 * A Telegram customer's data as a whole: the export of everything TgDesk holds about one customer
 * ({@link io.tgdesk.customers.CustomerExports}), its erasure in batches, recorded and announced to
 * the host as {@code customer.erased} ({@link io.tgdesk.customers.CustomerErasure}), and the
 * retention of closed tickets' content ({@link io.tgdesk.customers.ContentRetention}), with the
 * admin resource at {@code admin/customers}. Each feature erases its own rows through its own
 * classes (tickets, telegram.outbound, telegram.inbound, shopify, hostevents, diagnostics); this
 * package orders the steps and owns the erasure record ({@code customer_erasure}).
 *
 * <p>Depends on tickets, telegram.outbound, telegram.inbound, telegram.bots, shopify (its privacy
 * export and erasure), hostevents, diagnostics (the call audit), config, schema (the retention job)
 * and web. Nothing but admin may depend on it.
 */
package io.tgdesk.customers;
