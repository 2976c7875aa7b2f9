package io.tgdesk.telegram.inbound;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.List;

/**
 * The chat a stored update belongs to, read leniently from its body: also from an update that
 * cannot be applied (a field of the wrong type), so that a failed update still holds its chat's
 * later ones back. Stateless.
 */
final class UpdateChat {

  /** The parts of an update that carry a message (with its chat). */
  private static final List<String> MESSAGES =
      List.of(
          "message",
          "edited_message",
          "channel_post",
          "edited_channel_post",
          "business_message",
          "edited_business_message");

  /** The parts that name their chat directly. */
  private static final List<String> CHATS = List.of("my_chat_member", "deleted_business_messages");

  private UpdateChat() {}

  /** The chat's id, or null when the body names none that is a whole number (or is not JSON). */
  static Long of(String json) {
    JsonObject update;
    try (var reader = UpdateIntake.READERS.createReader(new StringReader(json))) {
      JsonValue value = reader.readValue();
      if (value.getValueType() != JsonValue.ValueType.OBJECT) {
        return null;
      }
      update = value.asJsonObject();
    } catch (RuntimeException e) {
      return null;
    }
    for (String part : MESSAGES) {
      if (update.containsKey(part)) {
        return chatOf(update.get(part));
      }
    }
    for (String part : CHATS) {
      if (update.containsKey(part)) {
        return object(update.get(part)) ? chatIdOf(update.get(part).asJsonObject()) : null;
      }
    }
    JsonValue press = update.get("callback_query");
    if (object(press)) {
      return chatOf(press.asJsonObject().get("message"));
    }
    return null;
  }

  private static Long chatOf(JsonValue message) {
    return object(message) ? chatIdOf(message.asJsonObject()) : null;
  }

  private static Long chatIdOf(JsonObject holder) {
    JsonValue chat = holder.get("chat");
    if (!object(chat)) {
      return null;
    }
    JsonValue id = chat.asJsonObject().get("id");
    if (id == null || id.getValueType() != JsonValue.ValueType.NUMBER) {
      return null;
    }
    JsonNumber n = (JsonNumber) id;
    try {
      return n.bigDecimalValue().longValueExact();
    } catch (ArithmeticException e) {
      return null;
    }
  }

  private static boolean object(JsonValue v) {
    return v != null && v.getValueType() == JsonValue.ValueType.OBJECT;
  }
}
