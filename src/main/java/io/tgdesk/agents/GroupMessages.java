package io.tgdesk.agents;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Optional;

/**
 * Both directions between what members wrote in an agents group and the ticket's conversation: a
 * group message and the reply or note it became. Reads only; thread-safe; no transaction needed.
 */
@ApplicationScoped
public class GroupMessages {

  @PersistenceContext EntityManager em;

  /** The group message {@code messageId} of group {@code chatId}, if TgDesk handled it. */
  public Optional<GroupMessage> find(long chatId, long messageId) {
    return em
        .createQuery(
            "select g from GroupMessage g where g.chatId = :c and g.messageId = :m",
            GroupMessage.class)
        .setParameter("c", chatId)
        .setParameter("m", messageId)
        .getResultList()
        .stream()
        .findFirst();
  }

  /** The group message a reply or note of the conversation came from, if it came from a group. */
  public Optional<GroupMessage> findByConversationMessage(long conversationMessageId) {
    return em
        .createQuery(
            "select g from GroupMessage g where g.conversationMessageId = :id", GroupMessage.class)
        .setParameter("id", conversationMessageId)
        .setMaxResults(1)
        .getResultList()
        .stream()
        .findFirst();
  }

  /** How many commands a member sent in the group since {@code since}. */
  public long commandsSince(long chatId, long telegramUserId, java.time.Instant since) {
    return em.createQuery(
            "select count(g) from GroupMessage g where g.chatId = :c and g.telegramUserId = :u"
                + " and g.handledAs = io.tgdesk.agents.GroupMessage.HandledAs.COMMAND"
                + " and g.handledAt >= :since",
            Long.class)
        .setParameter("c", chatId)
        .setParameter("u", telegramUserId)
        .setParameter("since", since)
        .getSingleResult();
  }
}
