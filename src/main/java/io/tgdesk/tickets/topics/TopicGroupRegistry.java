package io.tgdesk.tickets.topics;

import io.tgdesk.schema.RetriedOnConflict;
import io.tgdesk.telegram.botapi.Chat;
import io.tgdesk.telegram.bots.Bot;
import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.telegram.bots.BotRegistry;
import io.tgdesk.telegram.bots.ForumChats;
import io.tgdesk.tickets.TopicGroup;
import io.tgdesk.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Registers forum supergroups as topic groups. Registration asks Telegram (getChat) that the chat
 * exists, that the bot is in it, and that it is a forum.
 */
@ApplicationScoped
public class TopicGroupRegistry {

  @PersistenceContext EntityManager em;
  @Inject BotRegistry bots;
  @Inject ForumChats forums;
  @Inject Clock clock;
  @Inject TopicGroupRegistry self;

  public TopicGroupView register(BotId botId, long chatId) {
    Bot bot = bots.get(botId);
    Chat chat = forums.requireForum(bot, chatId, "a topic group");
    return self.insert(botId, chatId, chat.title());
  }

  /**
   * Stores the registration. Run again when it met a concurrent change (on Derby, a lock held by an
   * update of the same group being applied), instead of answering 409 for the admin to resend.
   */
  @Transactional
  @RetriedOnConflict
  public TopicGroupView insert(BotId botId, long chatId, String title) {
    boolean exists =
        em.createQuery(
                    "select count(g) from TopicGroup g where g.botId = :bot and g.chatId = :chat",
                    Long.class)
                .setParameter("bot", botId.value())
                .setParameter("chat", chatId)
                .getSingleResult()
            > 0;
    if (exists) {
      throw ProblemException.conflict(
          "Chat " + chatId + " is already registered as a topic group of bot " + botId + ".");
    }
    TopicGroup group = new TopicGroup(botId.value(), chatId, title, clock.instant());
    em.persist(group);
    em.flush();
    return TopicGroupView.of(group);
  }

  /** The topic group with this id, if registered. */
  public Optional<TopicGroupView> find(long id) {
    return Optional.ofNullable(em.find(TopicGroup.class, id)).map(TopicGroupView::of);
  }

  public List<TopicGroupView> list(BotId botIdOrNull) {
    String jpql =
        "select g from TopicGroup g"
            + (botIdOrNull == null ? "" : " where g.botId = :bot")
            + " order by g.id";
    var query = em.createQuery(jpql, TopicGroup.class);
    if (botIdOrNull != null) {
      query.setParameter("bot", botIdOrNull.value());
    }
    return query.getResultList().stream().map(TopicGroupView::of).toList();
  }

  @Transactional
  public void delete(long id) {
    TopicGroup group = em.find(TopicGroup.class, id);
    if (group == null) {
      throw ProblemException.notFound("No topic group with id " + id + ".");
    }
    long tickets =
        em.createQuery("select count(t) from Ticket t where t.topicGroupId = :g", Long.class)
            .setParameter("g", id)
            .getSingleResult();
    if (tickets > 0) {
      throw ProblemException.conflict(
          "Topic group " + id + " has " + tickets + " tickets; they keep it registered.");
    }
    em.remove(group);
  }
}
