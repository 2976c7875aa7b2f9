package io.tgdesk.diagnostics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * One outbox entry's fate, second by second: from what the outbox, the call audit and the breaker
 * history recorded, which cause held it at each moment between its enqueueing and its end. Pure: no
 * database, no clock (now comes in). Thread-safe (stateless).
 *
 * <p>At any moment the cause is the strongest of those that apply, in this order: its own call was
 * on its way to Telegram; an earlier entry of the same chat and thread was still open (order); the
 * bot's circuit breaker was open; a 429 paused it (its own, or one that paused the whole bot); it
 * backed off after a failed attempt; a call to the same chat had just been made (the chat's limit);
 * otherwise it waited for the bot's budget (its calls per second) and the dispatcher's next tick.
 */
public final class MessageFate {

  private MessageFate() {}

  /** Waiting shorter than this in all is no delay worth naming a cause for. */
  static final long NOTICEABLE_MILLIS = 1000;

  /** Two chats limited within this time: the delivery engine pauses the whole bot. */
  static final Duration BOT_WIDE_429 = Duration.ofSeconds(1);

  /** The causes of waiting, strongest first. */
  public enum Cause {
    IN_FLIGHT("in-flight"),
    ORDER("order"),
    BREAKER("breaker-open"),
    PAUSE("rate-limit-pause"),
    BACKOFF("back-off"),
    CHAT_LIMIT("chat-limit"),
    BOT_BUDGET("bot-budget");

    final String wire;

    Cause(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }
  }

  /** The entry as the outbox holds it; state in lower case. */
  public record Entry(
      long id,
      String state,
      String method,
      Long threadId,
      int attempts,
      Instant createdAt,
      Instant sentAt,
      Instant updatedAt,
      Integer lastErrorCode,
      String lastError) {

    boolean open() {
      return state.equals("pending") || state.equals("in_flight");
    }
  }

  /** An audited call to the entry's chat, or a 429 of the bot's other chats. */
  public record Call(
      Instant at,
      long chatId,
      Long threadId,
      String method,
      int httpStatus,
      Integer errorCode,
      String description,
      Integer retryAfter,
      long latencyMillis) {

    Instant answeredAt() {
      return at.plusMillis(latencyMillis);
    }

    boolean tooManyRequests() {
      return errorCode != null && errorCode == 429;
    }

    boolean ok() {
      return errorCode == null && httpStatus > 0;
    }
  }

  /** A time the bot's circuit breaker was open; {@code closedAt} null while it still is. */
  public record BreakerSpan(Instant openedAt, Instant closedAt) {}

  /**
   * One step of the timeline: a moment ({@code until} absent) or a stretch of waiting.
   *
   * @param kind enqueued, attempt, sent, failed, dead, uncertain, cancelled, waiting, or a cause of
   *     waiting ({@link Cause#wire()})
   * @param scope of a 429 pause: chat or bot
   */
  public record Step(
      String kind,
      Instant at,
      Instant until,
      Long millis,
      String text,
      Integer retryAfter,
      String scope,
      Integer httpStatus,
      Integer errorCode,
      String description) {

    static Step moment(String kind, Instant at, String text) {
      return new Step(kind, at, null, null, text, null, null, null, null, null);
    }
  }

  /**
   * What explains the delay.
   *
   * @param dominantCause the cause that held the entry longest, or none
   * @param millisByCause each cause of waiting and its milliseconds
   */
  public record Summary(
      long delayMillis, String dominantCause, String text, Map<String, Long> millisByCause) {}

  /** The steps and their summary. */
  public record Fate(Instant endedAt, List<Step> steps, Summary summary) {}

  /**
   * @param earlierEnds when each older entry of the same chat and thread that was open at the
   *     entry's creation ended (null: still open)
   * @param chatCalls the audited calls to the entry's chat around its life, oldest first
   * @param otherChat429s the 429s of the bot's other chats in its life, oldest first
   * @param chatSpacing the least time between two messages to the chat
   */
  public static Fate of(
      Entry entry,
      List<Instant> earlierEnds,
      List<Call> chatCalls,
      List<Call> otherChat429s,
      List<BreakerSpan> breaker,
      Duration chatSpacing,
      Instant now) {
    Instant end = end(entry, now);
    Instant ready = readyAt(entry, earlierEnds, end);
    List<Call> own = ownCalls(entry, chatCalls, ready, end);

    List<Step> steps = new ArrayList<>();
    steps.add(Step.moment("enqueued", entry.createdAt(), "enqueued"));
    for (int i = 0; i < own.size(); i++) {
      steps.add(attempt(i + 1, own.get(i)));
    }
    // The causes are gathered in their order of strength: of equally strong spans, the first wins.
    WaitSpans spans = new WaitSpans(end, chatCalls, otherChat429s, chatSpacing);
    spans.addOrder(entry.createdAt(), ready, earlierEnds.size());
    spans.addBreaker(breaker);
    spans.addAttempts(own);
    spans.addOtherChatPauses();
    spans.addChatLimits();
    Map<String, Long> byCause = spans.sweep(entry.createdAt(), steps);
    steps.add(outcome(entry, end, own.size()));
    steps.sort(Comparator.comparing(Step::at));
    return new Fate(entry.open() ? null : end, steps, summary(entry, end, byCause));
  }

  /** When the entry's life ended: now while it is open, never before its creation. */
  private static Instant end(Entry entry, Instant now) {
    Instant last = entry.open() ? now : entry.sentAt() != null ? entry.sentAt() : entry.updatedAt();
    return last.isBefore(entry.createdAt()) ? entry.createdAt() : last;
  }

  /** When the last earlier entry of the same chat and thread ended, at most {@code end}. */
  private static Instant readyAt(Entry entry, List<Instant> earlierEnds, Instant end) {
    Instant readyAt = entry.createdAt();
    for (Instant e : earlierEnds) {
      Instant ended = e == null ? end : e;
      readyAt = ended.isAfter(readyAt) ? ended : readyAt;
    }
    return readyAt.isAfter(end) ? end : readyAt;
  }

  /** The entry's own attempts: calls of its method to its thread once it was first in line. */
  private static List<Call> ownCalls(
      Entry entry, List<Call> chatCalls, Instant ready, Instant end) {
    return chatCalls.stream()
        .filter(c -> !c.at().isBefore(ready) && !c.at().isAfter(end))
        .filter(c -> c.method().equals(entry.method()))
        .filter(c -> java.util.Objects.equals(c.threadId(), entry.threadId()))
        .toList();
  }

  private static Step attempt(int n, Call c) {
    String answer =
        c.httpStatus() == 0
            ? "no answer (" + c.description() + ")"
            : c.ok() ? "ok" : c.errorCode() + " " + c.description();
    return new Step(
        "attempt",
        c.at(),
        null,
        null,
        "attempt " + n + " called " + c.method() + ": " + answer,
        c.retryAfter(),
        null,
        c.httpStatus(),
        c.errorCode(),
        c.description());
  }

  private static Step outcome(Entry e, Instant end, int attempts) {
    return switch (e.state()) {
      case "sent" -> Step.moment("sent", end, "sent at " + end);
      case "failed" ->
          new Step(
              "failed",
              end,
              null,
              null,
              "failed: Telegram refused it (" + e.lastError() + ")",
              null,
              null,
              null,
              e.lastErrorCode(),
              e.lastError());
      case "dead" ->
          new Step(
              "dead",
              end,
              null,
              null,
              "gave up after " + e.attempts() + " attempts: " + e.lastError(),
              null,
              null,
              null,
              e.lastErrorCode(),
              e.lastError());
      case "uncertain" ->
          Step.moment(
              "uncertain",
              end,
              "uncertain: the request was written but no answer came ("
                  + e.lastError()
                  + "); it may be in the chat");
      case "cancelled" ->
          Step.moment(
              "cancelled",
              end,
              e.lastError() == null ? "cancelled" : e.lastError().replaceFirst("^c", "C"));
      default ->
          Step.moment(
              "waiting",
              end,
              "still "
                  + e.state().replace('_', ' ')
                  + " at "
                  + end
                  + " after "
                  + attempts
                  + " attempt"
                  + (attempts == 1 ? "" : "s"));
    };
  }

  private static Summary summary(Entry e, Instant end, Map<String, Long> byCause) {
    long delay = Duration.between(e.createdAt(), end).toMillis();
    Dominant dominant = Dominant.of(byCause);
    String cause = dominant.cause();
    String outcome =
        switch (e.state()) {
          case "sent" -> "Sent " + secs(delay) + " after it was enqueued";
          case "pending", "in_flight" -> "Still waiting after " + secs(delay);
          default -> "Ended " + e.state() + " after " + secs(delay);
        };
    String why =
        cause.equals("none")
            ? "; nothing held it up."
            : "; most of it (" + secs(dominant.millis()) + ") " + describe(cause) + ".";
    return new Summary(delay, cause, outcome + why, byCause);
  }

  /**
   * One summary for several messages (the sends of one host event): their delays and causes added
   * up, the dominant cause the one that held them longest in all.
   *
   * @param each the messages' own summaries
   * @param states each message's state, in lower case, in the same order
   */
  public static Summary ofAll(List<Summary> each, List<String> states) {
    if (each.isEmpty()) {
      return new Summary(0, "none", "No message went out from it.", Map.of());
    }
    Map<String, Long> byCause = new java.util.TreeMap<>();
    long delay = 0;
    for (Summary s : each) {
      delay += s.delayMillis();
      s.millisByCause().forEach((k, v) -> byCause.merge(k, v, Long::sum));
    }
    Dominant dominant = Dominant.of(byCause);
    String cause = dominant.cause();
    Map<String, Long> byState = new java.util.TreeMap<>();
    states.forEach(st -> byState.merge(st, 1L, Long::sum));
    String counts =
        byState.entrySet().stream()
            .map(x -> x.getValue() + " " + x.getKey())
            .collect(java.util.stream.Collectors.joining(", "));
    String why =
        cause.equals("none")
            ? "; nothing held them up."
            : "; most of their waiting ("
                + secs(dominant.millis())
                + " of "
                + secs(delay)
                + ") "
                + describe(cause)
                + ".";
    return new Summary(
        delay,
        cause,
        each.size() + (each.size() == 1 ? " message (" : " messages (") + counts + ")" + why,
        byCause);
  }

  /**
   * The cause that held a message (or messages) longest, time in flight not counted; {@code none}
   * when all the waiting was below what is noticeable.
   */
  private record Dominant(String cause, long millis) {
    static Dominant of(Map<String, Long> byCause) {
      long waited = 0;
      Map.Entry<String, Long> longest = null;
      for (Map.Entry<String, Long> x : byCause.entrySet()) {
        if (x.getKey().equals(Cause.IN_FLIGHT.wire())) {
          continue;
        }
        waited += x.getValue();
        if (longest == null || x.getValue() > longest.getValue()) {
          longest = x;
        }
      }
      return longest == null || waited < NOTICEABLE_MILLIS
          ? new Dominant("none", 0)
          : new Dominant(longest.getKey(), longest.getValue());
    }
  }

  private static String describe(String cause) {
    return switch (cause) {
      case "order" -> "behind earlier messages to the same chat";
      case "breaker-open" -> "while the bot's circuit breaker was open";
      case "rate-limit-pause" -> "paused by Telegram's 429 answers";
      case "back-off" -> "backing off after failed attempts";
      case "chat-limit" -> "waiting for the chat's limit";
      default -> "waiting for the bot's budget";
    };
  }

  static String secs(Duration d) {
    return secs(d.toMillis());
  }

  static String secs(long millis) {
    return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
  }
}
