package io.tgdesk.telegram.inbound;

import io.tgdesk.intake.JsonLimits;
import io.tgdesk.telegram.bots.BotId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.sql.SQLException;
import java.time.Clock;

/**
 * The one door for updates, whether they came by webhook or by polling: checks that the body is an
 * update, stores it durably under (bot, update_id), then wakes the processor. Never processes on
 * the caller's thread.
 */
@ApplicationScoped
public class UpdateIntake {

  /** What happened to an accepted update. */
  public enum Result {
    STORED,
    DUPLICATE
  }

  @Inject UpdateStore store;
  @Inject UpdateProcessor processor;
  @Inject Clock clock;

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
   * Stores without waking the processor (the poller wakes it once per batch). Concurrent deliveries
   * of one update race for the unique key; the losers see a unique violation, or on Derby sometimes
   * a lock timeout or a deadlock (in the insert, or in the look-up that waits for the winner's
   * row), so any failure is retried after a short random pause, up to five times, and the update
   * counts as a duplicate as soon as it is found stored.
   */
  Result store(BotId bot, long updateId, byte[] raw, String source) {
    RuntimeException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      try {
        if (store.exists(bot, updateId)) {
          return Result.DUPLICATE;
        }
        store.insert(bot, updateId, source, raw, clock.instant());
        return Result.STORED;
      } catch (RuntimeException e) {
        if (isUniqueViolation(e)) {
          return Result.DUPLICATE;
        }
        last = e;
        pauseBeforeRetry(attempt);
      }
    }
    throw last;
  }

  private static void pauseBeforeRetry(int attempt) {
    try {
      Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(10, 30L << attempt));
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
    try (JsonReader reader = Json.createReader(new ByteArrayInputStream(raw))) {
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

  /** SQLState 23505 is a unique-key violation on both Derby and PostgreSQL. */
  public static boolean isUniqueViolation(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
        return true;
      }
      for (Throwable s : t.getSuppressed()) {
        if (isUniqueViolation(s)) {
          return true;
        }
      }
    }
    return false;
  }

  private static String firstLine(String s) {
    String line = s == null ? "" : s.lines().findFirst().orElse("");
    return line.length() <= 200 ? line : line.substring(0, 200) + "…";
  }
}
