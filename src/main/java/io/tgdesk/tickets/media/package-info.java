/**
 * Customers' files as agents open them: a conversation message's media (or its thumbnail) fetched
 * from Telegram (getFile, then the file download) and kept in a size-capped cache on this server's
 * disk, least recently opened evicted first. Reads tickets' messages; calls the Bot API directly (a
 * read, like getChat at topic group registration: no message is sent, so it is not held to the
 * bot's message limits and does not go through the delivery engine), audited as {@code
 * customer-media}. Depends on tickets, telegram.bots, telegram.botapi, config and web; nothing in
 * tickets depends on it.
 */
package io.tgdesk.tickets.media;
