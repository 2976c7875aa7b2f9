package io.tgdesk.tickets;

import java.time.Instant;

/**
 * Something happened to a ticket that the host helpdesk platform may want to know. Fired
 * synchronously inside the transaction that made the change, so that observers record it atomically
 * with it.
 *
 * @param type what happened
 * @param ticketId the ticket
 * @param messageId the conversation message concerned, for message events; else null
 * @param change for {@link Type#TICKET_UPDATED}, what changed (e.g. {@code status}); for {@link
 *     Type#CUSTOMER_ERASED}, what was erased; else null
 * @param at when it happened
 */
public record TicketActivity(
    Type type, TicketId ticketId, Long messageId, String change, Instant at) {

  /** The kinds of activity, by the wire name of the host event they become. */
  public enum Type {
    TICKET_CREATED("ticket.created"),
    TICKET_UPDATED("ticket.updated"),
    MESSAGE_RECEIVED("message.received"),
    MESSAGE_SENT("message.sent"),
    MESSAGE_FAILED("message.failed"),
    /**
     * The customer rated the resolved ticket (1-5), changed their rating, or commented on it; the
     * event carries the rating as it now stands.
     */
    TICKET_RATED("ticket.rated"),
    /**
     * What the ticket held about a customer was erased: their whole private ticket ({@code change}
     * {@code customer}), or their messages in a topic ({@code change} {@code messages}).
     */
    CUSTOMER_ERASED("customer.erased");

    private final String wireName;

    Type(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }
}
