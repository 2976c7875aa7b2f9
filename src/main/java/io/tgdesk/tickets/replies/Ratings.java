package io.tgdesk.tickets.replies;

import io.tgdesk.config.RatingSettings;
import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.telegram.outbound.BotMethod;
import io.tgdesk.telegram.outbound.OutboundCall;
import io.tgdesk.telegram.outbound.Outbox;
import io.tgdesk.telegram.outbound.outbox.Lane;
import io.tgdesk.tickets.ChatId;
import io.tgdesk.tickets.ConversationMessage;
import io.tgdesk.tickets.Customer;
import io.tgdesk.tickets.FloodGuard;
import io.tgdesk.tickets.Ticket;
import io.tgdesk.tickets.TicketEvents;
import io.tgdesk.tickets.TicketId;
import io.tgdesk.tickets.TicketKind;
import io.tgdesk.tickets.TicketLocks;
import io.tgdesk.tickets.TicketStatus;
import io.tgdesk.tickets.queues.Queues;
import io.tgdesk.web.Problem;
import io.tgdesk.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Customer satisfaction (CSAT): when a private ticket of a queue that asks for it is resolved, the
 * customer gets one prompt with buttons 1 to 5 (the text {@code CSAT_PROMPT} in their language); a
 * press stores the rating on the ticket (a later press changes it), and the customer's next message
 * within the comment window ({@link RatingSettings}) is the rating's comment. Each change is
 * announced as {@code ticket.rated}. Ratings are reported per queue or per agent over a period.
 * Methods that change a ticket join the caller's transaction.
 */
@ApplicationScoped
public class Ratings {

  /** The callback data of a rating button: {@code csat:<ticket id>:<score>}. */
  public static final String DATA_PREFIX = "csat:";

  static final String PROMPT_CATEGORY = "rating-prompt";

  @PersistenceContext EntityManager em;
  @Inject Outbox outbox;
  @Inject Clock clock;
  @Inject TicketLocks locks;
  @Inject Queues queues;
  @Inject TicketEvents events;
  @Inject FloodGuard floods;
  @Inject RatingSettings settings;
  @Inject io.tgdesk.tickets.texts.CustomerTexts texts;

  /**
   * The ticket was just resolved: its customer gets the rating prompt, if the ticket is a private
   * chat's, its queue asks for ratings, and the customer may get an automatic message now (not
   * blocked; a flooding one at most once per period). One prompt per resolution: the caller calls
   * this once per change to resolved.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public void resolved(Ticket ticket) {
    if (ticket.kind() != TicketKind.PRIVATE
        || ticket.customerId() == null
        || !queues.asksForRating(ticket.queue())) {
      return;
    }
    Customer customer = em.find(Customer.class, ticket.customerId());
    if (customer == null || customer.blocked()) {
      return;
    }
    // A prompt with a hole in it is never sent (a bot's own text may name a missing value).
    var rendered =
        texts.render(
            BotId.of(ticket.botId()),
            customer.languageCode(),
            io.tgdesk.tickets.texts.CustomerText.CSAT_PROMPT,
            io.tgdesk.tickets.TextValues.of(ticket, customer));
    if (!rendered.complete() || !floods.tryAutomaticMessage(ticket)) {
      return;
    }
    Instant now = clock.instant();
    String text = rendered.text();
    List<InlineButtons.Button> row = new ArrayList<>();
    for (int score = 1; score <= 5; score++) {
      row.add(
          new InlineButtons.Button(
              String.valueOf(score), DATA_PREFIX + ticket.id().value() + ":" + score));
    }
    List<List<InlineButtons.Button>> keyboard = List.of(row);
    outbox.enqueue(
        new OutboundCall(
                BotId.of(ticket.botId()),
                BotMethod.SEND_MESSAGE,
                Json.createObjectBuilder()
                    .add("text", text)
                    .add("reply_markup", InlineButtons.replyMarkup(keyboard))
                    .build(),
                ticket.chatId(),
                ticket.threadId(),
                Lane.NOTICE,
                PROMPT_CATEGORY,
                null,
                null,
                false)
            .inBusinessChat(ticket.businessConnectionId()));
    ConversationMessage prompt = ConversationMessage.automatic(ticket, text, now);
    prompt.withButtons(InlineButtons.toJson(keyboard));
    em.persist(prompt);
    ticket.ratingPrompted(now);
  }

  /**
   * A press of a rating button in {@code chat}: the ticket it names gets (or changes to) that
   * score, if it is a ticket of that bot and chat whose customer was asked. Pressing the score the
   * ticket already has changes nothing.
   *
   * @return the rated ticket; empty when the data names no such ticket or score
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public Optional<Ticket> rate(BotId bot, ChatId chat, String data) {
    String[] parts = data.substring(DATA_PREFIX.length()).split(":");
    long ticketId;
    int score;
    try {
      ticketId = Long.parseLong(parts[0]);
      score = Integer.parseInt(parts[1]);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    if (score < 1 || score > 5 || parts.length != 2) {
      return Optional.empty();
    }
    Ticket ticket = locks.lock(new TicketId(ticketId)).orElse(null);
    if (ticket == null
        || ticket.botId() != bot.value()
        || ticket.chatId() != chat.value()
        || ticket.ratingPromptedAt() == null) {
      return Optional.empty();
    }
    Integer was = ticket.rating();
    if (was != null && was == score) {
      return Optional.of(ticket);
    }
    Instant now = clock.instant();
    ticket.rate(score, now);
    em.persist(
        ConversationMessage.activity(
            ticket,
            "customer",
            was == null
                ? "The customer rated the ticket " + score + " of 5"
                : "The customer changed their rating from " + was + " to " + score + " of 5",
            now));
    events.rated(ticket);
    return Optional.of(ticket);
  }

  /**
   * A customer's message to a resolved ticket: if the customer rated it (after its last prompt)
   * within the comment window and has not commented yet, the text becomes the rating's comment and
   * {@code ticket.rated} is announced again. The caller keeps the message in the conversation
   * without reopening the ticket.
   *
   * @return whether the message was taken as the comment
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public boolean tryComment(Ticket ticket, String text, Instant now) {
    if (ticket.status() != TicketStatus.RESOLVED
        || ticket.rating() == null
        || ticket.ratingComment() != null
        || text == null
        || text.isBlank()
        || settings.commentWindow().isZero()
        || ticket.ratedAt().plus(settings.commentWindow()).isBefore(now)
        || ticket.ratingPromptedAt() != null
            && ticket.ratedAt().isBefore(ticket.ratingPromptedAt())) {
      return false;
    }
    ticket.commentRating(text.strip(), now);
    events.rated(ticket);
    return true;
  }

  /** How a report groups the ratings. */
  public enum GroupBy {
    QUEUE,
    AGENT;

    public static GroupBy parse(String value) {
      if (value == null || value.isBlank() || value.equals("queue")) {
        return QUEUE;
      }
      if (value.equals("agent")) {
        return AGENT;
      }
      throw ProblemException.invalid(
          List.of(new Problem.FieldError("groupBy", "must be queue or agent")));
    }
  }

  /**
   * The ratings of one group (or all).
   *
   * @param key the queue's name or the agent's user name; null: no queue, or unassigned (and for
   *     the overall figures)
   * @param count how many tickets were rated
   * @param average their mean score, to two decimals; null when none
   * @param distribution how many of each score, "1" to "5"
   */
  public record Figures(String key, long count, Double average, Map<String, Long> distribution) {}

  /**
   * Ratings given (or last changed) from {@code from} (inclusive) to {@code to} (exclusive).
   *
   * @param groupBy queue or agent (the ticket's assignee)
   * @param overall all of them together
   * @param groups one per queue or agent, most ratings first
   */
  public record Report(
      Instant from, Instant to, String groupBy, Figures overall, List<Figures> groups) {}

  /** The ratings of the period per queue or per agent. Reads only. */
  public Report report(Instant from, Instant to, GroupBy groupBy) {
    String key = groupBy == GroupBy.QUEUE ? "t.queue" : "t.assignee";
    List<Object[]> rows =
        em.createQuery(
                "select "
                    + key
                    + ", t.rating, count(t) from Ticket t where t.rating is not null"
                    + " and t.ratedAt >= :from and t.ratedAt < :to group by "
                    + key
                    + ", t.rating",
                Object[].class)
            .setParameter("from", from)
            .setParameter("to", to)
            .getResultList();
    Map<String, long[]> byKey = new LinkedHashMap<>();
    long[] all = new long[6];
    for (Object[] row : rows) {
      int score = ((Number) row[1]).intValue();
      long n = ((Number) row[2]).longValue();
      if (score < 1 || score > 5) {
        continue;
      }
      byKey.computeIfAbsent((String) row[0], k -> new long[6])[score] += n;
      all[score] += n;
    }
    List<Figures> groups = new ArrayList<>();
    byKey.forEach((k, counts) -> groups.add(figures(k, counts)));
    groups.sort(
        java.util.Comparator.comparingLong(Figures::count)
            .reversed()
            .thenComparing(
                Figures::key, java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder())));
    return new Report(
        from, to, groupBy.name().toLowerCase(java.util.Locale.ROOT), figures(null, all), groups);
  }

  private static Figures figures(String key, long[] counts) {
    long count = 0;
    long sum = 0;
    Map<String, Long> distribution = new LinkedHashMap<>();
    for (int score = 1; score <= 5; score++) {
      count += counts[score];
      sum += counts[score] * score;
      distribution.put(String.valueOf(score), counts[score]);
    }
    Double average = count == 0 ? null : Math.round(sum * 100.0 / count) / 100.0;
    return new Figures(key, count, average, distribution);
  }
}
