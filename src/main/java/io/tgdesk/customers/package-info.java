/**
 * A Telegram customer's data as a whole: the export of everything TgDesk holds about one customer
 * ({@link io.tgdesk.customers.CustomerExports}), its erasure in batches, recorded and announced to
 * the host as {@code customer.erased} ({@link io.tgdesk.customers.CustomerErasure}), and the
 * retention of closed tickets' content ({@link io.tgdesk.customers.ContentRetention}), with the
 * admin resource at {@code admin/customers}. Each feature erases its own rows through its own
 * classes (tickets, telegram.outbound, telegram.inbound, shopify, hostevents, diagnostics, agents);
 * this package orders the steps and owns the erasure record ({@code customer_erasure}).
 *
 * <p>Depends on tickets, telegram.outbound, telegram.inbound, telegram.bots, shopify (its privacy
 * export and erasure), hostevents, diagnostics (the call audit), agents (a ticket's topic in an
 * agents group), config, schema (the retention job) and web.
 *
 * <p>Blocking and unblocking ({@link io.tgdesk.customers.CustomerBlocking}, {@code POST
 * /api/admin/customers/{id}/block} and {@code /unblock} in {@link
 * io.tgdesk.customers.CustomersResource}), announced as {@link io.tgdesk.tickets.CustomerActivity}
 * events (in tickets, beside the customer) that the hostevents package turns into {@code
 * customer.blocked} and {@code customer.unblocked}.
 *
 * <p>The customer itself (the entity, its block and flood state) belongs to tickets, because
 * everything that must honour a block or a flood lives there or below it: the intake that ignores a
 * blocked customer's updates reads it, and so do the automatic messages (after-hours replies,
 * status notices, Shopify notices, through {@code tickets.FloodGuard}) and the replies that answer
 * 409. This package only changes it. Nothing but admin depends on this package.
 */
package io.tgdesk.customers;
