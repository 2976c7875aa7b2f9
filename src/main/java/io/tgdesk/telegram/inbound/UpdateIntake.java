package io.tgdesk.telegram.inbound;

import io.tgdesk.backoff.Backoff;
import io.tgdesk.intake.JsonLimits;
import io.tgdesk.schema.UniqueKeys;
import io.tgdesk.telegram.bots.BotId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The one door for updates, whether they came by webhook or by polling: checks that the body is an
 * update, stores it durably under (bot, update_id), then wakes the processor. Never processes on
 * the caller's thread; only a button press is answered at once, in the transaction that stores it
 * ({@link PressAnswers}), so that no backlog of the bot's updates keeps the customer's spinner
 * turning.
 */
@ApplicationScoped
public class UpdateIntake {

  /** What happened to an accepted update. */
  public enum Result {
    STORED,
    DUPLICATE
  }

  /** The pause between racing inserts: up to 30 ms, doubling per failure. */
  private static final Backoff RACE_PAUSE =
      Backoff.of(Duration.ofMillis(30), Duration.ofMillis(480), Backoff.Jitter.FULL);

  /** One provider for every delivery: {@code Json.createReader} looks the provider up each call. */
  private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

  @Inject UpdateStore store;
  @Inject UpdateProcessor processor;
  @Inject PressAnswers pressAnswers;
  @Inject Clock clock;

  /**
   * Stores a raw update. Thread-safe; many concurrent deliveries of one update store it once.
   *
   * @throws MalformedUpdateException when the body is not JSON, nests deeper than {@link
   *     JsonLimits#MAX_DEPTH}, or has no update_id that is a whole 64-bit number
   */
  public Result accept(BotId bot, byte[] raw, String source) {
    Header header = headerOf(raw);
    Result result = store(bot, header, raw, source);
    if (result == Result.STORED) {
      processor.wake(bot);
    }
    return result;
  }

  /**
   * Stores without waking the processor (the poller wakes it once per batch). Concurrent deliveries
   * of one update race for the unique key ({@link UniqueKeys#insertOnce}): a failure other than
   * losing at the key is tried again after a short random pause, up to five times, and the update
   * counts as a duplicate as soon as it is found stored.
   */
  Result store(BotId bot, Header header, byte[] raw, String source) {
    long updateId = header.updateId();
    boolean inserted =
        UniqueKeys.insertOnce(
            5,
            () -> store.exists(bot, updateId),
            () ->
                store.insertWith(
                    bot,
                    updateId,
                    header.chat(),
                    source,
                    raw,
                    clock.instant(),
                    () -> pressAnswers.answerIfPress(bot, raw)),
            UpdateIntake::pauseBeforeRetry);
    return inserted ? Result.STORED : Result.DUPLICATE;
  }

  private static void pauseBeforeRetry(int attempt) {
    try {
      Thread.sleep(RACE_PAUSE.delay(attempt + 1).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * What is read of an update before it is stored: its update_id, and the chat it concerns, which
   * orders its processing among the bot's other updates (null: none, or none that could be read;
   * the update is then applied alone).
   */
  record Header(long updateId, Long chat) {}

  /** The update_id of an update. */
  static long updateIdOf(byte[] raw) {
    return headerOf(raw).updateId();
  }

  /**
   * The update_id and the chat of an update: the {@code chat} of its one payload object (a message
   * of any kind, a member or reaction change, a join request), or of a button press's message.
   *
   * @throws MalformedUpdateException as {@link #accept}
   */
  static Header headerOf(byte[] raw) {
    String tooDeep = JsonLimits.nestingProblem(raw);
    if (tooDeep != null) {
      throw new MalformedUpdateException(tooDeep);
    }
    JsonValue value;
    try (JsonReader reader = READERS.createReader(new ByteArrayInputStream(raw))) {
      value = reader.readValue();
    } catch (JsonException
        | IllegalStateException
        | ArithmeticException
        | NumberFormatException
        | UnsupportedOperationException e) {
      // The last three: numbers the parser will not read (Parsson refuses more than 1100 digits).
      throw new MalformedUpdateException(
          "The body is not valid JSON: " + firstLine(e.getMessage()));
    }
    if (!(value instanceof JsonObject object)) {
      throw new MalformedUpdateException("The body must be a JSON object (a Telegram Update).");
    }
    if (!(object.get("update_id") instanceof JsonNumber number)) {
      throw new MalformedUpdateException("The update has no numeric update_id.");
    }
    long updateId;
    try {
      updateId = JsonLimits.exactLong(number, "update_id");
    } catch (JsonLimits.NotAnId e) {
      throw new MalformedUpdateException("The update has no numeric update_id: " + e.getMessage());
    }
    return new Header(updateId, chatOf(object));
  }

  /** The chat an update concerns, if its payload names one as a whole 64-bit number. */
  private static Long chatOf(JsonObject update) {
    for (Map.Entry<String, JsonValue> e : update.entrySet()) {
      if (e.getKey().equals("update_id") || !(e.getValue() instanceof JsonObject payload)) {
        continue;
      }
      JsonValue holder = e.getKey().equals("callback_query") ? payload.get("message") : payload;
      if (holder instanceof JsonObject h
          && h.get("chat") instanceof JsonObject chat
          && chat.get("id") instanceof JsonNumber id) {
        try {
          return JsonLimits.exactLong(id, "chat.id");
        } catch (JsonLimits.NotAnId notAnId) {
          return null;
        }
      }
      return null; // an update has one payload: the first object is it
    }
    return null;
  }

  private static String firstLine(String s) {
    String line = s == null ? "" : s.lines().findFirst().orElse("");
    return line.length() <= 200 ? line : line.substring(0, 200) + "…";
  }
}
