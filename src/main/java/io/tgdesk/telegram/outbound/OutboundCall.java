package io.tgdesk.telegram.outbound;

import static io.tgdesk.telegram.outbound.DeliveryJson.JSON;

import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.telegram.outbound.outbox.Lane;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.Objects;

/**
 * A call to enqueue.
 *
 * @param params the call's parameters, only what it needs; chat_id and message_thread_id are added
 * @param threadId the forum topic, or null
 * @param category who caused it (agent-reply, ticket-status, bulk, ...): for audit and diagnostics
 * @param coalesceKey calls with the same key replace a still-pending one instead of adding another
 * @param coalesceWindow how long a new coalescing call waits for later ones (zero: none)
 * @param paid whether it may use allow_paid_broadcast (bulk lane of an opted-in bot only)
 */
public record OutboundCall(
    BotId botId,
    BotMethod method,
    JsonObject params,
    long chatId,
    Long threadId,
    Lane lane,
    String category,
    String coalesceKey,
    Duration coalesceWindow,
    boolean paid) {

  public OutboundCall {
    Objects.requireNonNull(botId, "botId");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(params, "params");
    Objects.requireNonNull(lane, "lane");
    Objects.requireNonNull(category, "category");
    coalesceWindow = coalesceWindow == null ? Duration.ZERO : coalesceWindow;
  }

  /** A plain text message. */
  public static OutboundCall text(
      BotId bot,
      long chatId,
      Long threadId,
      String text,
      String parseMode,
      Lane lane,
      String category) {
    var p = JSON.createObjectBuilder().add("text", text);
    if (parseMode != null) {
      p.add("parse_mode", parseMode);
    }
    return new OutboundCall(
        bot,
        BotMethod.SEND_MESSAGE,
        p.build(),
        chatId,
        threadId,
        lane,
        category,
        null,
        null,
        false);
  }

  /**
   * How a stored file is named in a call's parameters (the photo of sendPhoto, the media of an
   * album's item): the engine sends Telegram's file_id when the bot has one, else uploads the
   * bytes.
   */
  public static JsonObject storedFile(io.tgdesk.files.FileId file) {
    return FileUploads.reference(file);
  }

  /**
   * The same call made on behalf of a Telegram Business account: {@code business_connection_id}
   * added to the parameters. A null id means the bot's own chat: the call itself.
   */
  public OutboundCall inBusinessChat(String businessConnectionId) {
    if (businessConnectionId == null) {
      return this;
    }
    JsonObject withConnection =
        JSON.createObjectBuilder(params)
            .add("business_connection_id", businessConnectionId)
            .build();
    return new OutboundCall(
        botId,
        method,
        withConnection,
        chatId,
        threadId,
        lane,
        category,
        coalesceKey,
        coalesceWindow,
        paid);
  }

  /** The same call allowed to use paid broadcast. */
  public OutboundCall asPaid() {
    return new OutboundCall(
        botId, method, params, chatId, threadId, lane, category, coalesceKey, coalesceWindow, true);
  }

  /** The same call with a coalescing key and window. */
  public OutboundCall coalescing(String key, Duration window) {
    return new OutboundCall(
        botId, method, params, chatId, threadId, lane, category, key, window, paid);
  }
}
