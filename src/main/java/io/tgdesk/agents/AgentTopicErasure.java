package io.tgdesk.agents;

import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.telegram.outbound.BotMethod;
import io.tgdesk.telegram.outbound.OutboundCall;
import io.tgdesk.telegram.outbound.Outbox;
import io.tgdesk.tickets.TicketId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;

/**
 * What a customer's erasure does in the agents group: the copies of their messages and the topic
 * named after them are deleted at Telegram (deleteForumTopic, through the outbox), the outbox
 * entries into that topic (which hold the copies' texts and the topic's name) are erased, and the
 * topic and its copies are forgotten.
 */
@ApplicationScoped
public class AgentTopicErasure {

  /** The category of the deleteForumTopic call in the outbox and its audit. */
  static final String CATEGORY = "agents-topic-erased";

  @PersistenceContext EntityManager em;
  @Inject Outbox outbox;
  @Inject AgentTopics topics;

  /**
   * Erases the ticket's topic in its agents group, if it has one. Joins the caller's transaction;
   * asked again, it finds nothing left.
   *
   * @return the outbox entries erased
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public int eraseTopicOf(TicketId ticket, String reason) {
    var found = topics.lockedWhere("ticketId", ticket.value());
    if (found.isEmpty()) {
      return 0;
    }
    AgentTopic topic = found.get();
    BotId bot = BotId.of(topic.botId());
    List<MirroredMessage> copies =
        em.createQuery(
                "select m from MirroredMessage m where m.ticketId = :t", MirroredMessage.class)
            .setParameter("t", ticket.value())
            .getResultList();
    List<Long> entries = new ArrayList<>();
    if (topic.createEntryId() != null) {
      entries.add(topic.createEntryId());
    }
    copies.stream()
        .map(MirroredMessage::outboxEntryId)
        .filter(id -> id != null)
        .forEach(entries::add);
    int erased = outbox.eraseEntries(entries, reason);
    // Edits of the copies name their message, not the topic (Mirror's coalescing key).
    List<String> edits =
        copies.stream()
            .map(MirroredMessage::groupMessageId)
            .filter(id -> id != null)
            .map(id -> Mirror.editKey(topic.chatId(), id))
            .toList();
    if (!edits.isEmpty()) {
      erased += outbox.erase(bot, edits, null, reason);
    }
    if (topic.threadId() != null) {
      erased += outbox.eraseToTopic(bot, topic.chatId(), topic.threadId(), reason);
      // Queued for the group, not the topic: nothing of the topic is left to go before it.
      outbox.enqueue(
          new OutboundCall(
              bot,
              BotMethod.DELETE_FORUM_TOPIC,
              Json.createObjectBuilder().add("message_thread_id", topic.threadId()).build(),
              topic.chatId(),
              null,
              Mirror.LANE,
              CATEGORY,
              null,
              null,
              false));
    }
    copies.forEach(em::remove);
    em.remove(topic);
    em.flush();
    return erased;
  }
}
