package io.tgdesk.tickets;

import io.tgdesk.web.Problem;
import io.tgdesk.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Canned responses: admins keep them, agents send them to a ticket as a reply. Placeholders are
 * checked when a response is saved, so sending never meets an unknown one; a value that is missing
 * for a ticket (a topic without a customer, a ticket without a queue) renders as empty text.
 */
@ApplicationScoped
public class CannedResponses {

  /** {@code {customer.first_name}} and the like. */
  static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_.]+)}");

  public static final Set<String> PLACEHOLDERS =
      Set.of(
          "customer.first_name",
          "customer.last_name",
          "customer.name",
          "customer.username",
          "ticket.id",
          "ticket.subject",
          "agent.name",
          "queue.name");

  @PersistenceContext EntityManager em;
  @Inject Replies replies;
  @Inject Clock clock;

  /** A canned response as created or replaced. */
  public record Request(String name, String text, String parseMode) {}

  public record View(
      long id, String name, String text, String parseMode, Instant createdAt, Instant updatedAt) {
    static View of(CannedResponse c) {
      return new View(c.id(), c.name(), c.text(), c.parseMode(), c.createdAt(), c.updatedAt());
    }
  }

  public List<View> list() {
    return em
        .createQuery("select c from CannedResponse c order by c.name", CannedResponse.class)
        .getResultList()
        .stream()
        .map(View::of)
        .toList();
  }

  public View get(long id) {
    return View.of(find(id));
  }

  @Transactional
  public View create(Request r) {
    validate(r);
    if (nameTaken(r.name(), null)) {
      throw ProblemException.conflict("A canned response named " + r.name() + " exists.");
    }
    CannedResponse c = new CannedResponse(r.name(), r.text(), r.parseMode(), clock.instant());
    em.persist(c);
    em.flush();
    return View.of(c);
  }

  @Transactional
  public View replace(long id, Request r) {
    validate(r);
    CannedResponse c = find(id);
    if (nameTaken(r.name(), id)) {
      throw ProblemException.conflict("A canned response named " + r.name() + " exists.");
    }
    c.change(r.name(), r.text(), r.parseMode(), clock.instant());
    return View.of(c);
  }

  @Transactional
  public void delete(long id) {
    em.remove(find(id));
  }

  /** Renders the response for the ticket and sends it as the caller's reply; the message id. */
  @Transactional
  public long send(TicketId ticketId, long cannedId, Replies.Caller caller) {
    CannedResponse c = find(cannedId);
    Ticket ticket = em.find(Ticket.class, ticketId.value());
    if (ticket == null) {
      throw ProblemException.notFound("No ticket with id " + ticketId + ".");
    }
    Customer customer =
        ticket.customerId() == null ? null : em.find(Customer.class, ticket.customerId());
    return replies.reply(
        ticketId, caller, render(c.text(), ticket, customer, caller), c.parseMode());
  }

  static String render(String text, Ticket ticket, Customer customer, Replies.Caller caller) {
    Map<String, String> values = new java.util.HashMap<>();
    values.put("customer.first_name", customer == null ? null : customer.firstName());
    values.put("customer.last_name", customer == null ? null : customer.lastName());
    values.put("customer.name", customer == null ? null : customer.displayName());
    values.put("customer.username", customer == null ? null : customer.username());
    values.put("ticket.id", String.valueOf(ticket.id().value()));
    values.put("ticket.subject", ticket.subject());
    values.put("agent.name", caller.name());
    values.put("queue.name", ticket.queue());
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String v = values.get(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(v == null ? "" : v));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The placeholders a text uses that TgDesk does not know. */
  static Set<String> unknownPlaceholders(String text) {
    Set<String> unknown = new TreeSet<>();
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      if (!PLACEHOLDERS.contains(m.group(1))) {
        unknown.add("{" + m.group(1) + "}");
      }
    }
    return unknown;
  }

  private static void validate(Request r) {
    List<Problem.FieldError> errors = new ArrayList<>();
    if (r == null || r.name() == null || r.name().isBlank() || r.name().length() > 100) {
      errors.add(new Problem.FieldError("name", "must be 1-100 characters"));
    }
    if (r == null || r.text() == null || r.text().isBlank()) {
      errors.add(new Problem.FieldError("text", "is required"));
    } else if (r.text().length() > Replies.MAX_TEXT) {
      errors.add(
          new Problem.FieldError("text", "is longer than " + Replies.MAX_TEXT + " characters"));
    } else {
      Set<String> unknown = unknownPlaceholders(r.text());
      if (!unknown.isEmpty()) {
        errors.add(
            new Problem.FieldError(
                "text",
                "unknown placeholders "
                    + String.join(", ", unknown)
                    + "; known: "
                    + String.join(
                        ", ",
                        new TreeSet<>(PLACEHOLDERS).stream().map(p -> "{" + p + "}").toList())));
      }
    }
    if (r != null && r.parseMode() != null && !Replies.PARSE_MODES.contains(r.parseMode())) {
      errors.add(new Problem.FieldError("parseMode", "must be one of HTML, MarkdownV2, Markdown"));
    }
    if (!errors.isEmpty()) {
      throw ProblemException.invalid(errors);
    }
  }

  private boolean nameTaken(String name, Long except) {
    return em.createQuery("select c from CannedResponse c where c.name = :n", CannedResponse.class)
        .setParameter("n", name)
        .getResultStream()
        .anyMatch(c -> except == null || c.id() != except);
  }

  private CannedResponse find(long id) {
    CannedResponse c = em.find(CannedResponse.class, id);
    if (c == null) {
      throw ProblemException.notFound("No canned response with id " + id + ".");
    }
    return c;
  }
}
