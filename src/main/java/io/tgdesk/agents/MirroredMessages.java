package io.tgdesk.agents;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;

/**
 * Both directions of the mirror: a customer's message and its copy in the agents group. Reads only;
 * thread-safe; no transaction needed.
 */
@ApplicationScoped
public class MirroredMessages {

  @PersistenceContext EntityManager em;

  /**
   * The customer's original of the message {@code groupMessageId} in the agents group {@code
   * chatId} (what an agent replies to or quotes). A copy that carries several combined texts names
   * the last of them. Empty for messages that are no copies.
   */
  public Optional<MirroredMessage> findOriginal(long chatId, long groupMessageId) {
    List<MirroredMessage> found =
        em.createQuery(
                "select m from MirroredMessage m where m.chatId = :chat"
                    + " and m.groupMessageId = :g order by m.id desc",
                MirroredMessage.class)
            .setParameter("chat", chatId)
            .setParameter("g", groupMessageId)
            .setMaxResults(1)
            .getResultList();
    return found.stream().findFirst();
  }

  /** The copy of a customer's conversation message in its topic, if it was mirrored. */
  public Optional<MirroredMessage> findMirror(long conversationMessageId) {
    return em
        .createQuery(
            "select m from MirroredMessage m where m.messageId = :id order by m.id desc",
            MirroredMessage.class)
        .setParameter("id", conversationMessageId)
        .setMaxResults(1)
        .getResultList()
        .stream()
        .findFirst();
  }

  /** The copies of a ticket's messages, oldest first (for admins and tests). */
  public List<MirroredMessage> ofTicket(long ticketId) {
    return em.createQuery(
            "select m from MirroredMessage m where m.ticketId = :t order by m.id",
            MirroredMessage.class)
        .setParameter("t", ticketId)
        .getResultList();
  }
}
