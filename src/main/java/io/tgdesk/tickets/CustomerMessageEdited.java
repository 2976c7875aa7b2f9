package io.tgdesk.tickets;

import java.time.Instant;

/**
 * A customer edited one of their messages (the message holds the new text; the old one is kept as a
 * revision). Fired synchronously inside the transaction that recorded the edit, so that observers
 * (mirrors of the message) follow atomically with it. Not a host event.
 *
 * @param messageId the conversation message
 */
public record CustomerMessageEdited(long ticketId, long messageId, Instant at) {}
