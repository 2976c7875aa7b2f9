package io.tgdesk.tickets.media;

import io.tgdesk.telegram.botapi.BotApiClient;
import io.tgdesk.telegram.botapi.BotApiException;
import io.tgdesk.telegram.botapi.BotEndpoint;
import io.tgdesk.telegram.botapi.CallContext;
import io.tgdesk.telegram.botapi.Media;
import io.tgdesk.telegram.bots.BotApiProblems;
import io.tgdesk.telegram.bots.BotId;
import io.tgdesk.telegram.bots.BotRegistry;
import io.tgdesk.tickets.ConversationMessage;
import io.tgdesk.tickets.TicketId;
import io.tgdesk.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Opens a customer's file (or its thumbnail) of a conversation message for an agent: from the
 * cache, else getFile and the download from Telegram, kept in the cache. Read-only on the database,
 * no transaction. Blocks while Telegram answers.
 *
 * <p>What Telegram cannot give becomes a problem: a file above the cloud Bot API's 20 MB download
 * limit is 413 naming the limit and the Local Bot API server; a file Telegram no longer serves
 * (getFile refused with 400, the download answered 404) is 410; Telegram asking to wait (429) is
 * 503; other failures are 502 ({@link BotApiProblems}).
 */
@ApplicationScoped
public class CustomerMedia {

  /** The cloud Bot API's limit on getFile downloads. */
  public static final long CLOUD_DOWNLOAD_LIMIT = 20L * 1024 * 1024;

  /** A Local Bot API server's limit on files. */
  static final long LOCAL_SERVER_LIMIT = 2000L * 1024 * 1024;

  static final String CLOUD_HOST = "api.telegram.org";
  static final String CATEGORY = "customer-media";

  private static final Map<String, String> EXTENSIONS =
      Map.of(
          "image/jpeg", ".jpg",
          "image/png", ".png",
          "image/webp", ".webp",
          "video/mp4", ".mp4",
          "video/webm", ".webm",
          "audio/ogg", ".ogg",
          "audio/mpeg", ".mp3",
          "application/pdf", ".pdf",
          "application/x-tgsticker", ".tgs");

  @PersistenceContext EntityManager em;
  @Inject BotRegistry bots;
  @Inject BotApiClient botApi;
  @Inject MediaCache cache;

  /** A file to stream: its open content (the caller closes it), length, type and name. */
  public record Opened(InputStream content, long size, String contentType, String fileName) {}

  /**
   * The message's file, or its thumbnail.
   *
   * @throws ProblemException 404 for an unknown ticket or message or a message without a file (or
   *     without a thumbnail), 410 for an erased message or a file Telegram no longer serves, 413
   *     above the download limit, 502/503 when Telegram fails
   */
  public Opened open(TicketId ticketId, long messageId, boolean thumbnail) {
    ConversationMessage m = em.find(ConversationMessage.class, messageId);
    if (m == null || m.ticketId() != ticketId.value()) {
      throw ProblemException.notFound("Ticket " + ticketId + " has no message " + messageId + ".");
    }
    if (m.erasedAt() != null) {
      throw gone("The content of message " + messageId + " was erased; its file is not kept.");
    }
    String fileId = thumbnail ? m.thumbnailFileId() : m.fileId();
    if (fileId == null) {
      String what =
          thumbnail
              ? " has no thumbnail (Telegram gave none)."
              : " has no file" + (m.mediaType() == null ? "." : " (" + m.mediaType() + ").");
      throw ProblemException.notFound("Message " + messageId + what);
    }
    String fileName = thumbnail ? thumbnailName(m) : fileName(m);
    String key = key(m.botId(), fileId);
    Optional<MediaCache.Hit> hit = cache.find(key);
    if (hit.isPresent()) {
      return new Opened(hit.get().content(), hit.get().size(), hit.get().contentType(), fileName);
    }
    BotEndpoint endpoint = bots.get(BotId.of(m.botId())).endpoint();
    long limit = isCloud(endpoint) ? CLOUD_DOWNLOAD_LIMIT : LOCAL_SERVER_LIMIT;
    Long knownSize = thumbnail ? m.thumbnailFileSize() : m.fileSize();
    if (knownSize != null && knownSize > limit) {
      throw tooBig(knownSize, limit);
    }
    CallContext context = new CallContext(CATEGORY, null, 1, m.chatId(), null);
    Media.TelegramFile file = getFile(endpoint, fileId, context, limit);
    if (file.filePath() == null || file.filePath().isBlank()) {
      throw gone("Telegram no longer serves the file of message " + messageId + ".");
    }
    if (file.fileSize() != null && file.fileSize() > limit) {
      throw tooBig(file.fileSize(), limit);
    }
    return download(endpoint, file, context, limit, key, m, thumbnail, fileName);
  }

  private Media.TelegramFile getFile(
      BotEndpoint endpoint, String fileId, CallContext context, long limit) {
    try {
      return botApi.getFile(endpoint, fileId, context);
    } catch (BotApiException.TelegramError e) {
      if (e.errorCode() == 400 && e.description().toLowerCase(Locale.ROOT).contains("too big")) {
        // Telegram's own answer for a file above the cloud's download limit (a Local Bot API
        // server in --local mode has none).
        throw tooBig(null, CLOUD_DOWNLOAD_LIMIT);
      }
      if (e.errorCode() == 400) {
        throw gone(
            "Telegram no longer serves this file (getFile answered "
                + e.errorCode()
                + " "
                + e.description()
                + ").");
      }
      throw refusal("getFile", e);
    } catch (BotApiException e) {
      throw BotApiProblems.of("getFile", e, "");
    }
  }

  private Opened download(
      BotEndpoint endpoint,
      Media.TelegramFile file,
      CallContext context,
      long limit,
      String key,
      ConversationMessage m,
      boolean thumbnail,
      String fileName) {
    Path scratch = null;
    try {
      scratch = cache.newScratchFile();
      BotApiClient.Download d = botApi.download(endpoint, file.filePath(), scratch, limit, context);
      String type = contentType(m, thumbnail, d.contentType());
      MediaCache.Hit added = cache.add(key, scratch, type);
      scratch = null;
      return new Opened(added.content(), added.size(), type, fileName);
    } catch (BotApiException.TelegramError e) {
      if (e.errorCode() == 404 || e.errorCode() == 400) {
        throw gone(
            "Telegram no longer serves this file (the download answered " + e.errorCode() + ").");
      }
      throw BotApiProblems.of("the file download", e, "");
    } catch (BotApiException.UnexpectedAnswer e) {
      if (e.reason().startsWith("the file is larger")) {
        throw tooBig(null, limit);
      }
      throw BotApiProblems.of("the file download", e, "");
    } catch (BotApiException e) {
      throw BotApiProblems.of("the file download", e, "");
    } catch (IOException e) {
      throw new UncheckedIOException("The media cache failed", e);
    } finally {
      if (scratch != null) {
        try {
          Files.deleteIfExists(scratch);
        } catch (IOException e) {
          // a left scratch file is not counted and is replaced by the next download's
        }
      }
    }
  }

  /**
   * The type Telegram named for the file in the message (mime_type), else the one its file server
   * sent; a photo and a thumbnail are JPEG.
   */
  static String contentType(ConversationMessage m, boolean thumbnail, String downloaded) {
    String declared = thumbnail ? null : m.mimeType();
    if (declared != null && !declared.isBlank()) {
      return declared;
    }
    if (downloaded != null
        && !downloaded.isBlank()
        && !downloaded.startsWith("application/octet-stream")) {
      return downloaded;
    }
    return thumbnail ? "image/jpeg" : "application/octet-stream";
  }

  /** The name the customer's file had, else one made of its type, the message and an extension. */
  static String fileName(ConversationMessage m) {
    if (m.fileName() != null && !m.fileName().isBlank() && !"contact".equals(m.mediaType())) {
      return m.fileName();
    }
    String extension = m.mimeType() == null ? "" : EXTENSIONS.getOrDefault(m.mimeType(), "");
    return m.mediaType() + "-" + m.id() + extension;
  }

  static String thumbnailName(ConversationMessage m) {
    return m.mediaType() + "-" + m.id() + "-thumbnail.jpg";
  }

  /** An erasure committed: the erased messages' files leave the cache too. */
  void onFilesErased(
      @jakarta.enterprise.event.Observes(
              during = jakarta.enterprise.event.TransactionPhase.AFTER_SUCCESS)
          io.tgdesk.tickets.FilesErased erased) {
    cache.forget(erased.fileIds().stream().map(id -> key(erased.botId(), id)).toList());
  }

  private static boolean isCloud(BotEndpoint endpoint) {
    return CLOUD_HOST.equalsIgnoreCase(endpoint.baseUrl().getHost());
  }

  /** The cache key: the bot and file_id hashed (a file_id is valid for its bot only). */
  static String key(long botId, String fileId) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((botId + ":" + fileId).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 20);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ProblemException tooBig(Long size, long limit) {
    return new ProblemException(
        413,
        "File too large to download",
        (size == null ? "The file" : "The file (" + size + " bytes)")
            + " is above the Bot API's download limit of "
            + limit
            + " bytes"
            + (limit == CLOUD_DOWNLOAD_LIMIT
                ? " (20 MB, the cloud Bot API's limit). A Local Bot API server (telegram-bot-api,"
                    + " set as the bot's apiBaseUrl) downloads files up to 2,000 MB."
                : "."));
  }

  private static ProblemException gone(String detail) {
    return new ProblemException(410, "File no longer available", detail);
  }

  private static ProblemException refusal(String method, BotApiException.TelegramError e) {
    if (e.errorCode() == 429) {
      return new ProblemException(
          503,
          "Telegram asks to wait",
          method
              + " answered 429"
              + (e.retryAfter() == null ? "" : ": retry after " + e.retryAfter() + " s")
              + "; open the file again later.");
    }
    return BotApiProblems.of(method, e, "");
  }
}
