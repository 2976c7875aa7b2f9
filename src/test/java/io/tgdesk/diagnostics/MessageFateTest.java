package io.tgdesk.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgdesk.diagnostics.MessageFate.BreakerSpan;
import io.tgdesk.diagnostics.MessageFate.Call;
import io.tgdesk.diagnostics.MessageFate.Entry;
import io.tgdesk.diagnostics.MessageFate.Fate;
import io.tgdesk.diagnostics.MessageFate.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageFateTest {

  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
  static final long CHAT = 42;
  static final Duration SPACING = Duration.ofSeconds(1);

  static Instant at(double seconds) {
    return T0.plusMillis((long) (seconds * 1000));
  }

  static Entry sent(double sentAt) {
    return new Entry(1, "sent", "sendMessage", null, 1, T0, at(sentAt), at(sentAt), null, null);
  }

  static Call ok(double at) {
    return new Call(at(at), CHAT, null, "sendMessage", 200, null, null, null, 50);
  }

  static Call tooMany(double at, long chat, int retryAfter) {
    return new Call(
        at(at), chat, null, "sendMessage", 429, 429, "Too Many Requests", retryAfter, 50);
  }

  static List<String> kinds(Fate f) {
    return f.steps().stream().map(Step::kind).toList();
  }

  @Test
  void aMessageSentAtOnceHadNothingHoldingItUp() {
    Fate f =
        MessageFate.of(sent(0.15), List.of(), List.of(ok(0.1)), List.of(), List.of(), SPACING, T0);

    assertThat(kinds(f)).containsExactly("enqueued", "bot-budget", "attempt", "in-flight", "sent");
    assertThat(f.summary().dominantCause()).isEqualTo("none");
    assertThat(f.summary().delayMillis()).isEqualTo(150);
  }

  @Test
  void waitingBehindEarlierMessagesOfTheChatIsNamedOrderAndEverySecondIsAccountedFor() {
    Fate f =
        MessageFate.of(
            sent(6.05),
            List.of(at(5), at(4)),
            List.of(ok(4.9), ok(6.0)),
            List.of(),
            List.of(),
            SPACING,
            T0);

    assertThat(f.summary().dominantCause()).isEqualTo("order");
    assertThat(f.summary().millisByCause()).containsEntry("order", 5000L);
    assertThat(f.summary().millisByCause().values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(6050);
    Step order = f.steps().get(1);
    assertThat(order.text()).contains("behind 2 earlier messages");
    // the second after the predecessor's call is the chat's limit
    assertThat(f.summary().millisByCause()).containsEntry("chat-limit", 900L);
  }

  @Test
  void a429AfterAQuietChatPausedTheWholeBotAsTheEngineDecides() {
    Fate f =
        MessageFate.of(
            sent(12.15),
            List.of(),
            List.of(tooMany(2, CHAT, 10), ok(12.1)),
            List.of(),
            List.of(),
            SPACING,
            T0);

    Step pause =
        f.steps().stream().filter(s -> s.kind().equals("rate-limit-pause")).findFirst().get();
    assertThat(pause.scope()).isEqualTo("bot");
  }

  @Test
  void aBusyChatsOwn429PausesTheMessageForRetryAfterWithTheChatAsScope() {
    Fate f =
        MessageFate.of(
            sent(12.15),
            List.of(),
            List.of(ok(1.5), tooMany(2, CHAT, 10), ok(12.1)),
            List.of(),
            List.of(),
            SPACING,
            T0);

    assertThat(f.summary().dominantCause()).isEqualTo("rate-limit-pause");
    Step pause =
        f.steps().stream().filter(s -> s.kind().equals("rate-limit-pause")).findFirst().get();
    assertThat(pause.scope()).isEqualTo("chat");
    assertThat(pause.retryAfter()).isEqualTo(10);
    assertThat(pause.text()).startsWith("paused ");
  }

  @Test
  void anotherChatsBurstOf429sPausesTheWholeBot() {
    Fate f =
        MessageFate.of(
            sent(20.15),
            List.of(),
            List.of(ok(20.1)),
            List.of(tooMany(1, 7, 15), tooMany(1.5, 8, 15)),
            List.of(),
            SPACING,
            T0);

    Step pause =
        f.steps().stream().filter(s -> s.kind().equals("rate-limit-pause")).findFirst().get();
    assertThat(pause.scope()).isEqualTo("bot");
    assertThat(f.summary().dominantCause()).isEqualTo("rate-limit-pause");
  }

  @Test
  void aSingle429OfAnotherChatDoesNotHoldThisChat() {
    Fate f =
        MessageFate.of(
            sent(20.15),
            List.of(),
            List.of(ok(20.1)),
            List.of(tooMany(1, 7, 15)),
            List.of(),
            SPACING,
            T0);

    assertThat(f.summary().dominantCause()).isEqualTo("bot-budget");
  }

  @Test
  void anOpenBreakerIsNamedWithItsTimes() {
    Fate f =
        MessageFate.of(
            sent(16.15),
            List.of(),
            List.of(ok(16.1)),
            List.of(),
            List.of(new BreakerSpan(at(1), at(16))),
            SPACING,
            T0);

    assertThat(f.summary().dominantCause()).isEqualTo("breaker-open");
    assertThat(f.summary().millisByCause()).containsEntry("breaker-open", 15000L);
  }

  @Test
  void aCancelledMessageEndsWithWhoCancelledIt() {
    Entry cancelled =
        new Entry(
            1, "cancelled", "sendMessage", null, 0, T0, null, at(3), null, "cancelled by an admin");
    Fate f = MessageFate.of(cancelled, List.of(), List.of(), List.of(), List.of(), SPACING, T0);

    Step last = f.steps().get(f.steps().size() - 1);
    assertThat(last.kind()).isEqualTo("cancelled");
    assertThat(last.text()).isEqualTo("Cancelled by an admin");
    assertThat(f.endedAt()).isEqualTo(at(3));
  }

  @Test
  void aPendingMessageIsStillWaitingNow() {
    Entry pending = new Entry(1, "pending", "sendMessage", null, 0, T0, null, T0, null, null);
    Fate f =
        MessageFate.of(
            pending,
            java.util.Arrays.asList((Instant) null),
            List.of(),
            List.of(),
            List.of(),
            SPACING,
            at(30));

    assertThat(f.endedAt()).isNull();
    assertThat(f.summary().dominantCause()).isEqualTo("order");
    assertThat(f.steps().get(f.steps().size() - 1).kind()).isEqualTo("waiting");
  }

  @Test
  void aFailedAttemptBacksOffUntilTheNextOne() {
    Call error = new Call(at(1), CHAT, null, "sendMessage", 502, 502, "Bad Gateway", null, 50);
    Fate f =
        MessageFate.of(
            sent(9.15), List.of(), List.of(error, ok(9.1)), List.of(), List.of(), SPACING, T0);

    assertThat(f.summary().dominantCause()).isEqualTo("back-off");
  }

  @Test
  void theSendsOfAHostEventAddUpAndTheCauseThatHeldThemLongestIsDominant() {
    var first = new MessageFate.Summary(1200, "order", "x", java.util.Map.of("order", 1200L));
    var second =
        new MessageFate.Summary(
            4000,
            "rate-limit-pause",
            "y",
            java.util.Map.of("rate-limit-pause", 3000L, "order", 900L, "in-flight", 100L));

    var all = MessageFate.ofAll(List.of(first, second), List.of("sent", "pending"));

    assertThat(all.delayMillis()).isEqualTo(5200);
    assertThat(all.millisByCause())
        .containsEntry("order", 2100L)
        .containsEntry("rate-limit-pause", 3000L)
        .containsEntry("in-flight", 100L);
    assertThat(all.dominantCause()).isEqualTo("rate-limit-pause");
    assertThat(all.text())
        .startsWith("2 messages (1 pending, 1 sent); most of their waiting (3.0 s of 5.2 s)");
  }

  @Test
  void aHostEventWithoutSendsOrWithBriefWaitsNamesNoCause() {
    assertThat(MessageFate.ofAll(List.of(), List.of()).dominantCause()).isEqualTo("none");
    var brief = new MessageFate.Summary(300, "none", "x", java.util.Map.of("bot-budget", 300L));
    var all = MessageFate.ofAll(List.of(brief, brief), List.of("sent", "sent"));
    assertThat(all.dominantCause()).isEqualTo("none");
    assertThat(all.text()).isEqualTo("2 messages (2 sent); nothing held them up.");
  }
}
