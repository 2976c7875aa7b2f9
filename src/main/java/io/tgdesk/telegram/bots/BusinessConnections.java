package io.tgdesk.telegram.bots;

import io.tgdesk.telegram.botapi.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The Telegram Business connections of the bots: recorded from {@code business_connection} updates,
 * read by the intake (whether a chat may be answered), the replies (409 on a connection that may
 * not be answered) and admins. Writing methods join the caller's transaction.
 */
@ApplicationScoped
public class BusinessConnections {

  @PersistenceContext EntityManager em;
  @jakarta.inject.Inject Clock clock;

  /** Records what a business_connection update says, creating the connection when new. */
  @Transactional(Transactional.TxType.MANDATORY)
  public BusinessConnection record(
      BotId botId, io.tgdesk.telegram.botapi.BusinessConnection update) {
    BusinessConnection c =
        find(botId, update.id())
            .orElseGet(
                () -> {
                  BusinessConnection created = new BusinessConnection(botId.value(), update.id());
                  em.persist(created);
                  return created;
                });
    User user = update.user();
    c.describe(
        user == null || user.id() == null ? 0 : user.id(),
        user == null ? null : user.displayName(),
        user == null ? null : user.username(),
        update.userChatId() == null ? 0 : update.userChatId(),
        update.botMayReply(),
        update.enabled(),
        update.date() == null ? null : Instant.ofEpochSecond(update.date()),
        clock.instant());
    em.flush();
    return c;
  }

  /** The bot's connection with this Telegram id, if an update ever described it. */
  public Optional<BusinessConnection> find(BotId botId, String connectionId) {
    if (connectionId == null) {
      return Optional.empty();
    }
    return em.createQuery(
            "select c from BusinessConnection c where c.botId = :bot and c.connectionId = :id",
            BusinessConnection.class)
        .setParameter("bot", botId.value())
        .setParameter("id", connectionId)
        .getResultStream()
        .findFirst();
  }

  /**
   * Why the bot may not send into the chats of this connection (disabled, or not allowed to reply),
   * or empty when it may. A connection no update described yet (made before the bot was registered
   * with TgDesk) may be answered: Telegram refuses a send it does not allow, and the reply's
   * delivery state says so.
   */
  public Optional<String> whyNoReply(BotId botId, String connectionId) {
    return find(botId, connectionId).map(BusinessConnection::whyNoReply);
  }

  /** The bot's connections, most recently updated first. */
  public List<BusinessConnectionView> list(BotId botId) {
    return em
        .createQuery(
            "select c from BusinessConnection c where c.botId = :bot"
                + " order by c.updatedAt desc, c.id desc",
            BusinessConnection.class)
        .setParameter("bot", botId.value())
        .getResultList()
        .stream()
        .map(BusinessConnectionView::of)
        .toList();
  }

  void onBotDeleting(@Observes BotDeleting event) {
    em.createQuery("delete from BusinessConnection c where c.botId = :bot")
        .setParameter("bot", event.botId().value())
        .executeUpdate();
  }
}
