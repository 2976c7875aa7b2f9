/**
 * Customers as admins manage them: blocking and unblocking ({@link
 * io.tgdesk.customers.CustomerBlocking}, {@code POST /api/admin/customers/{id}/block} and {@code
 * /unblock} in {@link io.tgdesk.customers.CustomersResource}), announced as {@link
 * io.tgdesk.customers.CustomerActivity} events that the hostevents package turns into {@code
 * customer.blocked} and {@code customer.unblocked}.
 *
 * <p>The customer itself (the entity, its block and flood state) belongs to tickets, because
 * everything that must honour a block or a flood lives there or below it: the intake that ignores a
 * blocked customer's updates reads it, and so do the automatic messages (after-hours replies,
 * status notices, Shopify notices, through {@code tickets.FloodGuard}) and the replies that answer
 * 409. This package only changes it. Depends on tickets and the base (web); nothing but hostevents
 * depends on it.
 */
package io.tgdesk.customers;
