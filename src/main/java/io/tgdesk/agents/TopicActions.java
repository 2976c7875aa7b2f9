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
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

/**
 * What a message in a ticket's topic does to the ticket, through the same services as the REST API
 * (so host events, status notices and the conversation are the same). Each method is a transaction
 * of its own: a refusal of those services ({@link io.tgdesk.web.ProblemException}) rolls back only
 * the action, and the update's transaction goes on to answer the refusal in the topic and to record
 * the group message as handled. An action that is done records its group message as handled in its
 * own transaction (the unique key on the group message), together with TgDesk's answer in the topic
 * when it has one: if the update's transaction fails after it, the update is processed again and
 * finds the message handled, so a reply is never sent twice and the answer is neither lost nor sent
 * twice; and another bot's update of the same message meets the key and does nothing.
 */
@ApplicationScoped
public class TopicActions {

  @Inject Replies replies;
  @Inject TicketLifecycle lifecycle;
  @Inject TicketAssignment assignment;
  @Inject CannedResponses canned;
  @Inject TopicAnswers answers;
  @PersistenceContext EntityManager em;

  /**
   * Records the group message as handled, and queues the answer in the topic, if any, in the
   * action's transaction.
   */
  private void claim(
      GroupMessage message,
      GroupMessage.HandledAs as,
      TicketId ticket,
      Long id,
      TopicAnswers.Answer answer) {
    message.handled(as, ticket.value(), id);
    em.persist(message);
    em.flush(); // the unique (chat_id, message_id): a second handling fails here, action and all
    if (answer != null) {
      answers.answer(answer);
    }
  }

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public long reply(
      TicketId ticket, Caller caller, Replies.GroupReply reply, GroupMessage message) {
    long id = replies.replyFromGroup(ticket, caller, reply);
    claim(message, GroupMessage.HandledAs.REPLY, ticket, id, null);
    return id;
  }

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public long note(TicketId ticket, Caller caller, String text, GroupMessage message) {
    long id = replies.note(ticket, caller, text);
    claim(message, GroupMessage.HandledAs.NOTE, ticket, id, null);
    return id;
  }

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void edit(TicketId ticket, long messageId, Caller caller, String text) {
    replies.edit(ticket, messageId, caller, text, null);
  }

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void delete(
      TicketId ticket,
      long messageId,
      Caller caller,
      GroupMessage message,
      TopicAnswers.Answer answer) {
    replies.delete(ticket, messageId, caller);
    claim(message, GroupMessage.HandledAs.COMMAND, ticket, null, answer);
  }

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public TicketStatus changeStatus(
      TicketId ticket,
      TicketStatus status,
      Caller caller,
      GroupMessage message,
      TopicAnswers.Answer answer) {
    TicketStatus changed = lifecycle.changeStatus(ticket, status.wireName(), caller);
    claim(message, GroupMessage.HandledAs.COMMAND, ticket, null, answer);
    return changed;
  }

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public void assign(
      TicketId ticket,
      String user,
      Caller caller,
      GroupMessage message,
      TopicAnswers.Answer answer) {
    assignment.assign(ticket, user, caller);
    claim(message, GroupMessage.HandledAs.COMMAND, ticket, null, answer);
  }

  @Transactional(Transactional.TxType.REQUIRES_NEW)
  public long sendCanned(
      TicketId ticket,
      long cannedId,
      Caller caller,
      GroupMessage message,
      TopicAnswers.Answer answer) {
    long sent = canned.send(ticket, cannedId, caller);
    claim(message, GroupMessage.HandledAs.COMMAND, ticket, sent, answer);
    return sent;
  }
}
