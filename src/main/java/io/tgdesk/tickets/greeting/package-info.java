/**
 * The greeting: the answer to {@code /start} in the customer's language, at most once per a bot's
 * repeat period, and whether {@code /start} opens a ticket (a bot's setting; by default the
 * customer's first real message does). Called by telegram.inbound for a private chat's /start.
 *
 * <p>Depends on tickets (customers, intake, conversation), tickets.texts (the greeting's text),
 * telegram.outbound (the engine), telegram.bots, web. Nothing in tickets depends on it.
 */
package io.tgdesk.tickets.greeting;
