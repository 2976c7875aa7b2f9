package io.tgdesk.tickets.canned;

import io.tgdesk.schema.PageRows;
import io.tgdesk.schema.UniqueKeys;
import io.tgdesk.tickets.Caller;
import io.tgdesk.tickets.Customer;
import io.tgdesk.tickets.InboundMessage;
import io.tgdesk.tickets.Ticket;
import io.tgdesk.tickets.TicketId;
import io.tgdesk.tickets.TicketStatus;
import io.tgdesk.tickets.queues.TicketQueue;
import io.tgdesk.tickets.replies.Replies;
import io.tgdesk.web.Creation;
import io.tgdesk.web.NotBlankText;
import io.tgdesk.web.OneLine;
import io.tgdesk.web.Page;
import io.tgdesk.web.Problem;
import io.tgdesk.web.ProblemException;
import io.tgdesk.web.Violations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Canned responses: admins keep them (each change recorded with who made it), agents list them and
 * send one to a ticket. Sending renders the placeholders for the ticket and hands the text to
 * {@link Replies}, in one transaction, so it goes out exactly like an agent reply (agent-reply
 * lane, outbox category {@code canned-response}, delivery state on the message, sender = the
 * agent).
 */
@ApplicationScoped
public class CannedResponses {

  static final int MAX_NAME = 100;

  @PersistenceContext EntityManager em;
  @Inject Replies replies;
  @Inject Clock clock;

  /**
   * The body of a create or a change. In a change (PATCH) a field left out (null) keeps its value,
   * and an empty {@code queue} or {@code parseMode} clears it.
   */
  public record CannedResponseRequest(
      @NotNull(groups = Creation.class, message = "is required")
          @NotBlankText(message = "is required")
          @OneLine(max = MAX_NAME, message = "must be one line of at most " + MAX_NAME)
          String name,
      @NotNull(groups = Creation.class, message = "is required")
          @NotBlankText(message = "is required")
          @Size(
              max = Replies.MAX_TEXT,
              message = "is longer than " + Replies.MAX_TEXT + " characters")
          @CannedText
          String text,
      @Pattern(
              regexp = "|HTML|MarkdownV2|Markdown",
              message = "must be one of HTML, MarkdownV2, Markdown")
          String parseMode,
      @KnownQueue String queue) {}

  /**
   * A queue name, when given and not empty, names an existing queue; checked with the other fields
   * so that one answer lists every field at fault.
   */
  @Documented
  @Constraint(validatedBy = KnownQueue.Check.class)
  @Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
  @Retention(RetentionPolicy.RUNTIME)
  public @interface KnownQueue {

    String message() default "no queue of that name";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Validates {@link KnownQueue} against the queues stored now. */
    class Check implements ConstraintValidator<KnownQueue, String> {
      @Override
      public boolean isValid(String queue, ConstraintValidatorContext context) {
        if (queue == null
            || queue.isEmpty()
            || CDI.current().select(CannedResponses.class).get().queueId(queue).isPresent()) {
          return true;
        }
        context.disableDefaultConstraintViolation();
        context
            .buildConstraintViolationWithTemplate(Violations.literal("no queue named " + queue))
            .addConstraintViolation();
        return false;
      }
    }
  }

  /** A canned response as the API shows it, with the placeholders its text uses. */
  public record CannedResponseView(
      long id,
      String name,
      String text,
      String parseMode,
      String queue,
      List<String> placeholders,
      Instant createdAt,
      String createdBy,
      Instant updatedAt,
      String updatedBy) {}

  /** A placeholder a canned response may use. */
  public record PlaceholderView(String name, String meaning) {}

  @Transactional
  public CannedResponseView create(CannedResponseRequest r, String by) {
    if (r == null) {
      throw ProblemException.invalid(
          List.of(
              new Problem.FieldError("name", "is required"),
              new Problem.FieldError("text", "is required")));
    }
    Valid v = validate(r.name(), r.text(), r.parseMode(), r.queue());
    ensureNameFree(v.name(), null);
    CannedResponse c =
        new CannedResponse(v.name(), v.text(), v.parseMode(), v.queueId(), by, clock.instant());
    em.persist(c);
    flushUnique(v.name());
    return view(c);
  }

  @Transactional
  public CannedResponseView change(long id, CannedResponseRequest r, String by) {
    CannedResponse c = find(id);
    if (r == null) {
      return view(c);
    }
    String queue;
    if (r.queue() == null) {
      queue = c.queueId() == null ? "" : queueName(c.queueId()).orElse("");
    } else {
      queue = r.queue();
    }
    Valid v =
        validate(
            r.name() == null ? c.name() : r.name(),
            r.text() == null ? c.text() : r.text(),
            r.parseMode() == null ? c.parseMode() : r.parseMode(),
            queue);
    ensureNameFree(v.name(), id);
    c.change(v.name(), v.text(), v.parseMode(), v.queueId(), by, clock.instant());
    flushUnique(v.name());
    return view(c);
  }

  @Transactional
  public void delete(long id) {
    em.remove(find(id));
  }

  public CannedResponseView get(long id) {
    return view(find(id));
  }

  /**
   * A page of canned responses by name. With a queue name: those of that queue and those of no
   * queue (which serve every queue).
   */
  public Page<CannedResponseView> list(String queue, int page, int size) {
    Long queueId = null;
    if (queue != null) {
      queueId =
          queueId(queue)
              .orElseThrow(
                  () ->
                      ProblemException.invalid(
                          List.of(new Problem.FieldError("queue", "no queue named " + queue))));
    }
    String where = queueId == null ? "" : " where c.queueId = :q or c.queueId is null";
    TypedQuery<CannedResponse> items =
        em.createQuery(
            "select c from CannedResponse c" + where + " order by c.nameKey, c.id",
            CannedResponse.class);
    TypedQuery<Long> count =
        em.createQuery("select count(c) from CannedResponse c" + where, Long.class);
    if (queueId != null) {
      items.setParameter("q", queueId);
      count.setParameter("q", queueId);
    }
    List<CannedResponse> found = PageRows.of(items, page, size, CannedResponse::id);
    Map<Long, String> names = queueNames();
    return new Page<>(
        found.stream().map(c -> view(c, names)).toList(), page, size, count.getSingleResult());
  }

  /** The placeholders a canned response may use. */
  public List<PlaceholderView> placeholders() {
    return CannedTemplate.PLACEHOLDERS.entrySet().stream()
        .map(e -> new PlaceholderView(e.getKey(), e.getValue()))
        .toList();
  }

  /** A canned response rendered for a ticket, as it would go out; nothing is sent. */
  public record Preview(long cannedResponseId, String name, String text, String parseMode) {}

  /**
   * Renders the canned response for the ticket and sends it like an agent reply; returns the new
   * message's id. 404 for an unknown ticket or canned response; 409 for a closed ticket or when the
   * text renders empty or too long for Telegram.
   */
  @Transactional
  public long send(TicketId ticketId, long cannedId, Caller caller) {
    Preview p = preview(ticketId, cannedId, caller);
    return replies.replyCanned(ticketId, caller, p.text(), p.parseMode());
  }

  /**
   * The text the canned response would send to the ticket now, with the same checks as {@link
   * #send} except the ticket's status. Reads only.
   */
  public Preview preview(TicketId ticketId, long cannedId, Caller caller) {
    CannedResponse c = find(cannedId);
    Ticket ticket = em.find(Ticket.class, ticketId.value());
    if (ticket == null) {
      throw ProblemException.notFound("No ticket with id " + ticketId + ".");
    }
    CannedTemplate template;
    try {
      template = CannedTemplate.parse(c.text());
    } catch (CannedTemplate.InvalidTemplate e) {
      throw ProblemException.conflict(
          "Canned response " + c.name() + " " + e.getMessage() + "; an admin must correct it.");
    }
    Customer customer =
        ticket.customerId() == null ? null : em.find(Customer.class, ticket.customerId());
    String text = template.render(values(ticket, customer, caller.name()), c.parseMode());
    if (text.isBlank()) {
      throw ProblemException.conflict(
          "Canned response " + c.name() + " renders empty for ticket " + ticketId + ".");
    }
    if (text.length() > Replies.MAX_TEXT) {
      throw ProblemException.conflict(
          "Canned response "
              + c.name()
              + " renders to "
              + text.length()
              + " characters for ticket "
              + ticketId
              + ", over Telegram's "
              + Replies.MAX_TEXT
              + ".");
    }
    return new Preview(c.id(), c.name(), text, c.parseMode());
  }

  /** The values of the placeholders for a ticket; null where one is missing. */
  static Function<String, String> values(Ticket ticket, Customer customer, String agent) {
    return values(
        ticket.id().value(),
        ticket.subject(),
        ticket.status(),
        ticket.queue(),
        customer == null
            ? null
            : new InboundMessage.Sender(
                customer.telegramUserId(),
                customer.firstName(),
                customer.lastName(),
                customer.username(),
                customer.languageCode()),
        agent);
  }

  /**
   * The values of the placeholders; null where one is missing. {@code customer} is null for a
   * ticket without a known customer (a topic whose creator TgDesk never saw).
   */
  static Function<String, String> values(
      long ticketId,
      String subject,
      TicketStatus status,
      String queue,
      InboundMessage.Sender customer,
      String agent) {
    Map<String, String> v = new HashMap<>();
    if (customer != null) {
      String first = customer.firstName();
      v.put(
          "customer.first_name", first == null || first.isBlank() ? customer.displayName() : first);
      v.put("customer.last_name", customer.lastName());
      v.put("customer.name", customer.displayName());
      v.put("customer.username", customer.username() == null ? null : "@" + customer.username());
    }
    v.put("ticket.id", String.valueOf(ticketId));
    v.put("ticket.subject", subject);
    v.put("ticket.status", status == null ? null : status.name().toLowerCase(Locale.ROOT));
    v.put("agent.name", agent);
    v.put("queue.name", queue);
    return v::get;
  }

  private record Valid(String name, String text, String parseMode, Long queueId) {}

  /**
   * The values to store; the request's constraints have checked them. A queue deleted since then is
   * still a 400 naming the field.
   */
  private Valid validate(String name, String text, String parseMode, String queue) {
    String n = name == null ? null : name.strip();
    String mode = parseMode == null || parseMode.isEmpty() ? null : parseMode;
    Long queueId = null;
    if (queue != null && !queue.isEmpty()) {
      queueId =
          queueId(queue)
              .orElseThrow(
                  () ->
                      ProblemException.invalid(
                          List.of(new Problem.FieldError("queue", "no queue named " + queue))));
    }
    return new Valid(n, text, mode, queueId);
  }

  /** The id of the canned response named {@code name} (regardless of case), if there is one. */
  public java.util.Optional<Long> findIdByName(String name) {
    if (name == null || name.isBlank()) {
      return java.util.Optional.empty();
    }
    return em
        .createQuery("select c.id from CannedResponse c where c.nameKey = :k", Long.class)
        .setParameter("k", CannedResponse.key(name.strip()))
        .getResultList()
        .stream()
        .findFirst();
  }

  private void ensureNameFree(String name, Long self) {
    List<Long> taken =
        em.createQuery("select c.id from CannedResponse c where c.nameKey = :k", Long.class)
            .setParameter("k", CannedResponse.key(name))
            .getResultList();
    if (taken.stream().anyMatch(id -> !id.equals(self))) {
      throw nameTaken(name);
    }
  }

  /**
   * A concurrent save of the same name loses at the unique key, and a concurrent change of the same
   * response at its version: 409 as well, not 500.
   */
  private void flushUnique(String name) {
    try {
      em.flush();
    } catch (OptimisticLockException e) {
      throw ProblemException.conflict(
          "The canned response " + name + " was changed at the same time; read it and try again.");
    } catch (PersistenceException e) {
      if (UniqueKeys.isViolation(e)) {
        throw nameTaken(name);
      }
      throw e;
    }
  }

  private static ProblemException nameTaken(String name) {
    return ProblemException.conflict("A canned response named " + name + " exists.");
  }

  private CannedResponse find(long id) {
    CannedResponse c = em.find(CannedResponse.class, id);
    if (c == null) {
      throw ProblemException.notFound("No canned response with id " + id + ".");
    }
    return c;
  }

  Optional<Long> queueId(String name) {
    return em.createQuery("select q.id from TicketQueue q where q.name = :n", Long.class)
        .setParameter("n", name)
        .getResultStream()
        .findFirst();
  }

  private Optional<String> queueName(long id) {
    TicketQueue q = em.find(TicketQueue.class, id);
    return q == null ? Optional.empty() : Optional.of(q.name());
  }

  private Map<Long, String> queueNames() {
    Map<Long, String> names = new HashMap<>();
    for (Object[] row :
        em.createQuery("select q.id, q.name from TicketQueue q", Object[].class).getResultList()) {
      names.put((Long) row[0], (String) row[1]);
    }
    return names;
  }

  private CannedResponseView view(CannedResponse c) {
    return view(
        c,
        c.queueId() == null
            ? Map.of()
            : queueName(c.queueId()).map(n -> Map.of(c.queueId(), n)).orElse(Map.of()));
  }

  private static CannedResponseView view(CannedResponse c, Map<Long, String> queueNames) {
    List<String> used;
    try {
      used = CannedTemplate.parse(c.text()).placeholders();
    } catch (CannedTemplate.InvalidTemplate e) {
      used = List.of();
    }
    return new CannedResponseView(
        c.id(),
        c.name(),
        c.text(),
        c.parseMode(),
        c.queueId() == null ? null : queueNames.get(c.queueId()),
        used,
        c.createdAt(),
        c.createdBy(),
        c.updatedAt(),
        c.updatedBy());
  }
}
