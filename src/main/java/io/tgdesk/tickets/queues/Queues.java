package io.tgdesk.tickets.queues;

import io.tgdesk.schema.RetriedOnConflict;
import io.tgdesk.web.NotBlankText;
import io.tgdesk.web.Problem;
import io.tgdesk.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What admins do with queues: create, replace (a rename takes the queue's tickets along and is
 * announced as {@link QueueNameChanged}), delete; and what other features ask of them. New tickets
 * are put into queues by {@link QueueRouting}; agents' availability is {@link AgentAvailability}. A
 * change that met a concurrent one runs again ({@link RetriedOnConflict}): on embedded Derby even
 * two inserts of different queues can meet, when one of them takes the next block of ids.
 */
@ApplicationScoped
@RetriedOnConflict
public class Queues {

  @PersistenceContext EntityManager em;
  @Inject Clock clock;
  @Inject EntryTopics entryTopics;
  @Inject Event<QueueNameChanged> nameChanged;

  /** A queue as created or replaced through the admin API. */
  @ValidBusinessHours
  public record QueueRequest(
      @NotNull(message = NAME_RULE) @Pattern(regexp = QueueName.FORM, message = NAME_RULE)
          String name,
      @Size(max = 500, message = "is longer than 500 characters") String description,
      Integer position,
      @Pattern(
              regexp = "manual|round-robin|least-open",
              message = "must be one of manual, round-robin, least-open")
          String strategy,
      List<
              @NotNull(message = MEMBERS_RULE) @NotBlankText(message = MEMBERS_RULE)
              @Size(max = 200, message = MEMBERS_RULE)
              @Pattern(regexp = "[^\\n]*", message = MEMBERS_RULE) String>
          members,
      @Size(max = 50, message = "at most 50") List<@NotNull(message = IDS_RULE) Long> botIds,
      @Size(max = 50, message = "at most 50") List<@NotNull(message = IDS_RULE) Long> topicGroupIds,
      List<
              @NotNull(message = KEYWORDS_RULE) @NotBlankText(message = KEYWORDS_RULE)
              @Size(max = 100, message = KEYWORDS_RULE)
              @Pattern(regexp = "[^\\n]*", message = KEYWORDS_RULE) String>
          keywords,
      String timeZone,
      Map<String, String> hours,
      List<String> holidays,
      @NotBlankText(message = AFTER_HOURS_RULE) @Size(max = 4096, message = AFTER_HOURS_RULE)
          String afterHoursReply,
      List<String> shopifyOpeningTopics,
      Boolean ratingPrompt)
      implements ValidBusinessHours.Form {

    static final String NAME_RULE =
        "must be 1-100 of a-z, 0-9 and '-', starting with a letter or digit";
    static final String MEMBERS_RULE = "items must be non-blank, one line, at most 200";
    static final String KEYWORDS_RULE = "items must be non-blank, one line, at most 100";
    static final String IDS_RULE = "must hold ids, not null";
    static final String AFTER_HOURS_RULE = "must be 1-4096 characters";
  }

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
      boolean ratingPrompt,
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
          q.ratingPrompt(),
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

  /**
   * Whether the customers of the named queue's tickets are asked to rate a resolved ticket; false
   * for no queue or an unknown one.
   */
  public boolean asksForRating(String queueName) {
    return queueName != null && byName(queueName).map(TicketQueue::ratingPrompt).orElse(false);
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

  /**
   * What the request's constraints cannot say: a body at all, and members and keywords that fit
   * their columns together.
   */
  private static void validate(QueueRequest r) {
    if (r == null) {
      throw ProblemException.invalid(List.of(new Problem.FieldError("name", "is required")));
    }
    if (TicketQueue.join(r.members()) != null && TicketQueue.join(r.members()).length() > 4000
        || TicketQueue.join(r.keywords()) != null
            && TicketQueue.join(r.keywords()).length() > 4000) {
      throw ProblemException.invalid(
          List.of(new Problem.FieldError("members", "members or keywords are too many")));
    }
  }
}
