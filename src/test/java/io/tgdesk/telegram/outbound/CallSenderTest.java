package io.tgdesk.telegram.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgdesk.telegram.botapi.BotApiException;
import io.tgdesk.telegram.botapi.BotEndpoint;
import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.telegram.outbound.outbox.ClaimedEntries;
import io.tgdesk.telegram.outbound.outbox.Lane;
import io.tgdesk.telegram.outbound.outbox.OutboxEntry;
import io.tgdesk.telegram.outbound.retry.Decision;
import io.tgdesk.telegram.outbound.throttle.BotThrottle;
import io.tgdesk.telegram.outbound.throttle.CallKind;
import io.tgdesk.telegram.outbound.throttle.Limits;
import io.tgdesk.telegram.outbound.throttle.StartGate;
import io.tgdesk.testing.MutableClock;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * One call of a bot's loop, from its departure mark to its outcome, against a scripted Bot API and
 * the test clock: the real throttle, gate, departure marks, 429 pauses and topic repair.
 */
class CallSenderTest {

  static final Instant START = Instant.parse("2026-12-03T10:00:00Z");
  static final BotId BOT = BotId.of(7);
  static final long CHAT = 1001;
  static final long OTHER_CHAT = 1002;
  static final BotEndpoint ENDPOINT =
      new BotEndpoint(URI.create("http://127.0.0.1:9"), "123456:test-token-of-the-bot");

  final MutableClock clock = new MutableClock(START);
  final BotThrottle throttle = new BotThrottle(Limits.telegramDefaults(), clock);
  final Object lock = new Object();
  final ScriptedBotApi api = new ScriptedBotApi(clock);
  final RecordedOutcomes outcomes = new RecordedOutcomes();
  final List<String> persistedPauses = new ArrayList<>();
  final RateLimitPauses pauses =
      new RateLimitPauses(
          BOT,
          throttle,
          lock,
          new RateLimitPauses.Store() {
            @Override
            public void pauseBot(Instant until) {
              persistedPauses.add("bot until " + until);
            }

            @Override
            public void pauseChat(long chatId, Instant until) {
              persistedPauses.add("chat " + chatId + " until " + until);
            }
          },
          clock);

  /** The entries whose departure marks were written; those in {@link #gone} are not in flight. */
  final Set<Long> marked = new HashSet<>();

  final Set<Long> gone = new HashSet<>();
  final DepartureMarks departures =
      new DepartureMarks(
          ids -> {
            Set<Long> inFlight = new HashSet<>(ids);
            inFlight.removeAll(gone);
            marked.addAll(inFlight);
            return inFlight;
          });

  boolean mayAct = true;
  boolean open = true;
  boolean disabled;

  final CallSender sender =
      new CallSender(
          api,
          outcomes,
          departures,
          pauses,
          new TopicRepair(BOT, api, noTopicsKnown(), throttle, lock),
          throttle,
          new CallSender.Loop() {
            @Override
            public boolean mayAct() {
              return mayAct;
            }

            @Override
            public boolean open() {
              return open;
            }

            @Override
            public void disable() {
              disabled = true;
            }
          },
          clock);

  private static TopicRepair.Topics noTopicsKnown() {
    return new TopicRepair.Topics() {
      @Override
      public Optional<Long> currentThread(long chatId, long threadId) {
        return Optional.empty();
      }

      @Override
      public Optional<String> name(long chatId, long threadId) {
        return Optional.empty();
      }
    };
  }

  private long nextId = 1;

  private OutboxEntry message(long chatId, long thread, Lane lane, boolean paid) {
    return ClaimedEntries.claimed(
        nextId++,
        BOT.value(),
        BotMethod.SEND_MESSAGE.wireName(),
        Json.createObjectBuilder().add("chat_id", chatId).add("text", "hello").build().toString(),
        chatId,
        thread,
        lane,
        paid,
        clock.instant());
  }

  private OutboxEntry message(long chatId) {
    return message(chatId, 0, Lane.AGENT_REPLY, false);
  }

  /** A call booked for now, planned with the 429s known so far. */
  private CallSender.Dispatch dispatch(OutboxEntry e, boolean paid) {
    return new CallSender.Dispatch(
        ENDPOINT,
        e,
        paid,
        clock.instant(),
        new StartGate(clock),
        throttle.budgetSpacing(paid),
        throttle.budgetPerSecond(paid),
        pauses.applied());
  }

  private Answer send(OutboxEntry e) {
    return sender.send(dispatch(e, false)).orElseThrow();
  }

  private static BotApiException.TelegramError telegram(int code, String text, Integer after) {
    return new BotApiException.TelegramError("sendMessage", code, text, after, null);
  }

  @Test
  void aCallLeavesOnlyAfterItsDepartureMarkAndIsSentWithTheTimeOfItsAnswer() {
    OutboxEntry e = message(CHAT);
    List<Boolean> markedWhenItLeft = new ArrayList<>();
    api.onRequest = () -> markedWhenItLeft.add(marked.contains(e.id()));
    api.answerTime = Duration.ofMillis(300);
    api.answers(Json.createObjectBuilder().add("message_id", 55).build());

    Answer answer = send(e);

    assertThat(markedWhenItLeft).containsExactly(true);
    assertThat(api.requests.get(0).params().getInt("chat_id")).isEqualTo((int) CHAT);
    assertThat(api.requests.get(0).context().attempt()).isEqualTo(1);
    assertThat(answer)
        .isEqualTo(
            new Answer.Sent(CHAT, CallKind.MESSAGE, START, START.plus(Duration.ofMillis(300))));
    assertThat(outcomes.only().kind()).isEqualTo("sentAll");
  }

  @Test
  void anAnswerWhoseBatchFailedIsWrittenAlone() {
    outcomes.refused.add("sentAll");
    api.answers(Json.createObjectBuilder().add("message_id", 60).build());

    send(message(CHAT));

    assertThat(outcomes.kinds()).containsExactly("sent");
  }

  @Test
  void a429ForAChatThatWasQuietPausesTheWholeBotAndItsEntryWaitsOutThePause() {
    api.fails(() -> telegram(429, "Too Many Requests: retry after 7", 7));

    Answer answer = send(message(CHAT));

    Instant until = START.plusSeconds(7).plus(Limits.telegramDefaults().retryMargin());
    assertThat(answer).isInstanceOf(Answer.Failed.class);
    assertThat(((Answer.Failed) answer).decision()).isInstanceOf(Decision.RateLimited.class);
    assertThat(((Answer.Failed) answer).transportFailure()).isFalse();
    assertThat(persistedPauses).containsExactly("bot until " + until);
    assertThat(throttle.earliest(OTHER_CHAT, CallKind.MESSAGE, false)).isEqualTo(until);
    RecordedOutcomes.Write write = outcomes.only();
    assertThat(write.kind()).isEqualTo("failed");
    assertThat(write.retryAt()).isEqualTo(until);
  }

  @Test
  void a429ForAChatThatJustHadMessagesPausesOnlyThatChat() {
    throttle.record(CHAT, CallKind.MESSAGE, false, START.minusMillis(1500));
    throttle.record(CHAT, CallKind.MESSAGE, false, START.minusMillis(500));
    api.fails(() -> telegram(429, "Too Many Requests: retry after 3", 3));

    send(message(CHAT));

    Instant until = START.plusSeconds(3).plus(Limits.telegramDefaults().retryMargin());
    assertThat(persistedPauses).containsExactly("chat " + CHAT + " until " + until);
    assertThat(throttle.earliest(CHAT, CallKind.MESSAGE, false)).isEqualTo(until);
    assertThat(throttle.earliest(OTHER_CHAT, CallKind.MESSAGE, false)).isEqualTo(START);
  }

  @Test
  void aCallPlannedBeforeA429CameBackIsNotMadeAndGoesBackToPending() {
    OutboxEntry waiting = message(OTHER_CHAT);
    CallSender.Dispatch planned = dispatch(waiting, false);
    api.fails(() -> telegram(429, "Too Many Requests: retry after 5", 5));
    send(message(CHAT));

    Optional<Answer> answer = sender.send(planned);

    assertThat(answer).contains(new Answer.NotMade(OTHER_CHAT));
    assertThat(api.requests).hasSize(1); // only the call that got the 429
    assertThat(outcomes.kinds()).containsExactly("failed", "notMade");
    assertThat(outcomes.writes.get(1).entryId()).isEqualTo(waiting.id());
  }

  @Test
  void aCallWaitingForItsSlotWhenTheBreakerOpenedIsNotMade() {
    open = false;

    assertThat(send(message(CHAT))).isEqualTo(new Answer.NotMade(CHAT));
    assertThat(api.requests).isEmpty();
    assertThat(outcomes.kinds()).containsExactly("notMade");
  }

  @Test
  void aServerThatLostTheBotsLeaseMakesNoCallAndLeavesNoMark() {
    mayAct = false;
    OutboxEntry e = message(CHAT);

    assertThat(send(e)).isEqualTo(new Answer.NotMade(CHAT));
    assertThat(api.requests).isEmpty();
    assertThat(marked).isEmpty();
    assertThat(outcomes.kinds()).containsExactly("notMade");
  }

  @Test
  void anEntryCancelledAfterItsClaimIsNotCalledAndNotWritten() {
    OutboxEntry e = message(CHAT);
    gone.add(e.id());

    assertThat(send(e)).isEqualTo(new Answer.NotMade(CHAT));
    assertThat(api.requests).isEmpty();
    assertThat(outcomes.writes).isEmpty();
  }

  @Test
  void aCallThatCannotBePutBackWhenItsMarkFailsKeepsItsChatWaiting() {
    DepartureMarks broken =
        new DepartureMarks(
            ids -> {
              throw new IllegalStateException("database down");
            });
    CallSender withoutMarks =
        new CallSender(
            api,
            outcomes,
            broken,
            pauses,
            new TopicRepair(BOT, api, noTopicsKnown(), throttle, lock),
            throttle,
            new CallSender.Loop() {
              @Override
              public boolean mayAct() {
                return true;
              }

              @Override
              public boolean open() {
                return true;
              }

              @Override
              public void disable() {}
            },
            clock);
    outcomes.refused.add("notMade");

    assertThat(withoutMarks.send(dispatch(message(CHAT), false))).isEmpty();
    assertThat(api.requests).isEmpty();
  }

  @Test
  void a401StopsTheBotsCallsAtOnce() {
    api.fails(() -> telegram(401, "Unauthorized", null));

    Answer answer = send(message(CHAT));

    assertThat(disabled).isTrue();
    assertThat(((Answer.Failed) answer).decision()).isInstanceOf(Decision.BotUnauthorized.class);
    assertThat(((Answer.Failed) answer).transportFailure()).isFalse();
  }

  @Test
  void noAnswerToASendCountsAgainstTheBreakerAndLeavesTheEntryUncertain() {
    api.answerTime = Duration.ofSeconds(75);
    api.fails(() -> new BotApiException.Unreachable("sendMessage", "read timed out", true, null));

    Answer.Failed answer = (Answer.Failed) send(message(CHAT));

    assertThat(answer.transportFailure()).isTrue();
    assertThat(answer.decision()).isInstanceOf(Decision.Uncertain.class);
    assertThat(answer.failure()).startsWith("no answer: ");
    assertThat(answer.answered()).isEqualTo(START.plusSeconds(75));
    assertThat(outcomes.only().decision()).isInstanceOf(Decision.Uncertain.class);
  }

  @Test
  void aRefusalWhoseOutcomeCannotBeWrittenLeavesTheCallInFlightAndItsChatWaiting() {
    api.fails(() -> telegram(502, "Bad Gateway", null));
    outcomes.refused.add("failed");

    // No answer for the loop: the entry stays in flight, and nothing newer of its chat overtakes
    // it until the bot's loop starts again and settles it.
    assertThat(sender.send(dispatch(message(CHAT), false))).isEmpty();
    assertThat(api.requests).hasSize(1);
  }

  @Test
  void a5xxCountsAgainstTheBreaker() {
    api.fails(() -> telegram(502, "Bad Gateway", null));

    Answer.Failed answer = (Answer.Failed) send(message(CHAT));

    assertThat(answer.transportFailure()).isTrue();
    assertThat(answer.failure()).isEqualTo("502 Bad Gateway");
  }

  @Test
  void anAnswerThatCannotBeWrittenAsSentBecomesUncertainNeverPending() {
    outcomes.refused.add("sentAll");
    outcomes.refused.add("sent");
    outcomes.refused.add("sentWithFollowUpDue");
    api.answers(Json.createObjectBuilder().add("message_id", 56).build());

    Answer answer = send(message(CHAT));

    assertThat(answer).isInstanceOf(Answer.Sent.class);
    assertThat(outcomes.kinds()).containsExactly("answeredButNotRecorded");
    assertThat(api.requests).hasSize(1);
  }

  @Test
  void anAnswerWhoseEffectsFailIsSentAndItsEffectsFollowUp() {
    outcomes.refused.add("sentAll");
    outcomes.refused.add("sent");
    api.answers(Json.createObjectBuilder().add("message_id", 57).build());

    send(message(CHAT));

    assertThat(outcomes.kinds()).containsExactly("sentWithFollowUpDue");
  }

  @Test
  void aPaidBulkCallAsksForPaidBroadcast() {
    api.answers(Json.createObjectBuilder().add("message_id", 58).build());
    api.answers(Json.createObjectBuilder().add("message_id", 59).build());

    sender.send(dispatch(message(CHAT, 0, Lane.BULK, true), true));
    sender.send(dispatch(message(OTHER_CHAT, 0, Lane.BULK, true), false));

    assertThat(api.requests.get(0).params().getBoolean("allow_paid_broadcast")).isTrue();
    assertThat(api.requests.get(1).params().containsKey("allow_paid_broadcast")).isFalse();
  }

  @Test
  void aCallIntoAClosedTopicReopensItAndIsSentAgain() {
    api.fails(() -> telegram(400, "Bad Request: TOPIC_CLOSED", null));
    api.answers(JsonValue.TRUE);

    Answer.Failed answer = (Answer.Failed) send(message(CHAT, 42, Lane.AGENT_REPLY, false));

    assertThat(api.methods())
        .containsExactly("sendMessage", BotMethod.REOPEN_FORUM_TOPIC.wireName());
    assertThat(api.requests.get(1).params().getInt("message_thread_id")).isEqualTo(42);
    assertThat(answer.decision()).isInstanceOf(Decision.TopicClosed.class);
    assertThat(outcomes.only().decision()).isInstanceOf(Decision.TopicClosed.class);
  }
}
