package io.tgdesk.tickets.queues;

import io.tgdesk.tickets.Ticket;
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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Queues, their routing of new tickets, assignment by strategy, and agents' availability. Routing
 * and assignment join the intake transaction that creates the ticket; the queue row is locked while
 * its round-robin turn moves on, so two tickets never get the same turn.
 */
@ApplicationScoped
public class Queues {

  static final Set<String> AVAILABILITIES = Set.of("online", "away");

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

  /** An agent's availability and how many active tickets they hold. */
  public record AgentView(
      String userName, String availability, long activeTickets, Instant updatedAt) {}

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

  /**
   * Puts a new ticket into the named queue, whatever its routing rules, and assigns it by the
   * queue's strategy. Without such a queue (deleted meanwhile) the ticket is routed as any other.
   * Joins the caller's transaction.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public void place(Ticket ticket, String queueName, String firstText) {
    Optional<TicketQueue> q = queueName == null ? Optional.empty() : byName(queueName);
    if (q.isEmpty()) {
      route(ticket, firstText);
      return;
    }
    Instant now = clock.instant();
    ticket.moveToQueue(q.get().name(), now);
    pickAssignee(q.get()).ifPresent(agent -> ticket.assign(agent, now));
  }

  /**
   * Puts a new ticket into the first queue (by position, then id) whose rules match, and assigns it
   * by the queue's strategy. Joins the caller's transaction.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public void route(Ticket ticket, String firstText) {
    Instant now = clock.instant();
    for (TicketQueue q : all()) {
      if (q.matches(ticket.botId(), ticket.topicGroupId(), firstText)) {
        ticket.moveToQueue(q.name(), now);
        pickAssignee(q).ifPresent(agent -> ticket.assign(agent, now));
        return;
      }
    }
  }

  private Optional<String> pickAssignee(TicketQueue unlocked) {
    if (unlocked.strategy() == AssignmentStrategy.MANUAL) {
      return Optional.empty();
    }
    TicketQueue q = em.find(TicketQueue.class, unlocked.id(), LockModeType.PESSIMISTIC_WRITE);
    List<String> online = online(q.members());
    if (online.isEmpty()) {
      return Optional.empty();
    }
    String chosen;
    if (q.strategy() == AssignmentStrategy.ROUND_ROBIN) {
      // The next online member after the one served last, in the queue's member order.
      List<String> members = q.members();
      int last = members.indexOf(q.lastAssignee());
      chosen = online.get(0);
      for (int i = 1; i <= members.size(); i++) {
        String candidate = members.get(Math.floorMod(last + i, members.size()));
        if (online.contains(candidate)) {
          chosen = candidate;
          break;
        }
      }
    } else {
      Map<String, Long> load = activeTickets(online);
      chosen =
          online.stream()
              .min(Comparator.comparingLong((String a) -> load.getOrDefault(a, 0L)))
              .orElseThrow();
    }
    q.assigned(chosen, clock.instant());
    return Optional.of(chosen);
  }

  /** Sets an agent's availability: online or away. */
  @Transactional
  public AgentView setAvailability(String userName, String availability) {
    if (availability == null || !AVAILABILITIES.contains(availability)) {
      throw ProblemException.invalid(
          List.of(new Problem.FieldError("availability", "must be online or away")));
    }
    if (userName.length() > 200) {
      // The name is the key of the agent's presence: it cannot be shortened without merging two.
      throw ProblemException.badRequest(
          "User names longer than 200 characters cannot set an availability.");
    }
    AgentPresence p = em.find(AgentPresence.class, userName);
    Instant now = clock.instant();
    if (p == null) {
      p = new AgentPresence(userName, availability, now);
      em.persist(p);
    } else {
      p.set(availability, now);
    }
    return new AgentView(
        userName, availability, activeTickets(List.of(userName)).getOrDefault(userName, 0L), now);
  }

  /** Every agent known by availability or by holding tickets, by name. */
  public List<AgentView> agents() {
    Map<String, AgentPresence> presence =
        em
            .createQuery("select p from AgentPresence p", AgentPresence.class)
            .getResultList()
            .stream()
            .collect(Collectors.toMap(AgentPresence::userName, p -> p));
    Map<String, Long> load = new java.util.HashMap<>();
    for (Object[] row :
        em.createQuery(
                "select t.assignee, count(t) from Ticket t where t.assignee is not null and t.status"
                    + " in (io.tgdesk.tickets.TicketStatus.OPEN, io.tgdesk.tickets.TicketStatus.PENDING)"
                    + " group by t.assignee",
                Object[].class)
            .getResultList()) {
      load.put((String) row[0], (Long) row[1]);
    }
    Set<String> names = new java.util.TreeSet<>(presence.keySet());
    names.addAll(load.keySet());
    List<AgentView> out = new ArrayList<>();
    for (String n : names) {
      AgentPresence p = presence.get(n);
      out.add(
          new AgentView(
              n,
              p == null ? "away" : p.availability(),
              load.getOrDefault(n, 0L),
              p == null ? null : p.updatedAt()));
    }
    return out;
  }

  private List<String> online(List<String> members) {
    if (members.isEmpty()) {
      return List.of();
    }
    Set<String> on =
        em
            .createQuery(
                "select p.userName from AgentPresence p where p.userName in :names"
                    + " and p.availability = 'online'",
                String.class)
            .setParameter("names", members)
            .getResultList()
            .stream()
            .collect(Collectors.toSet());
    return members.stream().filter(on::contains).toList();
  }

  private Map<String, Long> activeTickets(List<String> agents) {
    Map<String, Long> load = new java.util.HashMap<>();
    for (Object[] row :
        em.createQuery(
                "select t.assignee, count(t) from Ticket t where t.assignee in :agents and t.status"
                    + " in (io.tgdesk.tickets.TicketStatus.OPEN, io.tgdesk.tickets.TicketStatus.PENDING)"
                    + " group by t.assignee",
                Object[].class)
            .setParameter("agents", agents)
            .getResultList()) {
      load.put((String) row[0], (Long) row[1]);
    }
    return load;
  }

  private List<TicketQueue> all() {
    return em.createQuery(
            "select q from TicketQueue q order by q.position, q.id", TicketQueue.class)
        .getResultList();
  }

  private Optional<TicketQueue> byName(String name) {
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
    if (r.name() == null || !TicketWork.QUEUE_NAME.matcher(r.name()).matches()) {
      errors.add(
          new Problem.FieldError(
              "name", "must be 1-100 of a-z, 0-9 and '-', starting with a letter or digit"));
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
