package io.tgdesk.tickets.queues;

import io.tgdesk.web.Problem;
import io.tgdesk.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What admins do with queues: create, replace (a rename takes the queue's tickets along and is
 * announced as {@link QueueNameChanged}), delete; and what other features ask of them. New tickets
 * are put into queues by {@link QueueRouting}; agents' availability is {@link AgentAvailability}.
 */
@ApplicationScoped
public class Queues {

  @PersistenceContext EntityManager em;
  @Inject Clock clock;
  @Inject EntryTopics entryTopics;
  @Inject Event<QueueNameChanged> nameChanged;

  /** A queue as created or replaced through the admin API. */
  public record QueueRequest(
      String name,
      String description,
      Integer position,
      String strategy,
      List<String> members,
      List<Long> botIds,
      List<Long> topicGroupIds,
      List<String> keywords,
      String timeZone,
      Map<String, String> hours,
      List<String> holidays,
      String afterHoursReply,
      List<String> shopifyOpeningTopics) {}

  /** A queue as the API shows it. */
  public record QueueView(
      long id,
      String name,
      String description,
      int position,
      String strategy,
      List<String> members,
      List<Long> botIds,
      List<Long> topicGroupIds,
      List<String> keywords,
      String timeZone,
      Map<String, String> hours,
      List<String> holidays,
      String afterHoursReply,
      List<String> shopifyOpeningTopics,
      String lastAssignee,
      Instant createdAt,
      Instant updatedAt) {
    static QueueView of(TicketQueue q) {
      return new QueueView(
          q.id(),
          q.name(),
          q.description(),
          q.position(),
          q.strategy().wireName(),
          q.members(),
          q.botIds(),
          q.topicGroupIds(),
          q.keywords(),
          q.timeZone(),
          q.hours(),
          q.holidays(),
          q.afterHoursReply(),
          q.openingTopics(),
          q.lastAssignee(),
          q.createdAt(),
          q.updatedAt());
    }
  }

  public List<QueueView> list() {
    return all().stream().map(QueueView::of).toList();
  }

  public QueueView get(long id) {
    return QueueView.of(find(id));
  }

  @Transactional
  public QueueView create(QueueRequest r) {
    validate(r);
    List<String> opening = openingTopics(r);
    if (byName(r.name()).isPresent()) {
      throw ProblemException.conflict("A queue named " + r.name() + " exists.");
    }
    TicketQueue q = new TicketQueue(r, opening, clock.instant());
    em.persist(q);
    em.flush();
    return QueueView.of(q);
  }

  @Transactional
  public QueueView replace(long id, QueueRequest r) {
    validate(r);
    List<String> opening = openingTopics(r);
    TicketQueue q = em.find(TicketQueue.class, id, LockModeType.PESSIMISTIC_WRITE);
    if (q == null) {
      throw ProblemException.notFound("No queue with id " + id + ".");
    }
    Optional<TicketQueue> other = byName(r.name());
    if (other.isPresent() && other.get().id() != id) {
      throw ProblemException.conflict("A queue named " + r.name() + " exists.");
    }
    if (!q.name().equals(r.name())) {
      em.createQuery("update Ticket t set t.queue = :new where t.queue = :old")
          .setParameter("new", r.name())
          .setParameter("old", q.name())
          .executeUpdate();
      nameChanged.fire(new QueueNameChanged(q.name(), r.name()));
    }
    q.apply(r, opening, clock.instant());
    return QueueView.of(q);
  }

  /** Deletes a queue; its tickets stay, without a queue. */
  @Transactional
  public void delete(long id) {
    TicketQueue q = find(id);
    em.createQuery("update Ticket t set t.queue = null where t.queue = :name")
        .setParameter("name", q.name())
        .executeUpdate();
    nameChanged.fire(new QueueNameChanged(q.name(), null));
    em.remove(q);
  }

  /** Whether a queue of that name exists. */
  public boolean exists(String name) {
    return byName(name).isPresent();
  }

  /**
   * Whether an entry of this topic opens a new ticket in the named queue (when the customer has no
   * active one); empty when there is no such queue.
   */
  public Optional<Boolean> opensTicket(String queueName, String topic) {
    return byName(queueName).map(q -> q.openingTopics().contains(topic));
  }

  /** Every queue, in routing order: by position, then id. */
  List<TicketQueue> all() {
    return em.createQuery(
            "select q from TicketQueue q order by q.position, q.id", TicketQueue.class)
        .getResultList();
  }

  Optional<TicketQueue> byName(String name) {
    return em.createQuery("select q from TicketQueue q where q.name = :n", TicketQueue.class)
        .setParameter("n", name)
        .getResultStream()
        .findFirst();
  }

  private TicketQueue find(long id) {
    TicketQueue q = em.find(TicketQueue.class, id);
    if (q == null) {
      throw ProblemException.notFound("No queue with id " + id + ".");
    }
    return q;
  }

  /**
   * The queue's opening topics: as sent, or the default ones when left out; 422 naming any topic
   * that is not known.
   */
  private List<String> openingTopics(QueueRequest r) {
    if (r.shopifyOpeningTopics() == null) {
      return List.copyOf(entryTopics.openingByDefault());
    }
    Set<String> known = entryTopics.known();
    List<String> unknown =
        r.shopifyOpeningTopics().stream()
            .filter(t -> t == null || !known.contains(t))
            .map(String::valueOf)
            .toList();
    if (!unknown.isEmpty()) {
      throw ProblemException.unprocessable(
          "shopifyOpeningTopics: unknown topic(s) "
              + String.join(", ", unknown)
              + "; known are "
              + String.join(", ", new java.util.TreeSet<>(known))
              + ".");
    }
    return r.shopifyOpeningTopics().stream().distinct().toList();
  }

  private static void validate(QueueRequest r) {
    List<Problem.FieldError> errors = new ArrayList<>();
    if (r == null) {
      throw ProblemException.invalid(List.of(new Problem.FieldError("name", "is required")));
    }
    if (!QueueName.isValid(r.name())) {
      errors.add(QueueName.invalid("name"));
    }
    if (r.description() != null && r.description().length() > 500) {
      errors.add(new Problem.FieldError("description", "is longer than 500 characters"));
    }
    if (r.strategy() != null) {
      try {
        AssignmentStrategy.parse(r.strategy());
      } catch (IllegalArgumentException e) {
        errors.add(new Problem.FieldError("strategy", e.getMessage()));
      }
    }
    checkItems(errors, "members", r.members(), 200);
    checkItems(errors, "keywords", r.keywords(), 100);
    if (TicketQueue.join(r.members()) != null && TicketQueue.join(r.members()).length() > 4000
        || TicketQueue.join(r.keywords()) != null
            && TicketQueue.join(r.keywords()).length() > 4000) {
      errors.add(new Problem.FieldError("members", "members or keywords are too many"));
    }
    if (r.hours() != null && !r.hours().isEmpty() || r.timeZone() != null) {
      try {
        BusinessHours.parse(r.timeZone(), r.hours() == null ? Map.of() : r.hours(), r.holidays());
      } catch (IllegalArgumentException e) {
        String msg = e.getMessage();
        int colon = msg.indexOf(':');
        errors.add(new Problem.FieldError(msg.substring(0, colon), msg.substring(colon + 2)));
      }
    }
    if (r.afterHoursReply() != null
        && (r.afterHoursReply().isBlank() || r.afterHoursReply().length() > 4096)) {
      errors.add(new Problem.FieldError("afterHoursReply", "must be 1-4096 characters"));
    }
    checkIds(errors, "botIds", r.botIds());
    checkIds(errors, "topicGroupIds", r.topicGroupIds());
    if (!errors.isEmpty()) {
      throw ProblemException.invalid(errors);
    }
  }

  /** At most 50 ids, none of them null (JSON null in the array). */
  private static void checkIds(List<Problem.FieldError> errors, String field, List<Long> ids) {
    if (ids == null) {
      return;
    }
    if (ids.size() > 50) {
      errors.add(new Problem.FieldError(field, "at most 50"));
    } else if (ids.contains(null)) {
      errors.add(new Problem.FieldError(field, "must hold ids, not null"));
    }
  }

  private static void checkItems(
      List<Problem.FieldError> errors, String field, List<String> items, int max) {
    if (items == null) {
      return;
    }
    for (String s : items) {
      if (s == null || s.isBlank() || s.length() > max || s.contains("\n")) {
        errors.add(
            new Problem.FieldError(field, "items must be non-blank, one line, at most " + max));
        return;
      }
    }
  }
}
