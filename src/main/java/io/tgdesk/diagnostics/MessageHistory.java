package io.tgdesk.diagnostics;

import io.tgdesk.hostevents.HostEvent;
import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.telegram.bots.BotStore;
import io.tgdesk.telegram.outbound.DeliveryEngine;
import io.tgdesk.telegram.outbound.outbox.OutboxEntry;
import io.tgdesk.telegram.outbound.outbox.OutboxState;
import io.tgdesk.telegram.outbound.throttle.Limits;
import io.tgdesk.tickets.Ticket;
import io.tgdesk.tickets.TicketActivity;
import io.tgdesk.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Why one message arrived late or not at all: its timeline ({@link MessageFate}) read from the
 * outbox, the call audit and the circuit breaker history; the same for every message of a chat in a
 * time range, and for the sends a host event led to. Read-only.
 */
@ApplicationScoped
public class MessageHistory {

  /** The most messages one chat search explains. */
  public static final int MAX_MESSAGES = 200;

  /** How far before an entry's creation a breaker opening is looked for. */
  static final Duration BREAKER_LOOKBACK = Duration.ofHours(1);

  static final int MAX_CALLS = 10_000;

  @PersistenceContext EntityManager em;
  @Inject BreakerHistory breakers;
  @Inject BotStore bots;
  @Inject Clock clock;

  /**
   * One message's timeline.
   *
   * @param threadId the forum topic, absent outside one
   * @param state the outbox state now, in lower case
   * @param endedAt when it was sent or reached its final state; absent while it waits
   * @param steps oldest first: moments (enqueued, each attempt, the outcome) and stretches of
   *     waiting, each with its cause
   */
  public record MessageTimeline(
      long entryId,
      long botId,
      long chatId,
      Long threadId,
      String method,
      String lane,
      String category,
      String state,
      int attempts,
      Instant enqueuedAt,
      Instant endedAt,
      MessageFate.Summary summary,
      List<MessageFate.Step> steps) {}

  /**
   * A chat's messages of a time range: what was sent, and what did not go out.
   *
   * @param truncated more messages than one search explains ({@link #MAX_MESSAGES})
   */
  public record ChatMessages(
      @JsonbNillable Long botId,
      long chatId,
      Instant from,
      Instant to,
      long sent,
      long notSent,
      boolean truncated,
      List<MessageBrief> messages) {}

  /** One message of a chat search, with the summary of its timeline. */
  public record MessageBrief(
      long entryId,
      long botId,
      String method,
      String lane,
      String state,
      Instant enqueuedAt,
      Instant endedAt,
      MessageFate.Summary summary) {}

  /** The timeline of an outbox entry; 404 when there is none. */
  public MessageTimeline ofEntry(long entryId) {
    OutboxEntry e = em.find(OutboxEntry.class, entryId);
    if (e == null) {
      throw ProblemException.notFound("No outbox entry with id " + entryId + ".");
    }
    return timeline(e);
  }

  /**
   * The timeline of the latest send, edit or deletion of a conversation message (an agent's reply);
   * 404 when there is no such message or it never went to Telegram.
   */
  public MessageTimeline ofConversationMessage(long messageId) {
    List<Long> entry =
        em.createQuery(
                "select m.deliveryEntryId from ConversationMessage m where m.id = :id", Long.class)
            .setParameter("id", messageId)
            .getResultList();
    if (entry.isEmpty()) {
      throw ProblemException.notFound("No conversation message with id " + messageId + ".");
    }
    if (entry.get(0) == null) {
      throw ProblemException.notFound(
          "Conversation message " + messageId + " was never handed to Telegram.");
    }
    return ofEntry(entry.get(0));
  }

  /** The most sends one host event's timeline explains. */
  public static final int MAX_HOST_EVENT_SENDS = 50;

  /** How long after a host event a send to its ticket's chat may be one it led to. */
  static final Duration HOST_EVENT_HORIZON = Duration.ofHours(1);

  /**
   * A send enqueued this long before a host event was made in the same change (the ticket change
   * enqueues it, then announces itself).
   */
  static final Duration SAME_CHANGE = Duration.ofSeconds(1);

  /**
   * The sends one host event led to, each with its timeline, and what held them up in all.
   *
   * @param hostEventId the host event (one row per endpoint, as in {@code /api/admin/events})
   * @param link how its sends were found: {@code reported-message} (a message.sent or
   *     message.failed event: the sends of the reply it reports) or {@code ticket-chat} (what went
   *     to the ticket's chat and topic from the change until the ticket's next event)
   * @param until the end of the span looked at ({@code ticket-chat} only)
   * @param truncated more sends than one answer explains ({@link #MAX_HOST_EVENT_SENDS})
   * @param summary their delays and causes added up; dominantCause is the cause that held them
   *     longest
   */
  public record HostEventSends(
      long hostEventId,
      String eventId,
      String type,
      long ticketId,
      Instant occurredAt,
      long botId,
      long chatId,
      @JsonbNillable Long threadId,
      String link,
      @JsonbNillable Instant until,
      int sends,
      boolean truncated,
      MessageFate.Summary summary,
      List<MessageTimeline> messages) {}

  /**
   * The timelines of the sends a host event led to; 404 when there is no such host event or its
   * ticket is gone.
   */
  public HostEventSends ofHostEvent(long hostEventId) {
    HostEvent event = em.find(HostEvent.class, hostEventId);
    if (event == null) {
      throw ProblemException.notFound("No host event with id " + hostEventId + ".");
    }
    Ticket ticket = em.find(Ticket.class, event.ticketId());
    if (ticket == null) {
      throw ProblemException.notFound(
          "Host event "
              + hostEventId
              + " was about ticket "
              + event.ticketId()
              + ", which is gone.");
    }
    Long reported = reportedMessage(event);
    List<OutboxEntry> entries;
    Instant until = null;
    if (reported != null) {
      entries =
          em.createQuery(
                  "select e from OutboxEntry e where e.id in (select r.outboxEntryId from"
                      + " ReplyDelivery r where r.messageId = :message) and e.createdAt <= :at"
                      + " order by e.id",
                  OutboxEntry.class)
              .setParameter("message", reported)
              .setParameter("at", event.occurredAt())
              .setMaxResults(MAX_HOST_EVENT_SENDS + 1)
              .getResultList();
    } else {
      until = nextEventOf(event).orElse(event.occurredAt().plus(HOST_EVENT_HORIZON));
      entries =
          em.createQuery(
                  "select e from OutboxEntry e where e.botId = :bot and e.chatId = :chat"
                      + " and e.threadKey = :thread and e.createdAt >= :from"
                      + " and e.createdAt < :until order by e.id",
                  OutboxEntry.class)
              .setParameter("bot", ticket.botId())
              .setParameter("chat", ticket.chatId())
              .setParameter("thread", ticket.threadId() == null ? 0L : ticket.threadId())
              .setParameter("from", event.occurredAt().minus(SAME_CHANGE))
              .setParameter("until", until)
              .setMaxResults(MAX_HOST_EVENT_SENDS + 1)
              .getResultList();
    }
    boolean truncated = entries.size() > MAX_HOST_EVENT_SENDS;
    List<MessageTimeline> timelines =
        entries.subList(0, Math.min(entries.size(), MAX_HOST_EVENT_SENDS)).stream()
            .map(this::timeline)
            .toList();
    return new HostEventSends(
        event.id(),
        event.eventId(),
        event.type(),
        event.ticketId(),
        ms(event.occurredAt()),
        ticket.botId(),
        ticket.chatId(),
        ticket.threadId(),
        reported != null ? "reported-message" : "ticket-chat",
        ms(until),
        timelines.size(),
        truncated,
        MessageFate.ofAll(
            timelines.stream().map(MessageTimeline::summary).toList(),
            timelines.stream().map(MessageTimeline::state).toList()),
        timelines);
  }

  /** The agent reply a message.sent or message.failed event reports, from its payload. */
  private static Long reportedMessage(HostEvent event) {
    if (!REPORTING_TYPES.contains(event.type())) {
      return null;
    }
    try (var reader = jakarta.json.Json.createReader(new java.io.StringReader(event.payload()))) {
      var message = reader.readObject().getJsonObject("message");
      return message == null || !message.containsKey("id")
          ? null
          : message.getJsonNumber("id").longValue();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Events that report a send rather than lead to one. */
  static final java.util.Set<String> REPORTING_TYPES =
      java.util.Set.of(
          TicketActivity.Type.MESSAGE_SENT.wireName(),
          TicketActivity.Type.MESSAGE_FAILED.wireName());

  /** When the ticket's next event (for any endpoint) happened. */
  private Optional<Instant> nextEventOf(HostEvent event) {
    return Optional.ofNullable(
        em.createQuery(
                "select min(h.occurredAt) from HostEvent h where h.ticketId = :ticket"
                    + " and h.occurredAt > :at and h.eventId <> :event",
                Instant.class)
            .setParameter("ticket", event.ticketId())
            .setParameter("at", event.occurredAt())
            .setParameter("event", event.eventId())
            .getSingleResult());
  }

  /** The messages to a chat enqueued in [from, to), oldest first. */
  public ChatMessages ofChat(Long botId, long chatId, Instant from, Instant to) {
    var q =
        em.createQuery(
            "select e from OutboxEntry e where e.chatId = :chat and e.createdAt >= :from"
                + " and e.createdAt < :to"
                + (botId == null ? "" : " and e.botId = :bot")
                + " order by e.id",
            OutboxEntry.class);
    if (botId != null) {
      q.setParameter("bot", botId);
    }
    List<OutboxEntry> entries =
        q.setParameter("chat", chatId)
            .setParameter("from", from)
            .setParameter("to", to)
            .setMaxResults(MAX_MESSAGES + 1)
            .getResultList();
    boolean truncated = entries.size() > MAX_MESSAGES;
    List<MessageBrief> briefs = new ArrayList<>();
    long sent = 0;
    for (OutboxEntry e : entries.subList(0, Math.min(entries.size(), MAX_MESSAGES))) {
      MessageTimeline t = timeline(e);
      sent += e.state() == OutboxState.SENT ? 1 : 0;
      briefs.add(
          new MessageBrief(
              t.entryId(),
              t.botId(),
              t.method(),
              t.lane(),
              t.state(),
              t.enqueuedAt(),
              t.endedAt(),
              t.summary()));
    }
    return new ChatMessages(botId, chatId, from, to, sent, briefs.size() - sent, truncated, briefs);
  }

  private MessageTimeline timeline(OutboxEntry e) {
    Instant now = ms(clock.instant());
    String state = e.state().name().toLowerCase(Locale.ROOT);
    MessageFate.Entry entry =
        new MessageFate.Entry(
            e.id(),
            state,
            e.method(),
            e.threadId(),
            e.attempts(),
            ms(e.createdAt()),
            ms(e.sentAt()),
            ms(e.updatedAt()),
            e.lastErrorCode(),
            e.lastError());
    Instant end =
        e.state() == OutboxState.PENDING || e.state() == OutboxState.IN_FLIGHT
            ? now
            : ms(e.sentAt() != null ? e.sentAt() : e.updatedAt());
    Duration spacing = spacing(e.botId(), e.chatId());
    MessageFate.Fate fate =
        MessageFate.of(
            entry,
            earlierEnds(e),
            calls(e, e.createdAt().minus(spacing), end, true),
            calls(e, e.createdAt(), end, false),
            breakerSpans(e.botId(), e.createdAt(), end),
            spacing,
            now);
    return new MessageTimeline(
        e.id(),
        e.botId(),
        e.chatId(),
        e.threadId(),
        e.method(),
        e.lane().wireName(),
        e.category(),
        state,
        e.attempts(),
        ms(e.createdAt()),
        fate.endedAt(),
        fate.summary(),
        fate.steps());
  }

  /** When the older entries of the same chat and thread, open at its creation, ended. */
  private List<Instant> earlierEnds(OutboxEntry e) {
    List<Instant> out = new ArrayList<>();
    for (Object[] r :
        em.createQuery(
                "select o.state, o.sentAt, o.updatedAt from OutboxEntry o where o.botId = :bot"
                    + " and o.chatId = :chat and o.threadKey = :thread and o.id < :id"
                    + " and o.createdAt <= :created"
                    + " and (o.state in :open or o.updatedAt > :created)",
                Object[].class)
            .setParameter("bot", e.botId())
            .setParameter("chat", e.chatId())
            .setParameter("thread", e.threadKey())
            .setParameter("id", e.id())
            .setParameter("created", e.createdAt())
            .setParameter("open", List.of(OutboxState.PENDING, OutboxState.IN_FLIGHT))
            .getResultList()) {
      OutboxState s = (OutboxState) r[0];
      if (s == OutboxState.PENDING || s == OutboxState.IN_FLIGHT) {
        out.add(null);
      } else {
        out.add(ms(r[1] != null ? (Instant) r[1] : (Instant) r[2]));
      }
    }
    return out;
  }

  /** The audited calls to the entry's chat ({@code ownChat}), or the 429s of the bot's others. */
  private List<MessageFate.Call> calls(OutboxEntry e, Instant from, Instant to, boolean ownChat) {
    return em
        .createQuery(
            "select c.calledAt, c.chatId, c.threadId, c.apiMethod, c.httpStatus, c.errorCode,"
                + " c.description, c.retryAfter, c.latencyMs from AuditedCall c"
                + " where c.botId = :bot and c.calledAt >= :from and c.calledAt <= :to"
                + (ownChat
                    ? " and c.chatId = :chat and c.lane is not null"
                    : " and c.chatId <> :chat and c.errorCode = 429")
                + " order by c.calledAt, c.id",
            Object[].class)
        .setParameter("bot", e.botId())
        .setParameter("chat", e.chatId())
        .setParameter("from", from)
        .setParameter("to", to)
        .setMaxResults(MAX_CALLS)
        .getResultList()
        .stream()
        .map(
            r ->
                new MessageFate.Call(
                    ms((Instant) r[0]),
                    r[1] == null ? 0 : (Long) r[1],
                    (Long) r[2],
                    (String) r[3],
                    (Integer) r[4],
                    (Integer) r[5],
                    (String) r[6],
                    (Integer) r[7],
                    ((Number) r[8]).longValue()))
        .toList();
  }

  /** The times the bot's breaker was open around [from, to]. */
  private List<MessageFate.BreakerSpan> breakerSpans(long botId, Instant from, Instant to) {
    List<BreakerEventView> changes =
        new ArrayList<>(
            breakers.changes(botId, from.minus(BREAKER_LOOKBACK), to.plusMillis(1), 1000));
    changes.sort(java.util.Comparator.comparing(BreakerEventView::at));
    List<MessageFate.BreakerSpan> spans = new ArrayList<>();
    Instant openedAt = null;
    for (BreakerEventView c : changes) {
      if ("open".equals(c.state()) && openedAt == null) {
        openedAt = c.at();
      } else if ("closed".equals(c.state()) && openedAt != null) {
        spans.add(new MessageFate.BreakerSpan(ms(openedAt), ms(c.at())));
        openedAt = null;
      }
    }
    if (openedAt != null) {
      spans.add(new MessageFate.BreakerSpan(ms(openedAt), null));
    }
    return spans;
  }

  /**
   * Times to the millisecond, as the answer gives durations: so that the causes' milliseconds add
   * up to the delay exactly.
   */
  private static Instant ms(Instant t) {
    return t == null ? null : t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
  }

  /** The least time between two messages to the chat, by the bot's limits. */
  private Duration spacing(long botId, long chatId) {
    Limits limits =
        bots.find(BotId.of(botId)).map(DeliveryEngine::limitsOf).orElse(Limits.telegramDefaults());
    return chatId > 0 ? limits.privateSpacing() : limits.groupSpacing();
  }
}
