package io.tgdesk.agents;

import io.tgdesk.tickets.Caller;
import io.tgdesk.tickets.TicketId;
import io.tgdesk.tickets.TicketLifecycle;
import io.tgdesk.tickets.TicketStatus;
import io.tgdesk.tickets.canned.CannedResponses;
import io.tgdesk.tickets.queues.TicketAssignment;
import io.tgdesk.tickets.replies.Replies;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * What a message in a ticket's topic does to the ticket, through the same services as the REST API
 * (so host events, status notices and the conversation are the same). Each method is a transaction
 * of its own: a refusal of those services ({@link io.tgdesk.web.ProblemException}) rolls back only
 * the action, and the update's transaction goes on to answer the refusal in the topic and to record
 * the group message as handled.
 */
@ApplicationScoped
public class TopicActions {

  @Inject Replies replies;
  @Inject TicketLifecycle lifecycle;
  @Inject TicketAssignment assignment;
  @Inject CannedResponses canned;

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public long reply(TicketId ticket, Caller caller, Replies.GroupReply reply) {
    return replies.replyFromGroup(ticket, caller, reply);
  }

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public long note(TicketId ticket, Caller caller, String text) {
    return replies.note(ticket, caller, text);
  }

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void edit(TicketId ticket, long messageId, Caller caller, String text) {
    replies.edit(ticket, messageId, caller, text, null);
  }

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void delete(TicketId ticket, long messageId, Caller caller) {
    replies.delete(ticket, messageId, caller);
  }

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public TicketStatus changeStatus(TicketId ticket, TicketStatus status, Caller caller) {
    return lifecycle.changeStatus(ticket, status.wireName(), caller);
  }

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void assign(TicketId ticket, String user, Caller caller) {
    assignment.assign(ticket, user, caller);
  }

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public long sendCanned(TicketId ticket, long cannedId, Caller caller) {
    return canned.send(ticket, cannedId, caller);
  }
}
