package io.tgdesk.telegram.outbound.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Chat facts the engine must remember across restarts. */
@ApplicationScoped
public class DeliveryChats {

  @PersistenceContext EntityManager em;

  public Optional<DeliveryChat> find(long botId, long chatId) {
    return Optional.ofNullable(em.find(DeliveryChat.class, new DeliveryChat.Key(botId, chatId)));
  }

  /** Chats of the bot that are unreachable or paused beyond {@code now}. */
  @Transactional
  public List<DeliveryChat> restrictions(long botId, Instant now) {
    return em.createQuery(
            "select c from DeliveryChat c where c.botId = :bot and"
                + " (c.unreachableReason is not null or c.pausedUntil > :now)",
            DeliveryChat.class)
        .setParameter("bot", botId)
        .setParameter("now", now)
        .getResultList();
  }

  @Transactional(Transactional.TxType.MANDATORY)
  public void markUnreachable(long botId, long chatId, String reason, Instant now) {
    row(botId, chatId).markUnreachable(reason, now);
  }

  /** The chat may be reachable again (an admin retries): forget the 403. */
  @Transactional
  public void clearUnreachable(long botId, long chatId) {
    find(botId, chatId).ifPresent(c -> em.merge(c).markUnreachable(null, null));
  }

  @Transactional
  public void pause(long botId, long chatId, Instant until) {
    row(botId, chatId).pauseUntil(until);
  }

  @Transactional(Transactional.TxType.MANDATORY)
  public void migrated(long botId, long chatId, long newChatId) {
    row(botId, chatId).migrateTo(newChatId);
  }

  private DeliveryChat row(long botId, long chatId) {
    DeliveryChat c = em.find(DeliveryChat.class, new DeliveryChat.Key(botId, chatId));
    if (c == null) {
      c = new DeliveryChat(botId, chatId);
      em.persist(c);
    }
    return c;
  }

  /**
   * The thread a call to {@code threadId} goes to now, following topics the engine recreated (a
   * chain of at most ten moves); empty when the topic was never moved.
   */
  @Transactional // read on a delivery thread
  public Optional<Long> currentThread(long botId, long chatId, long threadId) {
    Long current = null;
    long at = threadId;
    for (int hop = 0; hop < 10; hop++) {
      DeliveryTopic moved = em.find(DeliveryTopic.class, new DeliveryTopic.Key(botId, chatId, at));
      if (moved == null) {
        break;
      }
      current = moved.movedTo();
      at = current;
    }
    return Optional.ofNullable(current);
  }

  /** Remembers that calls to {@code oldThreadId} go to {@code newThreadId} from now on. */
  @Transactional(Transactional.TxType.MANDATORY)
  public void topicMoved(long botId, long chatId, long oldThreadId, long newThreadId, Instant now) {
    DeliveryTopic t =
        em.find(DeliveryTopic.class, new DeliveryTopic.Key(botId, chatId, oldThreadId));
    if (t == null) {
      em.persist(new DeliveryTopic(botId, chatId, oldThreadId, newThreadId, now));
    } else {
      t.moveTo(newThreadId, now);
    }
  }
}
