package io.tgdesk.agents;

import io.tgdesk.telegram.outbound.outbox.OutboxEntry;
import io.tgdesk.telegram.outbound.outbox.OutboxState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How much of its budget each agents group uses and what waits: per bot that serves it, the calls
 * it made into the group in the last minute (Telegram allows about 20), its backlog and the age of
 * the oldest waiting call; per group, copies waiting for their topic and texts combined. Read-only,
 * no transaction; figures as the database holds them at the time of asking.
 */
@ApplicationScoped
public class AgentsGroupLoad {

  /** Telegram's limit of messages a minute a bot may send into one group. */
  public static final int GROUP_PER_MINUTE = 20;

  @PersistenceContext EntityManager em;
  @Inject AgentsGroups groups;
  @Inject Clock clock;

  /**
   * One bot's use of one group.
   *
   * @param sentLastMinute calls answered in the last 60 s
   * @param backlog calls queued or in flight
   * @param oldestWaitingSeconds how long the oldest of them has waited; 0 if none
   * @param minutesToClear the backlog at the group's 20 a minute
   */
  public record BotLoad(
      long botId,
      long sentLastMinute,
      long backlog,
      long oldestWaitingSeconds,
      double minutesToClear) {}

  /**
   * One group's load.
   *
   * @param waitingForTopic customers' messages waiting for their topic to be created
   * @param combinedTexts customers' texts that went combined with others (since ever)
   * @param overLimit whether some bot has more than a minute of budget queued
   */
  public record GroupLoad(
      long chatId,
      String title,
      boolean coalesceTexts,
      List<BotLoad> bots,
      long waitingForTopic,
      long combinedTexts,
      boolean overLimit) {}

  public List<GroupLoad> all() {
    List<GroupLoad> loads = new ArrayList<>();
    for (AgentsGroupView g : groups.list()) {
      loads.add(of(g));
    }
    return loads;
  }

  public java.util.Optional<GroupLoad> find(long chatId) {
    return groups.find(chatId).map(this::of);
  }

  private GroupLoad of(AgentsGroupView g) {
    Instant now = clock.instant();
    List<BotLoad> bots = new ArrayList<>();
    boolean over = false;
    for (long bot : g.botIds()) {
      long sent =
          em.createQuery(
                  "select count(e) from OutboxEntry e where e.botId = :b and e.chatId = :c"
                      + " and e.state = :s and e.sentAt >= :since",
                  Long.class)
              .setParameter("b", bot)
              .setParameter("c", g.chatId())
              .setParameter("s", OutboxState.SENT)
              .setParameter("since", now.minus(Duration.ofMinutes(1)))
              .getSingleResult();
      List<OutboxEntry> oldest =
          em.createQuery(
                  "select e from OutboxEntry e where e.botId = :b and e.chatId = :c"
                      + " and e.state in :states order by e.id",
                  OutboxEntry.class)
              .setParameter("b", bot)
              .setParameter("c", g.chatId())
              .setParameter("states", List.of(OutboxState.PENDING, OutboxState.IN_FLIGHT))
              .setMaxResults(1)
              .getResultList();
      long backlog =
          em.createQuery(
                  "select count(e) from OutboxEntry e where e.botId = :b and e.chatId = :c"
                      + " and e.state in :states",
                  Long.class)
              .setParameter("b", bot)
              .setParameter("c", g.chatId())
              .setParameter("states", List.of(OutboxState.PENDING, OutboxState.IN_FLIGHT))
              .getSingleResult();
      long waited =
          oldest.isEmpty()
              ? 0
              : Math.max(0, Duration.between(oldest.get(0).createdAt(), now).toSeconds());
      over |= backlog > GROUP_PER_MINUTE || waited > 60;
      bots.add(new BotLoad(bot, sent, backlog, waited, backlog / (double) GROUP_PER_MINUTE));
    }
    long waiting =
        em.createQuery(
                "select count(m) from MirroredMessage m where m.chatId = :c and m.state = :s",
                Long.class)
            .setParameter("c", g.chatId())
            .setParameter("s", MirroredMessage.State.WAITING)
            .getSingleResult();
    long combined =
        em.createQuery(
                "select count(m) from MirroredMessage m where m.chatId = :c and m.combined > 1",
                Long.class)
            .setParameter("c", g.chatId())
            .getSingleResult();
    return new GroupLoad(g.chatId(), g.title(), g.coalesceTexts(), bots, waiting, combined, over);
  }
}
