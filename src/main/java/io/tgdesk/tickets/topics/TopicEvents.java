package io.tgdesk.tickets.topics;

import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.tickets.ChatId;
import io.tgdesk.tickets.Customer;
import io.tgdesk.tickets.InboundMessage;
import io.tgdesk.tickets.Ticket;
import io.tgdesk.tickets.TicketEvents;
import io.tgdesk.tickets.TicketIntake;
import io.tgdesk.tickets.TicketStatus;
import io.tgdesk.tickets.TopicGroup;
import io.tgdesk.tickets.replies.StatusNotices;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * What happens to forum topics, from Telegram (created, renamed, closed, reopened; a group that
 * became a supergroup) or from the delivery engine (a deleted topic recreated), and what their
 * tickets do about it. Every method joins the caller's transaction and is idempotent.
 */
@ApplicationScoped
@Transactional
public class TopicEvents {

  @PersistenceContext EntityManager em;
  @Inject Clock clock;
  @Inject TicketIntake intake;
  @Inject TicketEvents events;

  /** forum_topic_created: the topic's ticket, named after the topic. */
  public Ticket topicCreated(
      TopicGroup group,
      long threadId,
      String name,
      InboundMessage.Sender creator,
      long messageId,
      Instant date) {
    Instant now = clock.instant();
    Customer customer =
        creator == null ? null : intake.upsertCustomer(BotId.of(group.botId()), creator, now);
    Ticket ticket = intake.topicTicket(group, threadId).orElse(null);
    if (ticket == null) {
      ticket =
          intake.open(Ticket.forTopic(group.botId(), group, threadId, customer, name, now), name);
    } else if (name != null) {
      ticket.rename(name, now);
    }
    intake.addSystemMessage(ticket, group.chatId(), messageId, "Topic created: " + name, date, now);
    return ticket;
  }

  /** forum_topic_edited: renames the ticket when the topic got a new name. */
  public Optional<Ticket> topicEdited(
      TopicGroup group, long threadId, String newName, long messageId, Instant date) {
    Instant now = clock.instant();
    Optional<Ticket> ticket = intake.topicTicket(group, threadId);
    ticket.ifPresent(
        t -> {
          if (newName != null) {
            // TgDesk's own renames come back here with the status prefix it added.
            t.rename(StatusNotices.withoutStatusPrefix(newName), now);
            intake.addSystemMessage(
                t, group.chatId(), messageId, "Topic renamed: " + newName, date, now);
          }
        });
    return ticket;
  }

  /** forum_topic_closed / forum_topic_reopened: closes or reopens the topic's ticket. */
  public Optional<Ticket> topicClosedOrReopened(
      TopicGroup group, long threadId, boolean closed, long messageId, Instant date) {
    Instant now = clock.instant();
    Optional<Ticket> ticket = intake.topicTicket(group, threadId);
    ticket.ifPresent(
        t -> {
          t.changeStatus(closed ? TicketStatus.CLOSED : TicketStatus.OPEN, now);
          events.updated(t, "status");
          intake.addSystemMessage(
              t, group.chatId(), messageId, closed ? "Topic closed" : "Topic reopened", date, now);
        });
    return ticket;
  }

  /** A group became a supergroup: its topic group and tickets follow the new chat id. */
  public int migrateChat(BotId botId, ChatId from, ChatId to) {
    Instant now = clock.instant();
    int changed = 0;
    for (TopicGroup g :
        em.createQuery(
                "select g from TopicGroup g where g.botId = :bot and g.chatId = :chat",
                TopicGroup.class)
            .setParameter("bot", botId.value())
            .setParameter("chat", from.value())
            .getResultList()) {
      g.migrateTo(to.value());
      changed++;
    }
    for (Ticket t :
        em.createQuery(
                "select t from Ticket t where t.botId = :bot and t.chatId = :chat", Ticket.class)
            .setParameter("bot", botId.value())
            .setParameter("chat", from.value())
            .getResultList()) {
      t.migrateChat(to.value(), now);
      changed++;
    }
    return changed;
  }

  /**
   * The engine created a new topic in place of a deleted one: the topic's ticket becomes the new
   * topic (messages in it land on the same ticket), with a system message at the new topic's
   * creation message. Nothing happens when no ticket had the old topic, or one already has the new.
   */
  public Optional<Ticket> topicRecreated(
      BotId botId, ChatId chatId, long oldThreadId, long newThreadId) {
    Instant now = clock.instant();
    Optional<TopicGroup> group = intake.findTopicGroup(botId, chatId);
    if (group.isEmpty() || intake.topicTicket(group.get(), newThreadId).isPresent()) {
      return Optional.empty();
    }
    Optional<Ticket> ticket = intake.topicTicket(group.get(), oldThreadId);
    ticket.ifPresent(
        t -> {
          t.moveToThread(newThreadId, now);
          em.flush();
          intake.addSystemMessage(
              t,
              chatId.value(),
              newThreadId,
              "Topic recreated (the previous topic " + oldThreadId + " was deleted)",
              now,
              now);
        });
    return ticket;
  }
}
