package io.tgdesk.diagnostics;

import io.tgdesk.diagnostics.MessageFate.BreakerSpan;
import io.tgdesk.diagnostics.MessageFate.Call;
import io.tgdesk.diagnostics.MessageFate.Cause;
import io.tgdesk.diagnostics.MessageFate.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The evidence of one outbox entry's waiting for {@link MessageFate}: the stretches each cause of
 * waiting covers, gathered in the order of the causes, and the sweep that names the strongest one
 * at each moment. Pure (no database, no clock); one instance per fate, not thread-safe.
 */
final class WaitSpans {

  private record Span(Instant from, Instant to, Cause cause, Step detail) {}

  private final Instant end;
  private final List<Call> chatCalls;
  private final List<Call> otherChat429s;
  private final Duration chatSpacing;
  private final List<Span> spans = new ArrayList<>();

  /**
   * @param end when the entry's life ended (or now, while it is open)
   * @param chatCalls the audited calls to the entry's chat around its life, oldest first
   * @param otherChat429s the 429s of the bot's other chats in its life, oldest first
   * @param chatSpacing the least time between two messages to the chat
   */
  WaitSpans(Instant end, List<Call> chatCalls, List<Call> otherChat429s, Duration chatSpacing) {
    this.end = end;
    this.chatCalls = chatCalls;
    this.otherChat429s = otherChat429s;
    this.chatSpacing = chatSpacing;
  }

  /** The entry waited from its creation until the earlier entries of its chat had ended. */
  void addOrder(Instant createdAt, Instant readyAt, int earlier) {
    if (readyAt.isAfter(createdAt)) {
      spans.add(
          new Span(
              createdAt,
              readyAt,
              Cause.ORDER,
              text(
                  Cause.ORDER,
                  "behind "
                      + earlier
                      + " earlier message"
                      + (earlier == 1 ? "" : "s")
                      + " to the same chat (order)")));
    }
  }

  void addBreaker(List<BreakerSpan> breaker) {
    for (BreakerSpan b : breaker) {
      Instant closed = b.closedAt() == null ? end : b.closedAt();
      spans.add(
          new Span(
              b.openedAt(),
              closed,
              Cause.BREAKER,
              text(
                  Cause.BREAKER,
                  "while the bot's circuit breaker was open ("
                      + b.openedAt()
                      + " to "
                      + (b.closedAt() == null ? "now" : b.closedAt())
                      + ")")));
    }
  }

  /** Each of the entry's own calls: its answer awaited, then its 429 pause or its back-off. */
  void addAttempts(List<Call> own) {
    for (int i = 0; i < own.size(); i++) {
      Call c = own.get(i);
      spans.add(
          new Span(
              c.at(),
              c.answeredAt(),
              Cause.IN_FLIGHT,
              text(Cause.IN_FLIGHT, "for Telegram's answer to attempt " + (i + 1))));
      Instant next = i + 1 < own.size() ? own.get(i + 1).at() : end;
      if (c.tooManyRequests()) {
        boolean botWide = !chatWasBusy(c) || wasBotWide(c);
        spans.add(pause(c, botWide ? "bot" : "chat"));
      } else if (!c.ok() && next.isAfter(c.answeredAt())) {
        spans.add(
            new Span(
                c.answeredAt(),
                next,
                Cause.BACKOFF,
                text(Cause.BACKOFF, "backing off after attempt " + (i + 1) + " failed")));
      }
    }
  }

  /** The 429s of other chats that paused the whole bot. */
  void addOtherChatPauses() {
    for (Call c : otherChat429s) {
      if (c.retryAfter() != null && wasBotWide(c)) {
        spans.add(pause(c, "bot"));
      }
    }
  }

  /** Every call to the chat keeps the next one waiting for the chat's spacing. */
  void addChatLimits() {
    for (Call c : chatCalls) {
      spans.add(
          new Span(
              c.at(),
              c.at().plus(chatSpacing),
              Cause.CHAT_LIMIT,
              text(
                  Cause.CHAT_LIMIT,
                  "for the chat's limit (one message per " + MessageFate.secs(chatSpacing) + ")")));
    }
  }

  /**
   * Attributes each moment of [from, end) to the strongest span covering it (else the bot's
   * budget), merges neighbours of the same cause into steps, and returns the milliseconds per
   * cause.
   */
  Map<String, Long> sweep(Instant from, List<Step> steps) {
    Map<String, Long> byCause = new TreeMap<>();
    Span current = null;
    Instant currentFrom = null;
    Instant previous = null;
    for (Instant cut : cuts(from)) {
      if (previous != null) {
        Instant a = previous;
        Span strongest =
            spans.stream()
                .filter(s -> !s.from().isAfter(a) && s.to().isAfter(a))
                .min(Comparator.comparing(Span::cause))
                .orElse(
                    new Span(
                        a, cut, Cause.BOT_BUDGET, text(Cause.BOT_BUDGET, "for the bot's budget")));
        if (current == null || !sameStep(current, strongest)) {
          if (current != null) {
            steps.add(wait(current, currentFrom, a));
          }
          current = strongest;
          currentFrom = a;
        }
        byCause.merge(strongest.cause().wire(), Duration.between(a, cut).toMillis(), Long::sum);
      }
      previous = cut;
    }
    if (current != null) {
      steps.add(wait(current, currentFrom, end));
    }
    return byCause;
  }

  /** The moments in [from, end] where a span begins or ends, with both bounds. */
  private TreeSet<Instant> cuts(Instant from) {
    TreeSet<Instant> cuts = new TreeSet<>();
    cuts.add(from);
    cuts.add(end);
    for (Span s : spans) {
      if (s.from().isAfter(from) && s.from().isBefore(end)) {
        cuts.add(s.from());
      }
      if (s.to().isAfter(from) && s.to().isBefore(end)) {
        cuts.add(s.to());
      }
    }
    return cuts;
  }

  private static boolean sameStep(Span a, Span b) {
    return a.cause() == b.cause() && a.detail().text().equals(b.detail().text());
  }

  private static Step wait(Span s, Instant from, Instant to) {
    long millis = Duration.between(from, to).toMillis();
    Step d = s.detail();
    String text =
        s.cause() == Cause.IN_FLIGHT
            ? "waited " + MessageFate.secs(millis) + " " + d.text()
            : s.cause() == Cause.PAUSE
                ? "paused " + MessageFate.secs(millis) + " " + d.text()
                : "waited " + MessageFate.secs(millis) + " " + d.text();
    return new Step(
        s.cause().wire(), from, to, millis, text, d.retryAfter(), d.scope(), null, null, null);
  }

  private static Span pause(Call c, String scope) {
    Instant until = c.at().plusSeconds(c.retryAfter() == null ? 0 : c.retryAfter());
    return new Span(
        c.at(),
        until,
        Cause.PAUSE,
        new Step(
            Cause.PAUSE.wire(),
            c.at(),
            null,
            null,
            "by a 429 at "
                + c.at()
                + " ("
                + ("bot".equals(scope) ? "the whole bot" : "this chat")
                + ", retry_after "
                + c.retryAfter()
                + " s)",
            c.retryAfter(),
            scope,
            null,
            429,
            c.description()));
  }

  /**
   * The delivery engine's rule for a 429 of the chat: it can be the chat's own limit only if the
   * call before it went to the same chat within the spacing and a second of slack. (A group's full
   * minute window also counts there; it is not recorded, so a group can read as bot-wide here.)
   */
  private boolean chatWasBusy(Call c) {
    return chatCalls.stream()
        .anyMatch(
            o ->
                o.at().isBefore(c.at()) && o.at().plus(chatSpacing).plusSeconds(1).isAfter(c.at()));
  }

  /** The delivery engine's rule: a 429 shortly after another chat's pauses the whole bot. */
  private boolean wasBotWide(Call c) {
    return otherChat429s.stream()
        .anyMatch(
            o ->
                o.chatId() != c.chatId()
                    && !o.at().isAfter(c.at())
                    && o.at().plus(MessageFate.BOT_WIDE_429).isAfter(c.at()));
  }

  private static Step text(Cause cause, String text) {
    return new Step(cause.wire(), Instant.EPOCH, null, null, text, null, null, null, null, null);
  }
}
