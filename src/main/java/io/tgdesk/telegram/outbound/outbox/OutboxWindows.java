package io.tgdesk.telegram.outbound.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a bot's delivery loop plans with: the oldest pending entries of each lane, and the chains
 * (chats with many pending entries) a full lane hides behind them. Reads only.
 */
@ApplicationScoped
public class OutboxWindows {

  @PersistenceContext EntityManager em;

  /** A chat (and thread) with several pending entries in one lane. */
  public record Chain(Lane lane, long chatId, long threadKey, int pending) {}

  /**
   * The dispatcher's window and the longest chains of the lanes it could not hold whole.
   *
   * @param cuts for each lane not read whole, the id of the newest of its oldest entries read:
   *     every entry of the lane left out is newer (chain entries aside, which are the oldest of
   *     their chat)
   */
  public record Window(List<OutboxEntry> entries, List<Chain> chains, Map<Lane, Long> cuts) {}

  /**
   * The dispatcher's window with the critical paths behind it: per lane the oldest {@code perLane}
   * pending entries, and where the lane has more, its {@code chains} longest chains (chats with the
   * most pending entries) with their first {@code perChain} entries, so that a long chain enqueued
   * late is started early ({@code DeliveryPlanner}). One short transaction.
   *
   * @param counted null to count the chains of each lane; else the chains counted at an earlier
   *     read, whose first entries are read again without counting: the count groups every pending
   *     entry of the lane, which at the paid rates was most of the database's work
   */
  @Transactional
  public Window read(long botId, int perLane, int chains, int perChain, List<Chain> counted) {
    List<OutboxEntry> all = new ArrayList<>();
    List<Chain> longest = new ArrayList<>();
    Map<Lane, Long> cuts = new EnumMap<>(Lane.class);
    for (Lane lane : Lane.values()) {
      List<OutboxEntry> oldest = oldest(botId, lane, perLane);
      all.addAll(oldest);
      if (oldest.size() < perLane) {
        continue; // the whole lane is in the window
      }
      cuts.put(lane, oldest.get(oldest.size() - 1).id());
      List<Chain> laneChains =
          counted != null
              ? counted.stream().filter(c -> c.lane() == lane).limit(chains).toList()
              : count(botId, lane, chains);
      if (laneChains.isEmpty()) {
        continue;
      }
      longest.addAll(laneChains);
      Set<Long> seen = new HashSet<>();
      oldest.forEach(e -> seen.add(e.id()));
      Set<List<Long>> keys = new HashSet<>();
      laneChains.forEach(c -> keys.add(List.of(c.chatId(), c.threadKey())));
      Map<List<Long>, Integer> taken = new HashMap<>();
      for (OutboxEntry e :
          em.createQuery(
                  "select e from OutboxEntry e where e.botId = :bot"
                      + " and e.state = io.tgdesk.telegram.outbound.outbox.OutboxState.PENDING"
                      + " and e.lane = :lane and e.chatId in :chats order by e.id",
                  OutboxEntry.class)
              .setParameter("bot", botId)
              .setParameter("lane", lane.ordinal())
              .setParameter("chats", laneChains.stream().map(Chain::chatId).distinct().toList())
              .setMaxResults(chains * perChain * 4)
              .getResultList()) {
        List<Long> key = List.of(e.chatId(), e.threadKey());
        if (keys.contains(key)
            && taken.merge(key, 1, Integer::sum) <= perChain
            && seen.add(e.id())) {
          all.add(e);
        }
      }
    }
    return new Window(all, longest, cuts);
  }

  /** A lane's longest chains, longest first. */
  private List<Chain> count(long botId, Lane lane, int chains) {
    return em
        .createQuery(
            "select e.chatId, e.threadKey, count(e) from OutboxEntry e where e.botId = :bot"
                + " and e.state = io.tgdesk.telegram.outbound.outbox.OutboxState.PENDING"
                + " and e.lane = :lane group by e.chatId, e.threadKey having count(e) > 1"
                + " order by count(e) desc",
            Object[].class)
        .setParameter("bot", botId)
        .setParameter("lane", lane.ordinal())
        .setMaxResults(chains)
        .getResultList()
        .stream()
        .map(r -> new Chain(lane, (Long) r[0], (Long) r[1], ((Number) r[2]).intValue()))
        .toList();
  }

  /** The bot's oldest pending entries of one lane. */
  public List<OutboxEntry> oldest(long botId, Lane lane, int limit) {
    return em.createQuery(
            "select e from OutboxEntry e where e.botId = :bot"
                + " and e.state = io.tgdesk.telegram.outbound.outbox.OutboxState.PENDING and e.lane = :lane order by e.id",
            OutboxEntry.class)
        .setParameter("bot", botId)
        .setParameter("lane", lane.ordinal())
        .setMaxResults(limit)
        .getResultList();
  }
}
