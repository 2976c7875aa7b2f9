package io.tgdesk.telegram.outbound;

import io.tgdesk.telegram.bots.Bot;
import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.telegram.bots.BotStore;
import io.tgdesk.telegram.outbound.outbox.Lane;
import io.tgdesk.web.Problem.FieldError;
import io.tgdesk.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Admin notices and bulk text to many chats (e.g. an outage notice), all through the outbox: the
 * whole request is validated first and then enqueued in one transaction, so it is taken whole or
 * not at all. A message with a {@code coalesceKey} replaces a still-pending one with the same key
 * (its text changes, its place stays); {@code coalesceWindowSeconds} holds new ones back that long
 * so that quick successive updates become one message.
 */
@ApplicationScoped
public class BulkMessages {

  public static final int MAX_MESSAGES = 10_000;
  static final int MAX_TEXT = 4096;
  private static final Set<String> PARSE_MODES = Set.of("HTML", "MarkdownV2", "Markdown");
  private static final Pattern CATEGORY = Pattern.compile("[a-z][a-z0-9-]{0,31}");

  @Inject BotStore bots;
  @Inject Outbox outbox;

  /** The accepted request: the outbox entry ids in the order of the messages. */
  public record Accepted(long botId, String lane, String category, List<Long> ids) {}

  @Transactional
  public Accepted send(JsonObject body) {
    if (body == null) {
      throw ProblemException.badRequest("A JSON body with botId and messages is required.");
    }
    List<FieldError> errors = new ArrayList<>();
    Long botId = integral(body.get("botId"), "botId", true, errors);
    Lane lane = Lane.NOTICE;
    if (body.containsKey("lane") && !body.isNull("lane")) {
      try {
        lane = Lane.parse(string(body.get("lane"), "lane", errors));
      } catch (IllegalArgumentException e) {
        errors.add(new FieldError("lane", e.getMessage()));
      }
    }
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
    Long window =
        integral(body.get("coalesceWindowSeconds"), "coalesceWindowSeconds", false, errors);
    if (window != null && (window < 0 || window > 3600)) {
      errors.add(new FieldError("coalesceWindowSeconds", "must be between 0 and 3600"));
    }
    java.time.Duration coalesceWindow =
        java.time.Duration.ofSeconds(window == null ? 0 : Math.max(0, window));
    JsonValue messages = body.get("messages");
    if (!(messages instanceof jakarta.json.JsonArray array) || array.isEmpty()) {
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
    List<OutboundCall> calls = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      String at = "messages[" + i + "]";
      if (!(array.get(i) instanceof JsonObject m)) {
        errors.add(new FieldError(at, "must be an object"));
        continue;
      }
      Long chatId = integral(m.get("chatId"), at + ".chatId", true, errors);
      Long threadId = integral(m.get("threadId"), at + ".threadId", false, errors);
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
      if (errors.size() > 100) {
        break; // enough to act on
      }
      if (chatId != null && text != null && !text.isBlank() && errors.isEmpty()) {
        OutboundCall call =
            OutboundCall.text(
                BotId.of(botId == null ? 0 : botId),
                chatId,
                threadId,
                text,
                parseMode,
                lane,
                category);
        calls.add(
            coalesceKey == null ? call : call.coalescing("admin:" + coalesceKey, coalesceWindow));
      }
    }
    if (!errors.isEmpty()) {
      throw ProblemException.invalid(errors);
    }
    Bot bot =
        bots.find(BotId.of(botId))
            .orElseThrow(() -> ProblemException.notFound("No bot with id " + botId + "."));
    boolean paid = lane == Lane.BULK && bot.paidBroadcastPerSecond() > 0;
    List<Long> ids = new ArrayList<>(calls.size());
    for (OutboundCall c : calls) {
      ids.add(outbox.enqueue(paid ? c.asPaid() : c));
    }
    return new Accepted(botId, lane.wireName(), category, ids);
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
