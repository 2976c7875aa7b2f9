package io.tgdesk.tickets;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Which bots are in which chats, as the tickets know it: a bot has a ticket in the chat, the chat
 * is the private chat of a customer who talked to the bot, or the chat is a topic group of the bot.
 * Reads only, without a transaction of their own.
 */
@ApplicationScoped
public class ChatContacts {

  /** Chat ids per query: keeps the IN lists short on every database. */
  static final int CHUNK = 500;

  @PersistenceContext EntityManager em;

  /**
   * A bot known to be in a chat.
   *
   * @param seenAt the last activity that shows it (ticket update, customer update, registration)
   * @param via ticket, customer or topic-group
   */
  public record ChatContact(long chatId, long botId, Instant seenAt, String via) {}

  /** The contacts of the given bots with the given chats, in no particular order. */
  public List<ChatContact> of(Collection<Long> chatIds, Collection<Long> botIds) {
    List<ChatContact> found = new ArrayList<>();
    if (chatIds.isEmpty() || botIds.isEmpty()) {
      return found;
    }
    List<Long> chats = List.copyOf(chatIds);
    // One bot at a time: every index here starts with (bot_id, chat_id), so each query probes it.
    for (Long bot : botIds) {
      for (int from = 0; from < chats.size(); from += CHUNK) {
        List<Long> chunk = chats.subList(from, Math.min(chats.size(), from + CHUNK));
        add(
            found,
            "ticket",
            "select t.chatId, t.botId, max(t.updatedAt) from Ticket t"
                + " where t.botId = :bot and t.chatId in :chats group by t.chatId, t.botId",
            chunk,
            bot);
        // A private chat's id is the user's id; group ids are negative.
        List<Long> users = chunk.stream().filter(c -> c > 0).toList();
        if (!users.isEmpty()) {
          add(
              found,
              "customer",
              "select c.telegramUserId, c.botId, c.updatedAt from Customer c"
                  + " where c.botId = :bot and c.telegramUserId in :chats",
              users,
              bot);
        }
        add(
            found,
            "topic-group",
            "select g.chatId, g.botId, g.createdAt from TopicGroup g"
                + " where g.botId = :bot and g.chatId in :chats",
            chunk,
            bot);
      }
    }
    return found;
  }

  private void add(
      List<ChatContact> found, String via, String jpql, Collection<Long> chats, long bot) {
    List<Object[]> rows =
        em.createQuery(jpql, Object[].class)
            .setParameter("bot", bot)
            .setParameter("chats", chats)
            .getResultList();
    for (Object[] r : rows) {
      found.add(
          new ChatContact(
              ((Number) r[0]).longValue(), ((Number) r[1]).longValue(), instant(r[2]), via));
    }
  }

  /** An aggregate over a time column may come back as a JDBC timestamp. */
  private static Instant instant(Object value) {
    if (value instanceof java.sql.Timestamp t) {
      return t.toInstant();
    }
    return (Instant) value;
  }
}
