package io.tgdesk.tickets;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;

/**
 * What tickets announce, in the transaction of each change, as {@link TicketActivity} events (the
 * hostevents package turns them into host-platform events in that same transaction).
 */
@ApplicationScoped
public class TicketEvents {

  @Inject Event<TicketActivity> activity;
  @Inject Event<CustomerMessageEdited> edits;
  @Inject Clock clock;

  void created(Ticket t) {
    fire(TicketActivity.Type.TICKET_CREATED, t.id(), null, null);
  }

  /** {@code change} names what changed: status, assignee, queue. */
  public void updated(Ticket t, String change) {
    fire(TicketActivity.Type.TICKET_UPDATED, t.id(), null, change);
  }

  /** The customer rated the ticket, changed the rating, or commented on it. */
  public void rated(Ticket t) {
    fire(TicketActivity.Type.TICKET_RATED, t.id(), null, null);
  }

  /** A customer's message (or press of a button) joined the ticket. */
  public void received(Ticket t, ConversationMessage m) {
    fire(TicketActivity.Type.MESSAGE_RECEIVED, t.id(), m.id(), null);
  }

  /** A customer edited a message of the ticket (its new text is on the message). */
  public void customerEdited(ConversationMessage m) {
    edits.fire(new CustomerMessageEdited(m.ticketId(), m.id(), clock.instant()));
  }

  /** An agent's reply reached Telegram, or could not (failed, uncertain, dead, cancelled). */
  public void replyDelivered(ConversationMessage m, boolean sent) {
    fire(
        sent ? TicketActivity.Type.MESSAGE_SENT : TicketActivity.Type.MESSAGE_FAILED,
        new TicketId(m.ticketId()),
        m.id(),
        null);
  }

  /**
   * A customer's data in this ticket was erased: {@code whole} for their private ticket, else their
   * messages in a topic.
   */
  public void customerErased(TicketId ticket, boolean whole) {
    fire(TicketActivity.Type.CUSTOMER_ERASED, ticket, null, whole ? "customer" : "messages");
  }

  private void fire(TicketActivity.Type type, TicketId ticket, Long messageId, String change) {
    activity.fire(new TicketActivity(type, ticket, messageId, change, clock.instant()));
  }
}
