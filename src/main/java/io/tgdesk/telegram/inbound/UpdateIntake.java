package io.tgdesk.telegram.inbound;

import io.tgdesk.backoff.Backoff;
import io.tgdesk.intake.JsonLimits;
import io.tgdesk.schema.UniqueKeys;
import io.tgdesk.telegram.bots.BotId;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonValue;
import jakarta.transaction.TransactionSynchronizationRegistry;
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

  /**
   * One factory for the intake's reads: creating a reader through {@link Json} looks up the
   * provider each time.
   */
  static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

  @Inject UpdateStore store;
  @Inject UpdateProcessor processor;
  @Inject PressAnswers pressAnswers;
  @Inject Clock clock;
  @Resource TransactionSynchronizationRegistry transactions;

  /**
   * Stores a raw update. Thread-safe; many concurrent deliveries of one update store it once.
   *
   * @throws MalformedUpdateException when the body is not JSON, nests deeper than {@link
   *     JsonLimits#MAX_DEPTH}, or has no update_id that is a whole 64-bit number
   */
  public Result accept(BotId bot, byte[] raw, String source) {
    long updateId = updateIdOf(raw);
    Result result = store(bot, updateId, raw, source);
    if (result == Result.STORED) {
      processor.wake(bot);
    }
    return result;
  }

  /**
   * Stores without waking the processor (the poller wakes it once per batch). An update that is not
   * a button press, stored outside a transaction (a webhook delivery, a poll), is one statement
   * that commits itself; a press is stored with its answer in a transaction. Concurrent deliveries
   * of one update race for the unique key ({@link UniqueKeys#insertOnce}): a failure other than
   * losing at the key is tried again after a short random pause, up to five times, and the update
   * counts as a duplicate as soon as it is found stored.
   */
  Result store(BotId bot, long updateId, byte[] raw, String source) {
    Runnable insert;
    if (PressAnswers.mayBePress(raw) || transactions.getTransactionKey() != null) {
      // A press is stored with its answer, all or nothing; a caller's transaction is left alone.
      insert =
          () ->
              store.insertWith(
                  bot,
                  updateId,
                  source,
                  raw,
                  clock.instant(),
                  () -> pressAnswers.answerIfPress(bot, raw));
    } else {
      insert = () -> store.insertCommitted(bot, updateId, source, raw, clock.instant());
    }
    boolean inserted =
        UniqueKeys.insertOnce(
            5, () -> store.exists(bot, updateId), insert, UpdateIntake::pauseBeforeRetry);
    return inserted ? Result.STORED : Result.DUPLICATE;
  }

  private static void pauseBeforeRetry(int attempt) {
    try {
      Thread.sleep(RACE_PAUSE.delay(attempt + 1).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static long updateIdOf(byte[] raw) {
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
    try {
      return JsonLimits.exactLong(number, "update_id");
    } catch (JsonLimits.NotAnId e) {
      throw new MalformedUpdateException("The update has no numeric update_id: " + e.getMessage());
    }
  }

  private static String firstLine(String s) {
    String line = s == null ? "" : s.lines().findFirst().orElse("");
    return line.length() <= 200 ? line : line.substring(0, 200) + "…";
  }
}
