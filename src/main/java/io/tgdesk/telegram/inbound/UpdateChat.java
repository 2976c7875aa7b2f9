package io.tgdesk.telegram.inbound;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.List;

/**
 * The chat (and forum topic) a stored update belongs to, read leniently from its body: also from an
 * update that cannot be applied (a field of the wrong type), so that a failed update still holds
 * the later ones of its chat or topic back. Stateless.
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

  /**
   * Where an update belongs for its order: its chat and, in a forum, its topic (the message's
   * {@code message_thread_id}); {@code threadId} is null for the rest of a chat (a private chat, a
   * group's General topic, a service message about the chat). The updates of one place are applied
   * in their order; those of a forum's topics do not wait for each other.
   */
  record Place(long chatId, Long threadId) {

    /** The topic as recorded beside an update ({@code thread_key}): 0 for none. */
    long threadKey() {
      return threadId == null ? 0 : threadId;
    }

    /** The place as recorded beside an update; null when it was not (either part null). */
    static Place recorded(Long chatId, Long threadKey) {
      if (chatId == null || threadKey == null) {
        return null;
      }
      return new Place(chatId, threadKey == 0 ? null : threadKey);
    }
  }

  /** The update's place, or null when the body names no chat that is a whole number. */
  static Place placeOf(String json) {
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
        return placeOfMessage(update.get(part));
      }
    }
    for (String part : CHATS) {
      if (update.containsKey(part)) {
        Long chat = object(update.get(part)) ? chatIdOf(update.get(part).asJsonObject()) : null;
        return chat == null ? null : new Place(chat, null);
      }
    }
    JsonValue press = update.get("callback_query");
    if (object(press)) {
      return placeOfMessage(press.asJsonObject().get("message"));
    }
    return null;
  }

  private static Place placeOfMessage(JsonValue message) {
    if (!object(message)) {
      return null;
    }
    JsonObject m = message.asJsonObject();
    Long chat = chatIdOf(m);
    return chat == null ? null : new Place(chat, topicOf(m));
  }

  /**
   * The forum topic of a message: its {@code message_thread_id} when it is a topic message (or
   * creates the topic) in a supergroup, as the router reads it; null otherwise. A reply thread in a
   * group without topics has a thread id too, and so has a topic of a private chat, but all of a
   * private chat is one ticket.
   */
  private static Long topicOf(JsonObject m) {
    JsonValue chat = m.get("chat");
    boolean supergroup =
        object(chat)
            && chat.asJsonObject().get("type") instanceof JsonString type
            && "supergroup".equals(type.getString());
    boolean inTopic =
        JsonValue.TRUE.equals(m.get("is_topic_message")) || object(m.get("forum_topic_created"));
    return supergroup && inTopic ? wholeNumber(m.get("message_thread_id")) : null;
  }

  private static Long chatIdOf(JsonObject holder) {
    JsonValue chat = holder.get("chat");
    if (!object(chat)) {
      return null;
    }
    return wholeNumber(chat.asJsonObject().get("id"));
  }

  private static Long wholeNumber(JsonValue id) {
    if (id == null || id.getValueType() != JsonValue.ValueType.NUMBER) {
      return null;
    }
    try {
      return ((JsonNumber) id).bigDecimalValue().longValueExact();
    } catch (ArithmeticException e) {
      return null;
    }
  }

  private static boolean object(JsonValue v) {
    return v != null && v.getValueType() == JsonValue.ValueType.OBJECT;
  }
}
