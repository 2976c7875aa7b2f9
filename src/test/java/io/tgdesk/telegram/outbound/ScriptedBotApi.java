package io.tgdesk.telegram.outbound;

import io.tgdesk.telegram.botapi.BotEndpoint;
import io.tgdesk.telegram.botapi.CallContext;
import io.tgdesk.testing.MutableClock;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;

/**
 * The Bot API's HTTP seam for plain unit tests: answers each call from a script (a result, or a
 * thrown {@code BotApiException}), takes {@link #answerTime} on the test clock, and records what
 * was asked. Not thread-safe: one sender thread, the test's.
 */
final class ScriptedBotApi implements DeliveryPorts.Calls {

  /** One call as it reached the seam, with the test clock's instant when it left. */
  record Request(String method, JsonObject params, CallContext context, Instant at) {}

  private final MutableClock clock;
  private final Deque<Supplier<JsonValue>> script = new ArrayDeque<>();
  final List<Request> requests = new ArrayList<>();

  /** How long Telegram takes to answer each call. */
  Duration answerTime = Duration.ZERO;

  /** Run when a call leaves, before it is answered (e.g. to look at what was written by then). */
  Runnable onRequest = () -> {};

  ScriptedBotApi(MutableClock clock) {
    this.clock = clock;
  }

  /** The next call answers ok with this result. */
  ScriptedBotApi answers(JsonValue result) {
    script.add(() -> result);
    return this;
  }

  /** The next call fails like this (a {@code BotApiException}, as the client throws them). */
  ScriptedBotApi fails(Supplier<RuntimeException> failure) {
    script.add(
        () -> {
          throw failure.get();
        });
    return this;
  }

  @Override
  public JsonValue call(
      BotEndpoint bot, String method, JsonObject params, CallContext context, Runnable departing) {
    if (departing != null) {
      departing.run();
    }
    requests.add(new Request(method, params, context, clock.instant()));
    onRequest.run();
    clock.advance(answerTime);
    if (script.isEmpty()) {
      throw new AssertionError("no answer scripted for " + method);
    }
    return script.removeFirst().get();
  }

  List<String> methods() {
    return requests.stream().map(Request::method).toList();
  }
}
