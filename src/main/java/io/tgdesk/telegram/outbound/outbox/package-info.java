/**
 * The durable outbox: one row per Telegram call TgDesk wants made, with its explicit delivery
 * state, and the queries the delivery loops claim work with. JPA only, no HTTP. Depends on
 * telegram.bots (ids) only.
 */
package io.tgdesk.telegram.outbound.outbox;
