package io.tgdesk.telegram.outbound;

import io.tgdesk.files.FileId;
import io.tgdesk.files.FileStore;
import io.tgdesk.files.StoredFile;
import io.tgdesk.telegram.botapi.BotApiClient;
import io.tgdesk.telegram.botapi.BotApiException;
import io.tgdesk.telegram.botapi.BotEndpoint;
import io.tgdesk.telegram.botapi.CallContext;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * How the engine sends calls that carry stored files. In an outbox entry a file is named as {@code
 * {"stored_file": id}} where Telegram takes a file (the photo of sendPhoto, the media of an album's
 * item); when the call is made, each becomes Telegram's file_id if the bot sent the file before,
 * else a multipart part streamed from the database ({@code attach://fileN} in an album), and the
 * call goes as multipart/form-data. After an ok answer, the file_id Telegram gave each uploaded
 * file is recorded for the bot ({@link FileStore#recordSent}), so that no later send uploads it
 * again. Calls without stored files go out as JSON, as before. Thread-safe.
 */
final class FileUploads {

  private static final Logger LOG = Logger.getLogger(FileUploads.class.getName());

  /** The key that names a stored file in an outbox entry's parameters. */
  static final String STORED_FILE = "stored_file";

  private final BotApiClient botApi;
  private final FileStore files;

  FileUploads(BotApiClient botApi, FileStore files) {
    this.botApi = botApi;
    this.files = files;
  }

  /** A stored file named in an entry's parameters, as sendMediaGroup or a single send names it. */
  static JsonObject reference(FileId id) {
    return Json.createObjectBuilder().add(STORED_FILE, id.value()).build();
  }

  /** Makes the call: as JSON when it names no stored file that must be uploaded. */
  JsonValue call(
      BotEndpoint bot, String method, JsonObject params, CallContext context, Runnable departing) {
    if (!namesStoredFile(params)) {
      return botApi.callRaw(bot, method, params, null, context, departing);
    }
    long botId = bot.botId();
    List<BotApiClient.Upload> uploads = new ArrayList<>();
    List<Optional<FileId>> uploadedInOrder = new ArrayList<>();
    JsonObjectBuilder resolved = Json.createObjectBuilder();
    for (var e : params.entrySet()) {
      String name = e.getKey();
      JsonValue value = e.getValue();
      if (name.equals("media") && value instanceof JsonArray media) {
        JsonArrayBuilder items = Json.createArrayBuilder();
        for (JsonValue v : media) {
          JsonObject item = v.asJsonObject();
          Optional<FileId> ref = storedFile(item.get("media"));
          if (ref.isEmpty()) {
            items.add(item);
            uploadedInOrder.add(Optional.empty());
            continue;
          }
          String part = "file" + uploads.size();
          JsonValue target = resolve(method, botId, ref.get(), part, uploads);
          uploadedInOrder.add(
              target instanceof JsonString s && s.getString().startsWith("attach://")
                  ? ref
                  : Optional.empty());
          items.add(Json.createObjectBuilder(item).add("media", target));
        }
        resolved.add(name, items);
      } else if (storedFile(value).isPresent()) {
        FileId ref = storedFile(value).get();
        int before = uploads.size();
        JsonValue target = resolve(method, botId, ref, name, uploads);
        if (uploads.size() > before) {
          uploadedInOrder.add(Optional.of(ref)); // the part carries the bytes; no field
        } else {
          resolved.add(name, target);
          uploadedInOrder.add(Optional.empty());
        }
      } else {
        resolved.add(name, value);
      }
    }
    JsonObject fields = resolved.build();
    JsonValue result =
        uploads.isEmpty()
            ? botApi.callRaw(bot, method, fields, null, context, departing)
            : botApi.callMultipart(bot, method, fields, uploads, context, departing);
    record(botId, uploadedInOrder, result);
    return result;
  }

  /**
   * Telegram's file_id when the bot has one for the file, else an upload part (added to {@code
   * uploads}) and {@code attach://part}.
   */
  private JsonValue resolve(
      String method, long botId, FileId id, String part, List<BotApiClient.Upload> uploads) {
    Optional<String> known = files.telegramFileId(id, botId);
    if (known.isPresent()) {
      return Json.createValue(known.get());
    }
    StoredFile file =
        files
            .find(id)
            .filter(StoredFile::hasBytes)
            .orElseThrow(
                () ->
                    // Permanent: nothing will bring the bytes back. Only a file sent through
                    // another bot and cleaned up since can come here.
                    new BotApiException.TelegramError(
                        method,
                        400,
                        "Bad Request: TgDesk no longer has the bytes of file "
                            + id
                            + " (cleaned up after it was sent through another bot); upload it"
                            + " again",
                        null,
                        null));
    uploads.add(
        new BotApiClient.Upload(
            part, file.fileName(), file.contentType(), file.sizeBytes(), () -> files.open(file)));
    return Json.createValue("attach://" + part);
  }

  /** Records the file_id Telegram gave each uploaded file; never fails the call. */
  private void record(long botId, List<Optional<FileId>> uploaded, JsonValue result) {
    try {
      List<JsonObject> messages = new ArrayList<>();
      if (result instanceof JsonArray array) {
        array.forEach(v -> messages.add(v.asJsonObject()));
      } else if (result instanceof JsonObject message) {
        messages.add(message);
      }
      for (int i = 0; i < uploaded.size() && i < messages.size(); i++) {
        if (uploaded.get(i).isEmpty()) {
          continue;
        }
        Optional<String> fileId = fileIdOf(messages.get(i));
        if (fileId.isPresent()) {
          files.recordSent(uploaded.get(i).get(), botId, fileId.get());
        }
      }
    } catch (RuntimeException e) {
      // The call was made: its outcome is written whatever this does. The file is uploaded
      // again next time rather than never sent.
      LOG.log(Level.WARNING, "Could not record the file_id Telegram gave an uploaded file", e);
    }
  }

  /** The file_id of a sent media message: the largest size of a photo, else the file's own. */
  static Optional<String> fileIdOf(JsonObject message) {
    for (String field : List.of("photo", "document", "video", "audio", "voice")) {
      JsonValue v = message.get(field);
      if (v instanceof JsonArray sizes && !sizes.isEmpty()) {
        JsonValue last = sizes.get(sizes.size() - 1);
        if (last instanceof JsonObject o && o.get("file_id") instanceof JsonString s) {
          return Optional.of(s.getString());
        }
      } else if (v instanceof JsonObject o && o.get("file_id") instanceof JsonString s) {
        return Optional.of(s.getString());
      }
    }
    return Optional.empty();
  }

  private static boolean namesStoredFile(JsonObject params) {
    for (var e : params.entrySet()) {
      if (storedFile(e.getValue()).isPresent()) {
        return true;
      }
      if (e.getKey().equals("media") && e.getValue() instanceof JsonArray media) {
        for (JsonValue item : media) {
          if (item instanceof JsonObject o && storedFile(o.get("media")).isPresent()) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static Optional<FileId> storedFile(JsonValue value) {
    if (value instanceof JsonObject o
        && o.size() == 1
        && o.get(STORED_FILE) instanceof JsonNumber n
        && n.isIntegral()) {
      return Optional.of(FileId.of(n.longValue()));
    }
    return Optional.empty();
  }
}
