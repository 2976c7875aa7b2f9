package io.tgdesk.routing;

import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.telegram.bots.BotStore;
import io.tgdesk.tickets.queues.QueueName;
import io.tgdesk.tickets.queues.QueueNameChanged;
import io.tgdesk.tickets.topics.TopicGroupRegistry;
import io.tgdesk.web.Problem.FieldError;
import io.tgdesk.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Creates, changes and deletes routing rules. A rule names what it matches (a queue by name, or a
 * topic group) and its target (a bot or a pool); one rule per match.
 */
@ApplicationScoped
public class RoutingRules {

  @PersistenceContext EntityManager em;
  @Inject BotStore bots;
  @Inject BotPools pools;
  @Inject TopicGroupRegistry topicGroups;
  @Inject Clock clock;

  @Transactional
  public RoutingRuleView create(RoutingRuleRequest request) {
    if (request == null) {
      throw ProblemException.badRequest(
          "A JSON body with queue or topicGroupId, and botId or poolId, is required.");
    }
    List<FieldError> errors = new ArrayList<>();
    if ((request.queue() == null) == (request.topicGroupId() == null)) {
      errors.add(new FieldError("queue", "give exactly one of queue and topicGroupId"));
    } else if (request.queue() != null && !QueueName.isValid(request.queue())) {
      errors.add(QueueName.invalid("queue"));
    }
    validateTarget(request, errors);
    if (request.topicGroupId() != null && topicGroups.find(request.topicGroupId()).isEmpty()) {
      throw ProblemException.unprocessable(
          "No topic group with id " + request.topicGroupId() + ".");
    }
    String key = RoutingRule.matchKey(request.queue(), request.topicGroupId());
    if (findByKey(key).isPresent()) {
      throw ProblemException.conflict(
          (request.queue() != null
                  ? "Queue '" + request.queue() + "'"
                  : "Topic group " + request.topicGroupId())
              + " already has a routing rule; change that one.");
    }
    RoutingRule rule =
        new RoutingRule(
            request.queue() == null ? null : new QueueName(request.queue()),
            request.topicGroupId(),
            clock.instant());
    rule.target(botOf(request), poolOf(request), clock.instant());
    em.persist(rule);
    em.flush();
    return RoutingRuleView.of(rule);
  }

  public List<RoutingRuleView> list() {
    return em
        .createQuery("select r from RoutingRule r order by r.id", RoutingRule.class)
        .getResultList()
        .stream()
        .map(RoutingRuleView::of)
        .toList();
  }

  public RoutingRuleView view(long id) {
    return RoutingRuleView.of(get(id));
  }

  /** Changes the target only; what a rule matches is fixed. */
  @Transactional
  public RoutingRuleView change(long id, RoutingRuleRequest request) {
    if (request == null) {
      throw ProblemException.badRequest("A JSON body with botId or poolId is required.");
    }
    RoutingRule rule = get(id);
    List<FieldError> errors = new ArrayList<>();
    if (request.queue() != null || request.topicGroupId() != null) {
      errors.add(
          new FieldError(
              "queue", "what a rule matches cannot change; delete it and create another"));
    }
    validateTarget(request, errors);
    rule.target(botOf(request), poolOf(request), clock.instant());
    em.flush();
    return RoutingRuleView.of(rule);
  }

  @Transactional
  public void delete(long id) {
    em.remove(get(id));
  }

  /**
   * A renamed queue keeps its rule: the rule follows in the transaction of the rename. 409 when the
   * new name has a rule of its own (made before a queue had that name): an admin deletes one first.
   * A deleted queue's rule stays, as a rule made before its queue does.
   */
  void onQueueNameChanged(@Observes QueueNameChanged change) {
    if (change.to() == null) {
      return;
    }
    Optional<RoutingRule> rule = findForQueue(change.from());
    if (rule.isEmpty()) {
      return;
    }
    if (findForQueue(change.to()).isPresent()) {
      throw ProblemException.conflict(
          "Queue '"
              + change.from()
              + "' and the name '"
              + change.to()
              + "' both have a routing rule; delete one of them before the rename.");
    }
    rule.get().followRename(new QueueName(change.to()), clock.instant());
  }

  /** The rule for a queue, if any. */
  public Optional<RoutingRule> findForQueue(String queue) {
    return findByKey(RoutingRule.matchKey(queue, null));
  }

  /** The rule for a topic group, if any. */
  public Optional<RoutingRule> findForTopicGroup(long topicGroupId) {
    return findByKey(RoutingRule.matchKey(null, topicGroupId));
  }

  private RoutingRule get(long id) {
    return Optional.ofNullable(em.find(RoutingRule.class, id))
        .orElseThrow(() -> ProblemException.notFound("No routing rule with id " + id + "."));
  }

  private Optional<RoutingRule> findByKey(String key) {
    return em.createQuery("select r from RoutingRule r where r.matchKey = :key", RoutingRule.class)
        .setParameter("key", key)
        .getResultStream()
        .findFirst();
  }

  /** Field errors answer 400; then a target that does not exist answers 422. */
  private void validateTarget(RoutingRuleRequest request, List<FieldError> errors) {
    if ((request.botId() == null) == (request.poolId() == null)) {
      errors.add(new FieldError("botId", "give exactly one of botId and poolId"));
    }
    if (!errors.isEmpty()) {
      throw ProblemException.invalid(errors);
    }
    if (request.botId() != null && bots.find(BotId.of(request.botId())).isEmpty()) {
      throw ProblemException.unprocessable("No bot with id " + request.botId() + ".");
    }
    if (request.poolId() != null && em.find(BotPool.class, request.poolId()) == null) {
      throw ProblemException.unprocessable("No bot pool with id " + request.poolId() + ".");
    }
  }

  private static BotId botOf(RoutingRuleRequest r) {
    return r.botId() == null ? null : BotId.of(r.botId());
  }

  private static PoolId poolOf(RoutingRuleRequest r) {
    return r.poolId() == null ? null : PoolId.of(r.poolId());
  }
}
