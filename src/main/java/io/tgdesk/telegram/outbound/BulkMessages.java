package io.tgdesk.telegram.outbound;

import io.tgdesk.telegram.bots.Bot;
import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.telegram.bots.BotStore;
import io.tgdesk.telegram.outbound.outbox.Lane;
import io.tgdesk.web.Problem.FieldError;
import io.tgdesk.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Admin notices and bulk text to many chats (e.g. an outage notice), all through the outbox: the
 * whole request is validated first ({@link #parse}) and then enqueued in the caller's transaction
 * ({@link #enqueue}), so it is taken whole or not at all. Which bot sends each message is chosen
 * above the engine (io.tgdesk.routing). A message with a {@code coalesceKey} replaces a
 * still-pending one with the same key (its text changes, its place stays); {@code
 * coalesceWindowSeconds} holds new ones back that long so that quick successive updates become one
 * message.
 */
@ApplicationScoped
public class BulkMessages {

  public static final int MAX_MESSAGES = 10_000;
  static final int MAX_TEXT = 4096;
  private static final Set<String> PARSE_MODES = Set.of("HTML", "MarkdownV2", "Markdown");
  private static final Pattern CATEGORY = Pattern.compile("[a-z][a-z0-9-]{0,31}");

  @Inject BotStore bots;
  @Inject Outbox outbox;

  /** One message of a request, before its bot is known. */
  public record Message(
      long chatId, Long threadId, String text, String parseMode, String coalesceKey) {}

  /** A validated request: everything but the bot each message goes through. */
  public record Parsed(
      Lane lane, String category, Duration coalesceWindow, List<Message> messages) {

    /** The chat of each message, in the order of the messages. */
    public List<Long> chatIds() {
      return messages.stream().map(Message::chatId).toList();
    }
  }

  /**
   * Validates lane, category, coalescing and messages of a request body; field errors are added to
   * {@code errors} (the caller adds its own and throws). Which bot sends is the caller's choice.
   *
   * @throws ProblemException 400 at once when the messages array is missing, empty or too long
   */
  public Parsed parse(JsonObject body, List<FieldError> errors) {
    Lane lane = lane(body, errors);
    String category = category(body, lane, errors);
    Duration coalesceWindow = coalesceWindow(body, errors);
    JsonArray array = messagesArray(body, errors);
    List<Message> parsed = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      String at = "messages[" + i + "]";
      if (!(array.get(i) instanceof JsonObject m)) {
        errors.add(new FieldError(at, "must be an object"));
        continue;
      }
      Message message = message(m, at, errors);
      if (errors.size() > 100) {
        break; // enough to act on
      }
      if (message != null && errors.isEmpty()) {
        parsed.add(message);
      }
    }
    return new Parsed(lane, category, coalesceWindow, parsed);
  }

  private static Lane lane(JsonObject body, List<FieldError> errors) {
    Lane lane = Lane.NOTICE;
    if (body.containsKey("lane") && !body.isNull("lane")) {
      try {
        lane = Lane.parse(string(body.get("lane"), "lane", errors));
      } catch (IllegalArgumentException e) {
        errors.add(new FieldError("lane", e.getMessage()));
      }
    }
    return lane;
  }

  /** The category given, else the lane's name. */
  private static String category(JsonObject body, Lane lane, List<FieldError> errors) {
    String category = lane == Lane.BULK ? "bulk" : "notice";
    if (body.containsKey("category") && !body.isNull("category")) {
      String c = string(body.get("category"), "category", errors);
      if (c != null && !CATEGORY.matcher(c).matches()) {
        errors.add(
            new FieldError(
                "category", "must be 1-32 characters of a-z, 0-9 and -, starting with a letter"));
      }
      category = c;
    }
    return category;
  }

  private static Duration coalesceWindow(JsonObject body, List<FieldError> errors) {
    Long window =
        integral(body.get("coalesceWindowSeconds"), "coalesceWindowSeconds", false, errors);
    if (window != null && (window < 0 || window > 3600)) {
      errors.add(new FieldError("coalesceWindowSeconds", "must be between 0 and 3600"));
    }
    return Duration.ofSeconds(window == null ? 0 : Math.max(0, window));
  }

  /** The messages array; 400 at once when it is missing, empty or too long. */
  private static JsonArray messagesArray(JsonObject body, List<FieldError> errors) {
    JsonValue messages = body.get("messages");
    if (!(messages instanceof JsonArray array) || array.isEmpty()) {
      errors.add(new FieldError("messages", "must be a non-empty array"));
      throw ProblemException.invalid(errors);
    }
    if (array.size() > MAX_MESSAGES) {
      errors.add(
          new FieldError(
              "messages",
              "at most " + MAX_MESSAGES + " messages per request, not " + array.size()));
      throw ProblemException.invalid(errors);
    }
    return array;
  }

  /**
   * Validates one message at {@code at}; returns it when it has a chat and a text, else null (its
   * errors are added either way).
   */
  private static Message message(JsonObject m, String at, List<FieldError> errors) {
    Long chatId = integral(m.get("chatId"), at + ".chatId", true, errors);
    Long threadId = integral(m.get("threadId"), at + ".threadId", false, errors);
    String text = text(m, at, errors);
    String parseMode =
        m.containsKey("parseMode") && !m.isNull("parseMode")
            ? string(m.get("parseMode"), at + ".parseMode", errors)
            : null;
    if (parseMode != null && !PARSE_MODES.contains(parseMode)) {
      errors.add(new FieldError(at + ".parseMode", "must be one of HTML, MarkdownV2, Markdown"));
    }
    String coalesceKey =
        m.containsKey("coalesceKey") && !m.isNull("coalesceKey")
            ? string(m.get("coalesceKey"), at + ".coalesceKey", errors)
            : null;
    if (coalesceKey != null && (coalesceKey.isBlank() || coalesceKey.length() > 150)) {
      errors.add(new FieldError(at + ".coalesceKey", "must be 1-150 characters"));
    }
    if (threadId != null && threadId < 1) {
      errors.add(new FieldError(at + ".threadId", "must be a positive topic id"));
    }
    if (chatId == null || text == null || text.isBlank()) {
      return null;
    }
    return new Message(chatId, threadId, text, parseMode, coalesceKey);
  }

  /** The message's text as given (possibly blank or null), with its errors added. */
  private static String text(JsonObject m, String at, List<FieldError> errors) {
    String text = string(m.get("text"), at + ".text", errors);
    if (text == null || text.isBlank()) {
      if (!m.containsKey("text") || m.isNull("text")) {
        errors.add(new FieldError(at + ".text", "is required"));
      } else if (text != null) {
        errors.add(new FieldError(at + ".text", "must not be blank"));
      }
    } else if (text.length() > MAX_TEXT) {
      errors.add(new FieldError(at + ".text", "must be at most " + MAX_TEXT + " characters"));
    }
    return text;
  }

  /**
   * Enqueues every message of a validated request through the bot given for it, in the caller's
   * transaction (all or nothing). A bulk message may use paid broadcast when its bot has it.
   *
   * @param bots the bot of each message, in the order of the messages
   * @return the outbox entry ids, in the order of the messages
   * @throws ProblemException 404 if a bot does not exist
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public List<Long> enqueue(Parsed request, List<BotId> bots) {
    if (bots.size() != request.messages().size()) {
      throw new IllegalArgumentException("one bot per message");
    }
    Map<BotId, Boolean> paidByBot = new HashMap<>();
    for (BotId id : bots) {
      if (!paidByBot.containsKey(id)) {
        Bot bot =
            this.bots
                .find(id)
                .orElseThrow(() -> ProblemException.notFound("No bot with id " + id + "."));
        paidByBot.put(id, request.lane() == Lane.BULK && bot.paidBroadcastPerSecond() > 0);
      }
    }
    List<OutboundCall> calls = new ArrayList<>(bots.size());
    for (int i = 0; i < bots.size(); i++) {
      Message m = request.messages().get(i);
      BotId bot = bots.get(i);
      OutboundCall call =
          OutboundCall.text(
              bot,
              m.chatId(),
              m.threadId(),
              m.text(),
              m.parseMode(),
              request.lane(),
              request.category());
      if (m.coalesceKey() != null) {
        call = call.coalescing("admin:" + m.coalesceKey(), request.coalesceWindow());
      }
      calls.add(paidByBot.get(bot) ? call.asPaid() : call);
    }
    return outbox.enqueueAll(calls);
  }

  private static Long integral(
      JsonValue v, String field, boolean required, List<FieldError> errors) {
    if (v == null || v == JsonValue.NULL) {
      if (required) {
        errors.add(new FieldError(field, "is required"));
      }
      return null;
    }
    if (v instanceof JsonNumber n && n.isIntegral()) {
      try {
        return n.longValueExact();
      } catch (ArithmeticException e) {
        errors.add(new FieldError(field, "is out of the 64-bit range"));
        return null;
      }
    }
    errors.add(new FieldError(field, "must be a whole number, not " + v));
    return null;
  }

  private static String string(JsonValue v, String field, List<FieldError> errors) {
    if (v == null || v == JsonValue.NULL) {
      return null;
    }
    if (v instanceof JsonString s) {
      return s.getString();
    }
    errors.add(new FieldError(field, "must be a string"));
    return null;
  }
}
