/**
 * The durable outbox: one row per Telegram call TgDesk wants made, with its explicit delivery
 * state, and the queries the dispatcher claims work with. JPA only, no HTTP. Depends on
 * telegram.bots (ids) and config.
 */
package io.tgdesk.telegram.outbound.outbox;
