package io.tgdesk.tickets;

import io.tgdesk.telegram.bots.BotDeleting;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/** Deletes a bot's tickets, conversations, customers and topic groups with the bot. */
@ApplicationScoped
public class TicketCleanup {

  @PersistenceContext EntityManager em;
  @jakarta.inject.Inject io.tgdesk.files.FileStore files;

  void onBotDeleting(@Observes BotDeleting event) {
    long bot = event.botId().value();
    em.createQuery(
            "delete from ReplyAttachment a where a.messageId in"
                + " (select m.id from ConversationMessage m where m.botId = :bot)")
        .setParameter("bot", bot)
        .executeUpdate();
    files.forgetBot(bot);
    em.createQuery("delete from ReplyDelivery d where d.botId = :bot")
        .setParameter("bot", bot)
        .executeUpdate();
    em.createQuery(
            "delete from MessageRevision r where r.messageId in"
                + " (select m.id from ConversationMessage m where m.botId = :bot)")
        .setParameter("bot", bot)
        .executeUpdate();
    em.createQuery("delete from ConversationMessage m where m.botId = :bot")
        .setParameter("bot", bot)
        .executeUpdate();
    em.createQuery("delete from Ticket t where t.botId = :bot")
        .setParameter("bot", bot)
        .executeUpdate();
    em.createQuery("delete from Customer c where c.botId = :bot")
        .setParameter("bot", bot)
        .executeUpdate();
    em.createQuery("delete from TopicGroup g where g.botId = :bot")
        .setParameter("bot", bot)
        .executeUpdate();
  }
}
