package io.tgdesk.tickets.replies;

import io.tgdesk.web.Problem;
import io.tgdesk.web.ProblemException;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Inline buttons under an agent's reply ("quick replies"): rows of buttons, each with a label the
 * customer sees and a value that comes back when they press it (Telegram's callback_data, at most
 * 64 bytes in UTF-8). Sent as {@code reply_markup.inline_keyboard}; stored with the reply as JSON
 * rows of {@code {label, value}}. Stateless.
 */
public final class InlineButtons {

  /** Telegram's limit on a button's callback data, in bytes of UTF-8. */
  public static final int MAX_VALUE_BYTES = 64;

  /** Labels longer than this are refused: a button shows a few words. */
  public static final int MAX_LABEL = 64;

  public static final int MAX_ROWS = 10;
  public static final int MAX_PER_ROW = 8;
  public static final int MAX_BUTTONS = 50;

  /** Values starting with this are the satisfaction rating's own (see {@link Ratings}). */
  static final String RESERVED_PREFIX = Ratings.DATA_PREFIX;

  /** One button: its label and the value a press sends back. */
  public record Button(String label, String value) {}

  private InlineButtons() {}

  /**
   * 422 naming each button at fault and the limit it breaks; nothing for no buttons (null or
   * empty).
   */
  static void validate(List<List<Button>> rows) {
    if (rows == null || rows.isEmpty()) {
      return;
    }
    List<Problem.FieldError> errors = new ArrayList<>();
    if (rows.size() > MAX_ROWS) {
      errors.add(new Problem.FieldError("buttons", "has more than " + MAX_ROWS + " rows"));
    }
    int total = 0;
    for (int r = 0; r < rows.size(); r++) {
      List<Button> row = rows.get(r);
      String rowField = "buttons[" + r + "]";
      if (row == null || row.isEmpty()) {
        errors.add(new Problem.FieldError(rowField, "must hold at least one button"));
        continue;
      }
      if (row.size() > MAX_PER_ROW) {
        errors.add(new Problem.FieldError(rowField, "has more than " + MAX_PER_ROW + " buttons"));
      }
      total += row.size();
      for (int b = 0; b < row.size(); b++) {
        String field = rowField + "[" + b + "]";
        Button button = row.get(b);
        if (button == null) {
          errors.add(new Problem.FieldError(field, "must be a button with a label and a value"));
          continue;
        }
        if (button.label() == null || button.label().isBlank()) {
          errors.add(new Problem.FieldError(field + ".label", "is required"));
        } else if (button.label().length() > MAX_LABEL) {
          errors.add(
              new Problem.FieldError(
                  field + ".label", "is longer than " + MAX_LABEL + " characters"));
        }
        if (button.value() == null || button.value().isEmpty()) {
          errors.add(new Problem.FieldError(field + ".value", "is required"));
          continue;
        }
        int bytes = button.value().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_VALUE_BYTES) {
          errors.add(
              new Problem.FieldError(
                  field + ".value",
                  "is "
                      + bytes
                      + " bytes in UTF-8; Telegram's callback_data holds at most "
                      + MAX_VALUE_BYTES
                      + " bytes"));
        } else if (button.value().startsWith(RESERVED_PREFIX)) {
          errors.add(
              new Problem.FieldError(
                  field + ".value",
                  "must not start with '" + RESERVED_PREFIX + "' (satisfaction ratings use it)"));
        }
      }
    }
    if (total > MAX_BUTTONS) {
      errors.add(new Problem.FieldError("buttons", "has more than " + MAX_BUTTONS + " buttons"));
    }
    if (!errors.isEmpty()) {
      String detail =
          errors.stream()
              .map(e -> e.field() + ": " + e.message())
              .reduce((a, b) -> a + "; " + b)
              .orElse("invalid buttons");
      throw new ProblemException(422, "Unprocessable request", detail, errors);
    }
  }

  /** Telegram's reply_markup for these rows. */
  static JsonObject replyMarkup(List<List<Button>> rows) {
    JsonArrayBuilder keyboard = Json.createArrayBuilder();
    for (List<Button> row : rows) {
      JsonArrayBuilder buttons = Json.createArrayBuilder();
      row.forEach(
          b ->
              buttons.add(
                  Json.createObjectBuilder()
                      .add("text", b.label())
                      .add("callback_data", b.value())));
      keyboard.add(buttons);
    }
    return Json.createObjectBuilder().add("inline_keyboard", keyboard).build();
  }

  /** The rows as stored with the reply: JSON rows of {label, value}. */
  static String toJson(List<List<Button>> rows) {
    JsonArrayBuilder out = Json.createArrayBuilder();
    for (List<Button> row : rows) {
      JsonArrayBuilder r = Json.createArrayBuilder();
      row.forEach(
          b -> r.add(Json.createObjectBuilder().add("label", b.label()).add("value", b.value())));
      out.add(r);
    }
    return out.build().toString();
  }

  /** The rows stored with a reply; empty for null. */
  public static List<List<Button>> fromJson(String stored) {
    if (stored == null || stored.isEmpty()) {
      return List.of();
    }
    List<List<Button>> rows = new ArrayList<>();
    try (var reader = Json.createReader(new StringReader(stored))) {
      for (JsonValue row : reader.readArray()) {
        List<Button> buttons = new ArrayList<>();
        for (JsonValue b : (JsonArray) row) {
          JsonObject o = b.asJsonObject();
          buttons.add(new Button(o.getString("label"), o.getString("value")));
        }
        rows.add(List.copyOf(buttons));
      }
    }
    return List.copyOf(rows);
  }

  /** The label of the button with this value among the stored rows, if any. */
  public static Optional<String> labelOf(String stored, String value) {
    return fromJson(stored).stream()
        .flatMap(List::stream)
        .filter(b -> b.value().equals(value))
        .map(Button::label)
        .findFirst();
  }
}
