package io.tgdesk.routing;

import io.tgdesk.telegram.bots.BotDeleting;
import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.telegram.bots.BotStore;
import io.tgdesk.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Creates, changes and deletes bot pools. A pool always names at least one registered bot when it
 * is saved; deleting a bot takes it out of its pools (a pool may then be empty: sends to it are
 * refused until it gets a bot again) and deletes the rules that target it.
 */
@ApplicationScoped
public class BotPools {

  @PersistenceContext EntityManager em;
  @Inject BotStore bots;
  @Inject Clock clock;

  @Transactional
  public BotPoolView create(BotPoolRequest request) {
    if (request == null) {
      throw ProblemException.badRequest("A JSON body with name and botIds is required.");
    }
    checkBotsExist(request);
    String name = request.name().trim();
    if (findByName(name).isPresent()) {
      throw ProblemException.conflict("A pool named '" + name + "' already exists.");
    }
    BotPool pool = new BotPool(name, members(request.botIds()), clock.instant());
    em.persist(pool);
    em.flush();
    return BotPoolView.of(pool);
  }

  public List<BotPoolView> list() {
    return em
        .createQuery("select p from BotPool p order by p.id", BotPool.class)
        .getResultList()
        .stream()
        .map(BotPoolView::of)
        .toList();
  }

  public BotPoolView view(PoolId id) {
    return BotPoolView.of(get(id));
  }

  /**
   * @throws ProblemException 404 if there is no such pool
   */
  public BotPool get(PoolId id) {
    return Optional.ofNullable(em.find(BotPool.class, id.value()))
        .orElseThrow(() -> ProblemException.notFound("No bot pool with id " + id + "."));
  }

  @Transactional
  public BotPoolView change(PoolId id, BotPoolRequest request) {
    if (request == null) {
      throw ProblemException.badRequest("A JSON body with the fields to change is required.");
    }
    BotPool pool = get(id);
    checkBotsExist(request);
    if (request.name() != null) {
      String name = request.name().trim();
      Optional<BotPool> other = findByName(name);
      if (other.isPresent() && !other.get().id().equals(id)) {
        throw ProblemException.conflict("A pool named '" + name + "' already exists.");
      }
      pool.rename(name, clock.instant());
    }
    if (request.botIds() != null) {
      pool.changeBots(members(request.botIds()), clock.instant());
    }
    em.flush();
    return BotPoolView.of(pool);
  }

  @Transactional
  public void delete(PoolId id) {
    BotPool pool = get(id);
    long rules =
        em.createQuery("select count(r) from RoutingRule r where r.poolId = :pool", Long.class)
            .setParameter("pool", id.value())
            .getSingleResult();
    if (rules > 0) {
      throw ProblemException.conflict(
          "Pool " + id + " is the target of " + rules + " routing rule(s); change them first.");
    }
    em.remove(pool);
  }

  /** Runs in the transaction that deletes the bot, before the bot row goes. */
  void onBotDeleting(@Observes BotDeleting event) {
    long bot = event.botId().value();
    em.createQuery("delete from RoutingRule r where r.botId = :bot")
        .setParameter("bot", bot)
        .executeUpdate();
    em.createNativeQuery("delete from bot_pool_member where bot_id = ?")
        .setParameter(1, bot)
        .executeUpdate();
  }

  private Optional<BotPool> findByName(String name) {
    return em.createQuery("select p from BotPool p where p.name = :name", BotPool.class)
        .setParameter("name", name)
        .getResultStream()
        .findFirst();
  }

  /**
   * Bots that do not exist answer 422 (the request's constraints have answered its form with 400).
   */
  private void checkBotsExist(BotPoolRequest request) {
    if (request.botIds() != null) {
      List<Long> unknown =
          request.botIds().stream().filter(b -> bots.find(BotId.of(b)).isEmpty()).toList();
      if (!unknown.isEmpty()) {
        throw ProblemException.unprocessable(
            "No bot with id "
                + unknown.stream()
                    .map(String::valueOf)
                    .collect(java.util.stream.Collectors.joining(", "))
                + "; a pool can only hold registered bots.");
      }
    }
  }

  private static Set<BotId> members(List<Long> ids) {
    Set<BotId> members = new LinkedHashSet<>();
    ids.forEach(i -> members.add(BotId.of(i)));
    return members;
  }
}
