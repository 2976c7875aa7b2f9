package io.tgdesk.agents;

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
 * Which Telegram users are which TgDesk agents: a message an agent writes in a topic of an agents
 * group is the reply of the TgDesk user mapped to its sender. Thread-safe; reads need no
 * transaction.
 */
@ApplicationScoped
public class TelegramAgents {

  @PersistenceContext EntityManager em;
  @Inject Clock clock;

  /** Maps a Telegram user to a TgDesk user name; an existing mapping is changed. */
  @Transactional
  public TelegramAgentView map(long telegramUserId, String user) {
    TelegramAgent agent = em.find(TelegramAgent.class, telegramUserId);
    if (agent == null) {
      agent = new TelegramAgent(telegramUserId, user, clock.instant());
      em.persist(agent);
    } else {
      agent.rename(user);
    }
    return TelegramAgentView.of(agent);
  }

  /** The TgDesk user name of the agent with this Telegram user id, if mapped. */
  public Optional<String> agentFor(long telegramUserId) {
    return Optional.ofNullable(em.find(TelegramAgent.class, telegramUserId))
        .map(TelegramAgent::userName);
  }

  public List<TelegramAgentView> list() {
    return em
        .createQuery("select a from TelegramAgent a order by a.telegramUserId", TelegramAgent.class)
        .getResultList()
        .stream()
        .map(TelegramAgentView::of)
        .toList();
  }

  /**
   * @throws ProblemException 404 when the user is not mapped
   */
  @Transactional
  public void unmap(long telegramUserId) {
    TelegramAgent agent = em.find(TelegramAgent.class, telegramUserId);
    if (agent == null) {
      throw ProblemException.notFound("Telegram user " + telegramUserId + " is not an agent.");
    }
    em.remove(agent);
  }
}
