package io.tgdesk.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tgdesk.testing.BotState.Content;
import io.tgdesk.testing.BotState.TopicState;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fake Telegram Bot API server on 127.0.0.1 (an ephemeral port) for tests and benchmarks. It
 * answers {@code <baseUrl>/bot<token>/<method>} (GET or POST) with Telegram's envelope: {@code
 * {"ok":true,"result":...}} or {@code {"ok":false,"error_code":N,"description":"...",
 * "parameters":{...}}} with HTTP status N. Parameters are read from the query string and from a
 * JSON or form-urlencoded body (the body wins); numbers and booleans may arrive as strings and
 * lists or objects as a string holding JSON, as Telegram accepts them. Method names are
 * case-insensitive, as on Telegram.
 *
 * <p>Intake methods: getMe, getChat, setWebhook, deleteWebhook, getWebhookInfo, getUpdates. Nothing
 * is ever delivered to a webhook URL.
 *
 * <p>Files: getFile and the download from {@code <baseUrl>/file/bot<token>/<file_path>}, for files
 * a test put ({@link #putFile}), with the cloud Bot API's 20 MB download limit ({@link
 * #putFileTooBig}) and files Telegram no longer serves ({@link #expireFile}).
 *
 * <p>Telegram Business: sends with {@code business_connection_id} name a connection; one a test
 * disabled ({@link #setBusinessConnection}) is refused with 403.
 *
 * <p>Send-type methods (the delivery engine's): sendMessage (with an inline keyboard, whose
 * callback_data is checked to be 1-64 bytes), editMessageText, deleteMessage, sendChatAction,
 * copyMessage, sendPhoto, sendDocument, sendVideo, sendAudio, sendVoice and sendMediaGroup (each
 * file uploaded as multipart, or named by file_id; uploads are held to the cloud Bot API's 50 MB,
 * photos to 10 MB; every file sent is recorded, {@link #files}; an album is one call of the bot's
 * budget and one message per item in its chat), createForumTopic, editForumTopic, closeForumTopic,
 * deleteForumTopic, reopenForumTopic, answerCallbackQuery. Each is checked as Telegram checks it
 * (chat, topic, message), then counted against Telegram's limits ({@link Limits}), then applied and
 * recorded in the bot's delivery log ({@link #delivered(String)}). A chat with a positive id is a
 * private chat the bot may always write to; any other chat must be added with {@link #addChat}.
 *
 * <p>Button presses: {@link #pressButton} makes the callback_query update of a user's press of a
 * button the bot sent; answerCallbackQuery then accepts its id once, within {@link
 * #CALLBACK_QUERY_LIFETIME} of the press (as Telegram, "query is too old ... or query ID is
 * invalid" otherwise), and counts against no limit (it is no message and has no chat).
 *
 * <p>Any other method answers 404 {@code Not Found}; an unknown or revoked token answers 401 {@code
 * Unauthorized}. Faults can be injected per bot: blocked chats, migrated groups, deleted or closed
 * topics, failing calls, outages, slow and lost answers.
 *
 * <p>Thread safety: every public method may be called from any thread while requests are served.
 * Each request runs on a thread of the fake's own pool, so a waiting long poll or a delayed answer
 * never delays other requests. Each bot's state is guarded by its own lock, so that a send is
 * checked, counted and applied atomically.
 */
public final class FakeTelegram
    implements AutoCloseable, org.junit.jupiter.api.extension.AfterAllCallback {

  /**
   * One request. {@code at} is when it arrived; {@code token} is null when the path held none;
   * {@code method} is the canonical name of a known method, else as requested; {@code params}
   * merges the query string and the body; {@code status} is the HTTP status answered, or 0 when the
   * answer was swallowed ({@link #swallowAnswers}) or cut off ({@link #cutAnswers}).
   */
  public record Call(Instant at, String token, String method, JsonObject params, int status) {}

  /**
   * A bot's webhook as last set. {@code url} is null when no webhook is set; {@code allowedUpdates}
   * is null when never specified (Telegram's default set applies).
   */
  public record WebhookState(
      String url, String secretToken, int maxConnections, List<String> allowedUpdates) {

    static final WebhookState NONE = new WebhookState(null, null, 0, null);

    /** Whether a webhook is set. */
    public boolean isSet() {
      return url != null;
    }
  }

  /**
   * One successful send-type call, as recorded in the delivery log. Immutable.
   *
   * @param at when the fake applied it
   * @param token the bot's token
   * @param method canonical method name, e.g. {@code sendMessage}
   * @param chatId the chat addressed
   * @param threadId the topic (message_thread_id), or null for none
   * @param messageId the message created, copied, edited or deleted; for createForumTopic the new
   *     topic's thread id (the id of its creation message); 0 for calls about no message
   *     (sendChatAction, editForumTopic, closeForumTopic, reopenForumTopic)
   * @param text the text (or a media message's caption) created or edited; the topic name for
   *     createForumTopic and editForumTopic; the action for sendChatAction; else null
   * @param paid whether the call had {@code allow_paid_broadcast=true}
   */
  public record Delivered(
      Instant at,
      String token,
      String method,
      long chatId,
      Long threadId,
      long messageId,
      String text,
      boolean paid) {}

  /**
   * One file a bot sent, as a customer receives it. Immutable.
   *
   * @param method sendPhoto, sendDocument, sendVideo, sendAudio, sendVoice or sendMediaGroup
   * @param type photo, document, video, audio or voice
   * @param fileId the file_id the fake gave the file (a new one for an upload)
   * @param uploaded true when the bytes came with the call, false when it named a file_id
   * @param fileName the uploaded file's name; for a file_id, the name of its upload, if known
   * @param size bytes uploaded (or of the upload a file_id names; 0 if unknown)
   * @param albumSize the number of items of its album, 1 for a single file
   */
  public record SentFile(
      Instant at,
      String token,
      String method,
      long chatId,
      long messageId,
      String type,
      String fileId,
      boolean uploaded,
      String fileName,
      String contentType,
      long size,
      String caption,
      int albumSize) {}

  /**
   * Telegram's limits, enforced per bot token over sliding windows of real time.
   *
   * <p>Every send-type call counts toward the bot's budget: {@code botPerSecond}, or {@code
   * paidPerSecond} for a call with {@code allow_paid_broadcast=true} (two separate windows). A call
   * that puts a message into a chat (sendMessage, copyMessage, sendPhoto, sendDocument,
   * createForumTopic) also counts toward its chat: {@code privatePerSecond} in a private chat,
   * {@code groupPerSecond} and {@code groupPerMinute} in any other chat. editMessageText in a
   * non-private chat counts toward {@code groupEditsPerMinute} (not the message windows); in a
   * private chat only toward the budget. Other send-type calls count toward the budget only. Intake
   * methods are never limited.
   *
   * <p>A call violates a limit of N per second (minute) only if N calls were already admitted
   * within the last second (minute) minus {@code tolerance}, so that a client spacing its calls
   * exactly at the limit is not punished by jitter. A violating call is not counted; it is answered
   * 429 and starts a wait of its scope: the bot ({@code botRetryAfter}), a private chat ({@code
   * chatRetryAfter}) or a group ({@code groupRetryAfter}). A call into a scope that is waiting (any
   * send-type call for the bot; a call counting toward the chat for a chat) is answered 429 too and
   * restarts the wait at twice its length, up to 240 s (or the bot's cap, {@link
   * FakeTelegram#capRetryAfter}). A wait that ran out is forgotten: the next violation starts again
   * at the configured length. Immutable.
   *
   * @param botPerSecond send-type calls per second per bot, 1 or more
   * @param paidPerSecond paid broadcast calls per second per bot, 1 or more
   * @param privatePerSecond messages per second into one private chat, 1 or more
   * @param groupPerMinute messages per minute into one group, 1 or more
   * @param groupPerSecond messages per second into one group, 1 or more
   * @param groupEditsPerMinute message edits per minute in one group, 1 or more
   * @param tolerance how much each window is shrunk, 0 or more and under 1 s
   * @param chatRetryAfter seconds a private chat waits after a 429, 1 or more
   * @param groupRetryAfter seconds a group waits after a 429, 1 or more
   * @param botRetryAfter seconds the whole bot waits after a 429 on its budget, 1 or more
   */
  public record Limits(
      int botPerSecond,
      int paidPerSecond,
      int privatePerSecond,
      int groupPerMinute,
      int groupPerSecond,
      int groupEditsPerMinute,
      Duration tolerance,
      int chatRetryAfter,
      int groupRetryAfter,
      int botRetryAfter) {

    /**
     * @throws IllegalArgumentException if a value is out of its range
     */
    public Limits {
      for (int value :
          new int[] {
            botPerSecond,
            paidPerSecond,
            privatePerSecond,
            groupPerMinute,
            groupPerSecond,
            groupEditsPerMinute,
            chatRetryAfter,
            groupRetryAfter,
            botRetryAfter
          }) {
        if (value < 1) {
          throw new IllegalArgumentException("Limits and waits are 1 or more: " + value);
        }
      }
      Objects.requireNonNull(tolerance, "tolerance");
      if (tolerance.isNegative() || tolerance.compareTo(Duration.ofSeconds(1)) >= 0) {
        throw new IllegalArgumentException("tolerance is 0 or more and under 1 s: " + tolerance);
      }
    }

    /**
     * Telegram's published guidance: 30 calls/s per bot, 1000/s paid, 1 message/s per private chat,
     * 20 messages/min and 1/s per group, 20 edits/min per group; 50 ms tolerance; waits of 3 s
     * (chat), 10 s (group) and 5 s (bot).
     */
    public static Limits telegramDefaults() {
      return new Limits(30, 1000, 1, 20, 1, 20, Duration.ofMillis(50), 3, 10, 5);
    }

    /** No limit at all, for tests that are about something else. */
    public static Limits unlimited() {
      int none = Integer.MAX_VALUE;
      return new Limits(none, none, none, none, none, none, Duration.ZERO, 3, 10, 5);
    }
  }

  private static final String TOKEN_ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
  private static final int TOKEN_SECRET_LENGTH = 35;
  private static final Pattern METHOD_PATH = Pattern.compile("/bot([^/]+)/([^/]+)/?");
  private static final Pattern FILE_PATH = Pattern.compile("/file/bot([^/]+)/(.+)");
  private static final Pattern SECRET_TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,256}");
  private static final int DEFAULT_MAX_CONNECTIONS = 40;
  private static final int MAX_CONNECTIONS = 100;
  private static final int MAX_UPDATES_PER_POLL = 100;
  private static final int MAX_POLL_TIMEOUT_SECONDS = 50;
  private static final int MAX_TEXT_LENGTH = 4096;
  private static final int MAX_CAPTION_LENGTH = 1024;

  /** The cloud Bot API's largest upload, and its largest photo. */
  static final int CLOUD_UPLOAD_BYTES = 50 * 1024 * 1024;

  static final int PHOTO_UPLOAD_BYTES = 10 * 1024 * 1024;

  private static final Pattern BOUNDARY = Pattern.compile("boundary=(\"[^\"]+\"|[^;\\s]+)");
  private static final Pattern PART_NAME =
      Pattern.compile("(?i)content-disposition:[^\\r\\n]*;\\s*name=\"([^\"]*)\"");
  private static final Pattern PART_FILE_NAME =
      Pattern.compile("(?i)content-disposition:[^\\r\\n]*;\\s*filename=\"([^\"]*)\"");
  private static final Pattern PART_TYPE = Pattern.compile("(?i)content-type:([^\\r\\n]*)");
  private static final int MAX_TOPIC_NAME_LENGTH = 128;
  private static final Set<String> PARSE_MODES = Set.of("", "html", "markdown", "markdownv2");
  private static final Set<Integer> TOPIC_ICON_COLORS =
      Set.of(0x6FB9F0, 0xFFD67E, 0xCB86DB, 0x8EEE98, 0xFF93B2, 0xFB6F5F);
  private static final Set<String> CHAT_ACTIONS =
      Set.of(
          "typing",
          "upload_photo",
          "record_video",
          "upload_video",
          "record_voice",
          "upload_voice",
          "upload_document",
          "choose_sticker",
          "find_location",
          "record_video_note",
          "upload_video_note");

  static {
    // Without TCP_NODELAY the JDK server's separate header and body writes wait for the client's
    // delayed ACK: about 40 ms per answer, which would swamp any rate limit or benchmark. The JDK
    // reads the property once, when its HTTP server is first used in the JVM.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  /** How long Telegram accepts an answer to a callback query after the press. */
  public static final Duration CALLBACK_QUERY_LIFETIME = Duration.ofSeconds(150);

  /** Telegram's limit on a button's callback_data, in bytes of UTF-8. */
  private static final int MAX_CALLBACK_DATA_BYTES = 64;

  /** Telegram's limit on the buttons of one inline keyboard. */
  private static final int MAX_KEYBOARD_BUTTONS = 100;

  /** Telegram's limit on the text of an answer to a callback query. */
  private static final int MAX_ANSWER_TEXT_LENGTH = 200;

  /** The status logged for a request whose answer was swallowed. */
  private static final int NO_ANSWER = 0;

  private final HttpServer server;
  private final ExecutorService executor;
  private final String baseUrl;
  private final SecureRandom random = new SecureRandom();
  private final AtomicLong nextBotId;
  private final Map<String, BotState> bots = new ConcurrentHashMap<>();
  private final Map<String, Method> methods = methodTable();
  private final Queue<Call> calls = new ConcurrentLinkedQueue<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Set<HttpExchange> swallowed = ConcurrentHashMap.newKeySet();
  private volatile long maxLongPollMillis = 2000;
  private volatile Limits limits = Limits.telegramDefaults();

  private FakeTelegram() throws IOException {
    InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    executor = Executors.newCachedThreadPool(daemonThreads());
    server = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
    server.setExecutor(executor);
    server.createContext("/", this::serve);
    server.start();
    baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
    nextBotId = new AtomicLong(7_000_000_000L + random.nextInt(1_000_000_000));
  }

  /**
   * Starts a fake on 127.0.0.1 at an ephemeral port, with no bots and {@link
   * Limits#telegramDefaults()}.
   *
   * @throws UncheckedIOException if the server cannot bind
   */
  public static FakeTelegram start() {
    try {
      return new FakeTelegram();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start the fake Telegram Bot API", e);
    }
  }

  /** The base URL to configure as the Bot API base, e.g. {@code http://127.0.0.1:41234}. */
  public String baseUrl() {
    return baseUrl;
  }

  /**
   * Lets a test class hold the fake as {@code @RegisterExtension static final FakeTelegram telegram
   * = FakeTelegram.start();}: it is closed after the class's last test.
   */
  @Override
  public void afterAll(org.junit.jupiter.api.extension.ExtensionContext context) {
    close();
  }

  /**
   * Stops the server at once. Waiting long polls, delayed answers and swallowed answers are cut off
   * without an answer, as when a server goes away.
   */
  @Override
  public void close() {
    server.stop(0);
    swallowed.forEach(HttpExchange::close);
    swallowed.clear();
    executor.shutdownNow();
  }

  /**
   * Forgets every bot, its state (chats, delivery log, faults, windows) and the request log.
   * Waiting long polls answer 401. A request in flight during the reset may still be logged. The
   * limits and the long-poll cap are kept.
   */
  public void reset() {
    bots.values().forEach(BotState::revoke);
    bots.clear();
    calls.clear();
    rawAnswers.clear();
    files.clear();
    businessConnections.clear();
  }

  // ---- files ----

  /** The cloud Bot API's limit on files a bot may download. */
  public static final long DOWNLOAD_LIMIT = 20L * 1024 * 1024;

  /** A file a test put: its content (null when only its size is known) and path. */
  private record FakeFile(
      String fileId, String uniqueId, byte[] content, long size, String contentType, String path) {}

  private final Map<String, FakeFile> files = new ConcurrentHashMap<>();
  private final AtomicLong nextFilePath = new AtomicLong(1);

  private static String fileKey(String token, String fileId) {
    return token + "/" + fileId;
  }

  /**
   * Lets the bot download a file: getFile answers its {@code file_path}, and a GET of {@code
   * <baseUrl>/file/bot<token>/<file_path>} answers the content with {@code contentType}.
   *
   * @throws IllegalArgumentException if the token is not one of this fake's bots
   */
  public void putFile(String token, String fileId, byte[] content, String contentType) {
    bot(token);
    String path = "documents/file_" + nextFilePath.getAndIncrement();
    files.put(
        fileKey(token, fileId),
        new FakeFile(
            fileId,
            "u" + Integer.toHexString(fileId.hashCode()),
            content.clone(),
            content.length,
            Objects.requireNonNull(contentType, "contentType"),
            path));
  }

  /**
   * A file above the cloud Bot API's download limit: getFile answers 400 {@code Bad Request: file
   * is too big}, as Telegram does.
   *
   * @param size bytes, above {@link #DOWNLOAD_LIMIT}
   */
  public void putFileTooBig(String token, String fileId, long size) {
    bot(token);
    if (size <= DOWNLOAD_LIMIT) {
      throw new IllegalArgumentException("A file too big is above " + DOWNLOAD_LIMIT + ": " + size);
    }
    files.put(
        fileKey(token, fileId),
        new FakeFile(fileId, "big", null, size, "application/octet-stream", null));
  }

  /**
   * Telegram no longer has the file: getFile still answers its path, but the download answers 404
   * (a file_path outlives its hour, or the file is gone from Telegram's servers).
   */
  public void expireFile(String token, String fileId) {
    FakeFile f = files.get(fileKey(token, fileId));
    if (f == null) {
      throw new IllegalArgumentException("No such file of the bot: " + fileId);
    }
    files.put(
        fileKey(token, fileId),
        new FakeFile(f.fileId(), f.uniqueId(), null, f.size(), f.contentType(), f.path()));
  }

  /** How many downloads of files (answered or not) the bot made. */
  public int downloads(String token) {
    return count(token, "downloadFile");
  }

  private Reply getFile(BotState bot, Params params) throws ApiError {
    String fileId = params.string("file_id").filter(s -> !s.isEmpty()).orElse(null);
    if (fileId == null) {
      throw badRequest("file_id not specified");
    }
    FakeFile f = files.get(fileKey(bot.token(), fileId));
    if (f == null) {
      throw badRequest("invalid file_id");
    }
    if (f.size() > DOWNLOAD_LIMIT) {
      throw badRequest("file is too big");
    }
    return Reply.ok(
        Json.createObjectBuilder()
            .add("file_id", f.fileId())
            .add("file_unique_id", f.uniqueId())
            .add("file_size", f.size())
            .add("file_path", f.path())
            .build());
  }

  /** GET /file/bot<token>/<path>: the file's bytes, or 404 as Telegram's file server answers. */
  private void download(HttpExchange exchange, String token, String path) throws IOException {
    Instant at = Instant.now();
    exchange.getRequestBody().readAllBytes();
    BotState bot = bots.get(token);
    FakeFile file =
        bot == null || bot.isRevoked()
            ? null
            : files.values().stream()
                .filter(f -> path.equals(f.path()) && f.content() != null)
                .filter(f -> files.get(fileKey(token, f.fileId())) == f)
                .findFirst()
                .orElse(null);
    int status = file == null ? 404 : 200;
    calls.add(
        new Call(
            at,
            token,
            "downloadFile",
            Json.createObjectBuilder().add("file_path", path).build(),
            status));
    if (file == null) {
      byte[] body =
          "{\"ok\":false,\"error_code\":404,\"description\":\"Not Found\"}".getBytes(UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(404, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
      return;
    }
    exchange.getResponseHeaders().set("Content-Type", file.contentType());
    exchange.sendResponseHeaders(200, file.content().length == 0 ? -1 : file.content().length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(file.content());
    }
  }

  // ---- Telegram Business ----

  private final Map<String, Boolean> businessConnections = new ConcurrentHashMap<>();

  /**
   * Makes a business connection of the bot known: while {@code mayReply} is false (disabled, or the
   * business did not let the bot reply), sends naming it answer 403 {@code Forbidden:
   * BUSINESS_CONNECTION_NOT_ALLOWED} (the fake's wording). Sends naming an unknown connection are
   * accepted.
   */
  public void setBusinessConnection(String token, String connectionId, boolean mayReply) {
    bot(token);
    businessConnections.put(token + "/" + connectionId, mayReply);
  }

  private void requireBusinessConnection(BotState bot, Params params) throws ApiError {
    Optional<String> connection = params.string("business_connection_id");
    if (connection.isPresent()
        && Boolean.FALSE.equals(businessConnections.get(bot.token() + "/" + connection.get()))) {
      throw new ApiError(403, "Forbidden: BUSINESS_CONNECTION_NOT_ALLOWED");
    }
  }

  /**
   * Caps the wait of a long poll, whatever {@code timeout} it asks for, so that tests stay fast.
   *
   * @param millis milliseconds, 0 or more; 2000 until set
   */
  public void setMaxLongPollMillis(long millis) {
    if (millis < 0) {
      throw new IllegalArgumentException("maxLongPollMillis must be 0 or more: " + millis);
    }
    maxLongPollMillis = millis;
  }

  /**
   * Sets the limits every bot's send-type calls are held to from now on; the calls already counted
   * stay in their windows. Thread-safe; a call being checked uses either the old or the new limits.
   *
   * @param limits e.g. {@link Limits#telegramDefaults()} (the limits until set)
   */
  public void setLimits(Limits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /** The limits in force. Thread-safe. */
  public Limits limits() {
    return limits;
  }

  /**
   * Registers a bot and returns its new token, shaped like Telegram's: {@code <numeric bot id>:<35
   * characters of A-Za-z0-9_->}, random and unique within this fake.
   */
  public String newBot(String username) {
    long id = nextBotId.getAndIncrement();
    StringBuilder token = new StringBuilder().append(id).append(':');
    for (int i = 0; i < TOKEN_SECRET_LENGTH; i++) {
      token.append(TOKEN_ALPHABET.charAt(random.nextInt(TOKEN_ALPHABET.length())));
    }
    String newToken = token.toString();
    bots.put(
        newToken,
        new BotState(id, Objects.requireNonNull(username, "username"), newToken, this::limits));
    return newToken;
  }

  /**
   * Revokes a token: from now on every call with it answers 401 {@code Unauthorized}, and its
   * waiting long polls end with that answer.
   *
   * @throws IllegalArgumentException if the token is not one of this fake's bots
   */
  public void revoke(String token) {
    bot(token).revoke();
  }

  /**
   * Lets the bot see a chat, so that getChat answers {@code {id, type, title, is_forum}} and sends
   * to it are accepted. As on Telegram, {@code is_forum} is present only when true, and a {@code
   * private} chat carries the title as {@code first_name}. In a forum the first message id is 2:
   * message 1 is the General topic.
   *
   * @param type private, group, supergroup or channel; any but private is held to the group limits
   * @throws IllegalArgumentException if the token is not one of this fake's bots
   */
  public void addChat(String token, long chatId, String type, String title, boolean isForum) {
    JsonObjectBuilder chat = Json.createObjectBuilder().add("id", chatId);
    if (title != null) {
      chat.add("private".equals(type) ? "first_name" : "title", title);
    }
    chat.add("type", Objects.requireNonNull(type, "type"));
    if (isForum) {
      chat.add("is_forum", true);
    }
    bot(token).addChat(chatId, type, isForum, chat.build());
  }

  /**
   * The bot's webhook as last set through setWebhook; {@link WebhookState#isSet()} is false after
   * deleteWebhook or before any setWebhook.
   *
   * @throws IllegalArgumentException if the token is not one of this fake's bots
   */
  public WebhookState webhook(String token) {
    return bot(token).webhook();
  }

  /**
   * Makes getWebhookInfo report a delivery error, as Telegram does after a failed delivery.
   *
   * @param date unix time in seconds
   * @param message e.g. {@code Wrong response from the webhook: 502 Bad Gateway}
   * @throws IllegalArgumentException if the token is not one of this fake's bots
   */
  public void setWebhookError(String token, long date, String message) {
    bot(token).setWebhookError(date, Objects.requireNonNull(message, "message"));
  }

  /**
   * Adds an update to the bot's queue and wakes a waiting long poll. Updates are answered in the
   * order they were enqueued; their {@code update_id}s should increase, as Telegram's do.
   *
   * @param update an Update object with a numeric {@code update_id}, e.g. from {@link
   *     TelegramUpdates}
   * @throws IllegalArgumentException if the token is not one of this fake's bots or the update has
   *     no numeric update_id
   */
  public void enqueueUpdate(String token, JsonObject update) {
    enqueueUpdates(token, List.of(update));
  }

  /** Queues the updates for a polling bot at once: its next getUpdates answers them together. */
  public void enqueueUpdates(String token, List<JsonObject> updates) {
    for (JsonObject update : updates) {
      if (!(update.get("update_id") instanceof JsonNumber)) {
        throw new IllegalArgumentException("An update needs a numeric update_id: " + update);
      }
    }
    bot(token).enqueueAll(updates);
  }

  /**
   * A user presses the button with {@code callbackData} under the bot's message {@code messageId}
   * in {@code chatId}: answers the Update Telegram would send ({@code callback_query} with a new
   * query id, the user, the message with its keyboard, and the data), for our webhook or {@link
   * #enqueueUpdate}. The query may be answered once within {@link #CALLBACK_QUERY_LIFETIME}.
   *
   * @param languageCode the user's language_code, or null
   * @throws IllegalArgumentException if the token is not one of this fake's bots, or the message or
   *     such a button on it does not exist
   */
  public JsonObject pressButton(
      String token,
      long updateId,
      long chatId,
      long messageId,
      String callbackData,
      long userId,
      String firstName,
      String languageCode) {
    JsonObjectBuilder from =
        Json.createObjectBuilder()
            .add("id", userId)
            .add("is_bot", false)
            .add("first_name", firstName);
    if (languageCode != null) {
      from.add("language_code", languageCode);
    }
    JsonObject query =
        bot(token).press(chatId, messageId, callbackData, from.build(), "ci" + chatId);
    return Json.createObjectBuilder()
        .add("update_id", updateId)
        .add("callback_query", query)
        .build();
  }

  /**
   * While on, getUpdates answers 409 {@code Conflict: terminated by other getUpdates request; ...}
   * as if another instance of the bot were polling; turning it on also ends a waiting long poll
   * with that answer.
   *
   * @throws IllegalArgumentException if the token is not one of this fake's bots
   */
  public void forceConflict(String token, boolean on) {
    bot(token).forceConflict(on);
  }

  /**
   * Every request so far, in the order they were answered (a swallowed one when it was swallowed).
   * Thread-safe snapshot.
   */
  public List<Call> calls() {
    return List.copyOf(calls);
  }

  /** The requests of one bot to one method (canonical name, e.g. {@code getUpdates}). */
  public List<Call> calls(String token, String method) {
    return calls.stream()
        .filter(c -> token.equals(c.token()) && method.equals(c.method()))
        .toList();
  }

  /** How many requests of one bot to one method were answered (or swallowed). */
  public int count(String token, String method) {
    return calls(token, method).size();
  }

  // ---- delivery log and counters ----

  /**
   * The bot's successful send-type calls, in the order the fake applied them. Thread-safe snapshot.
   *
   * @throws IllegalArgumentException if the token is not one of this fake's bots
   */
  /** The files the bot sent, oldest first. Thread-safe. */
  public List<SentFile> files(String token) {
    return sentFiles.stream().filter(f -> f.token().equals(token)).toList();
  }

  public List<Delivered> delivered(String token) {
    return bot(token).delivered();
  }

  /**
   * How many 429 answers the bot got, from the limits or from {@link #failNext}. Thread-safe.
   *
   * @throws IllegalArgumentException if the token is not one of this fake's bots
   */
  public int tooManyRequests(String token) {
    return bot(token).tooManyRequests();
  }

  /**
   * Caps the retry_after of this bot's 429s, the escalated waits included, at {@code seconds}: real
   * Telegram answers a flood of a bot's overall budget with waits of a few seconds, while the fake
   * doubles each wait a call runs into (up to 240 s). For tests where calls keep arriving during
   * the waits (another client with the same token) and must still end in seconds.
   *
   * @param seconds 1 or more
   * @throws IllegalArgumentException if the token is not one of this fake's bots, or seconds is
   *     below 1
   */
  public void capRetryAfter(String token, int seconds) {
    bot(token).capRetryAfter(seconds);
  }

  /**
   * How many of the bot's calls came while their scope (bot, chat or group) was still waiting after
   * a 429, each of which doubled the wait. A well-behaved client keeps this at 0. Thread-safe.
   *
   * @throws IllegalArgumentException if the token is not one of this fake's bots
   */
  public int penaltyEscalations(String token) {
    return bot(token).penaltyEscalations();
  }

  /**
   * How many requests (of all bots, all methods, long polls included) have arrived and are not yet
   * answered, e.g. held by {@link #delayAnswers}. A swallowed request stops counting once it is
   * swallowed, since it is never answered. Thread-safe.
   */
  public int requestsInFlight() {
    return inFlight.get();
  }

  // ---- chats and topics ----

  /**
   * Keeps a message a user sent the bot (the {@code message} of an update) in its chat, as Telegram
   * does, so that copyMessage can copy it. Thread-safe.
   *
   * @throws IllegalArgumentException if the token is not one of this fake's bots
   */
  public void receive(String token, JsonObject message) {
    try {
      bot(token).received(message);
    } catch (ApiError e) {
      throw new IllegalArgumentException(e.getMessage());
    }
  }

  /**
   * Sets what getChatMember answers for the bot's own user in a chat: {@code administrator} (with
   * {@code can_manage_topics} as given), {@code member}, {@code creator}, .... Without it, a known
   * chat answers {@code left}. Thread-safe.
   *
   * @throws IllegalArgumentException if the token is not one of this fake's bots
   */
  public void setBotMember(String token, long chatId, String status, boolean canManageTopics) {
    BotState bot = bot(token);
    JsonObjectBuilder member =
        Json.createObjectBuilder()
            .add("status", status)
            .add(
                "user",
                Json.createObjectBuilder()
                    .add("id", bot.id)
                    .add("is_bot", true)
                    .add("first_name", bot.username));
    if ("administrator".equals(status)) {
      member.add("can_manage_topics", canManageTopics).add("can_be_edited", false);
    }
    bot.setMember(chatId, bot.id, member.build());
  }

  /**
   * Makes a topic known to the fake, open, e.g. one an inbound update showed. Message ids of the
   * chat continue above its thread id. Thread-safe.
   *
   * @param threadId the topic's message_thread_id, above 1
   * @throws IllegalArgumentException if the token is not one of this fake's bots, the chat is
   *     neither private nor added, or the thread id is not above 1
   */
  public void addTopic(String token, long chatId, long threadId, String name) {
    bot(token).putTopic(chatId, threadId, Objects.requireNonNull(name, "name"), TopicState.OPEN);
  }

  /**
   * Deletes a topic (known to the fake or not) with its messages, as Telegram does: sends into it
   * answer 400 {@code Bad Request: message thread not found}, topic management answers 400 {@code
   * Bad Request: TOPIC_ID_INVALID}, edits of its messages {@code Bad Request: message to edit not
   * found}. Thread-safe.
   *
   * @throws IllegalArgumentException as {@link #addTopic}
   */
  public void deleteTopic(String token, long chatId, long threadId) {
    bot(token).putTopic(chatId, threadId, null, TopicState.DELETED);
  }

  /**
   * Closes a topic (known to the fake or not), as an admin would: sends into it answer 400 {@code
   * Bad Request: TOPIC_CLOSED} until reopenForumTopic. Thread-safe.
   *
   * @throws IllegalArgumentException as {@link #addTopic}
   */
  public void closeTopic(String token, long chatId, long threadId) {
    bot(token).putTopic(chatId, threadId, null, TopicState.CLOSED);
  }

  // ---- faults ----

  /**
   * Makes every send-type call to a chat answer 403 with the given description, e.g. {@code
   * Forbidden: bot was blocked by the user} or {@code Forbidden: bot was kicked from the supergroup
   * chat}; the chat need not be known. Thread-safe.
   *
   * @param description the 403 description, or null to unblock the chat
   * @throws IllegalArgumentException if the token is not one of this fake's bots
   */
  public void blockChat(String token, long chatId, String description) {
    bot(token).blockChat(chatId, description);
  }

  /**
   * Upgrades a group to a supergroup: send-type calls to the old id answer 400 {@code Bad Request:
   * group chat was upgraded to a supergroup chat} with {@code parameters.migrate_to_chat_id}; the
   * new id becomes a supergroup (keeping the old title), added if the fake did not know it.
   * Thread-safe.
   *
   * @throws IllegalArgumentException if the token is not one of this fake's bots
   */
  public void migrateGroup(String token, long oldChatId, long newChatId) {
    bot(token).migrate(oldChatId, newChatId);
  }

  /**
   * Makes the bot's next {@code count} send-type calls answer an error before their parameters,
   * chat or limits are checked; nothing is delivered or counted against the limits. Runs queue up:
   * a second call takes effect after the first run is used up. Thread-safe.
   *
   * @param count 0 or more
   * @param status HTTP status and error_code, 400 to 599, e.g. 502 or 500
   * @param description e.g. {@code Bad Gateway} or {@code Internal Server Error: restart}; a 429
   *     described as {@code Too Many Requests: retry after N} carries {@code
   *     parameters.retry_after} N, as Telegram's does
   * @throws IllegalArgumentException if the token is not one of this fake's bots or a value is out
   *     of range
   */
  public void failNext(String token, int count, int status, String description) {
    if (count < 0 || status < 400 || status > 599) {
      throw new IllegalArgumentException(
          "count 0 or more, status 400..599: " + count + ", " + status);
    }
    bot(token).failNext(count, status, Objects.requireNonNull(description, "description"));
  }

  /**
   * Makes every call of the bot, whatever its method, answer 502 {@code Bad Gateway} until {@code
   * duration} of real time has passed; a zero duration ends an outage. Nothing is processed
   * meanwhile. Thread-safe.
   *
   * @throws IllegalArgumentException if the token is not one of this fake's bots or the duration is
   *     negative
   */
  public void outage(String token, Duration duration) {
    bot(token).outage(nonNegative(duration));
  }

  /**
   * Makes every answer to the bot's send-type calls, whatever its status, come {@code delay} after
   * the call was processed (a success is already in the delivery log meanwhile); zero turns it off.
   * Intake methods are answered at once. Thread-safe.
   *
   * @throws IllegalArgumentException if the token is not one of this fake's bots or the delay is
   *     negative
   */
  public void delayAnswers(String token, Duration delay) {
    bot(token).delayAnswers(nonNegative(delay));
  }

  /**
   * While on, the bot's send-type calls are processed (a send is delivered and logged) but never
   * answered: the connection stays open until the client gives up or the fake closes, the "outcome
   * unknown" case. Intake methods are answered as usual. Thread-safe.
   *
   * @throws IllegalArgumentException if the token is not one of this fake's bots
   */
  public void swallowAnswers(String token, boolean on) {
    bot(token).swallowAnswers(on);
  }

  /**
   * While on, the bot's send-type calls are processed (a send is delivered and logged with status
   * 0) and then the connection is closed without an answer: the client sees the request written and
   * the connection gone, the other "outcome unknown" case, at once instead of after its read
   * timeout. Intake methods are answered as usual. Thread-safe.
   *
   * @throws IllegalArgumentException if the token is not one of this fake's bots
   */
  public void cutAnswers(String token, boolean on) {
    bot(token).cutAnswers(on);
  }

  private static Duration nonNegative(Duration duration) {
    if (Objects.requireNonNull(duration, "duration").isNegative()) {
      throw new IllegalArgumentException("A duration is 0 or more: " + duration);
    }
    return duration;
  }

  /**
   * Makes the bot's next call of {@code method} answer exactly {@code body} with HTTP {@code
   * status}, whatever the call asks, and do nothing else: a Bot API server that answers in a shape
   * Telegram's does not (e.g. {@code {"ok":true,"result":null}}), or an error page. Answers queue
   * up per method. Thread-safe.
   *
   * @param status 100 to 599
   * @param body sent as it is, with {@code Content-Type: application/json}
   */
  public void answerNextRaw(String token, String method, int status, String body) {
    bot(token);
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status 100..599: " + status);
    }
    rawAnswers
        .computeIfAbsent(rawKey(token, method), k -> new ConcurrentLinkedQueue<>())
        .add(new RawAnswer(status, Objects.requireNonNull(body, "body")));
  }

  private static String rawKey(String token, String method) {
    return token + "/" + method.toLowerCase(Locale.ROOT);
  }

  private record RawAnswer(int status, String body) {}

  private final Map<String, Queue<RawAnswer>> rawAnswers = new ConcurrentHashMap<>();

  private BotState bot(String token) {
    BotState bot = bots.get(token);
    if (bot == null) {
      throw new IllegalArgumentException("Not a bot of this fake (token not registered)");
    }
    return bot;
  }

  // ---- HTTP: the one place that turns a request into an answer ----

  private void serve(HttpExchange exchange) throws IOException {
    inFlight.incrementAndGet();
    try {
      respond(exchange);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private void respond(HttpExchange exchange) throws IOException {
    Matcher filePath = FILE_PATH.matcher(exchange.getRequestURI().getRawPath());
    if (filePath.matches()) {
      download(exchange, filePath.group(1), filePath.group(2));
      return;
    }
    Instant at = Instant.now();
    Matcher path = METHOD_PATH.matcher(exchange.getRequestURI().getRawPath());
    String token = path.matches() ? path.group(1) : null;
    String requested = path.matches() ? path.group(2) : exchange.getRequestURI().getRawPath();
    Method method = token == null ? null : methods.get(requested.toLowerCase(Locale.ROOT));
    String logged = method == null ? requested : method.name();
    BotState bot = token == null ? null : bots.get(token);
    JsonObject params = JsonValue.EMPTY_JSON_OBJECT;
    Queue<RawAnswer> raws = token == null ? null : rawAnswers.get(rawKey(token, requested));
    RawAnswer raw = raws == null ? null : raws.poll();
    if (raw != null) {
      try {
        params = Params.read(exchange);
      } catch (ApiError | RuntimeException e) {
        // answered as set, whatever was sent
      }
      calls.add(new Call(at, token, logged, params, raw.status()));
      byte[] bytes = raw.body().getBytes(UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(raw.status(), bytes.length == 0 ? -1 : bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
      return;
    }
    Reply reply;
    try {
      params = Params.read(exchange);
      reply = answer(token, bot, method, new Params(params));
    } catch (ApiError e) {
      reply = e.reply();
    } catch (InterruptedException e) {
      // The fake is closing: leave without an answer, like a server that went away.
      Thread.currentThread().interrupt();
      exchange.close();
      return;
    } catch (RuntimeException e) {
      reply = new ApiError(500, "Internal Server Error: bug in the fake: " + e).reply();
    }
    boolean sendType = bot != null && method != null && method.sendType();
    if (bot != null) {
      bot.answered(reply.status());
    }
    if (sendType && bot.swallowsAnswers()) {
      // No answer, and the exchange stays open: the client waits until it gives up.
      calls.add(new Call(at, token, logged, params, NO_ANSWER));
      swallowed.add(exchange);
      return;
    }
    if (sendType && bot.cutsAnswers()) {
      // No answer, and the connection goes: the client learns at once that none will come.
      calls.add(new Call(at, token, logged, params, NO_ANSWER));
      exchange.close();
      return;
    }
    Duration delay = sendType ? bot.answerDelay() : Duration.ZERO;
    if (!delay.isZero()) {
      try {
        NANOSECONDS.sleep(delay.toNanos());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        exchange.close();
        return;
      }
    }
    calls.add(new Call(at, token, logged, params, reply.status()));
    write(exchange, reply);
  }

  /** Checks the path, the bot and its faults, then runs the method. */
  private Reply answer(String token, BotState bot, Method method, Params params)
      throws ApiError, InterruptedException {
    if (token == null) {
      throw new ApiError(404, "Not Found");
    }
    if (bot != null && bot.inOutage()) {
      throw new ApiError(502, "Bad Gateway");
    }
    if (bot == null || bot.isRevoked()) {
      throw unauthorized();
    }
    if (method == null) {
      throw new ApiError(404, "Not Found");
    }
    if (method.sendType()) {
      Optional<ApiError> injected = bot.takeFailure();
      if (injected.isPresent()) {
        throw injected.get();
      }
    }
    return method.handler().handle(bot, params);
  }

  private static void write(HttpExchange exchange, Reply reply) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    try (JsonWriter writer = Json.createWriter(body)) {
      writer.writeObject(reply.body());
    }
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    JsonObject parameters = reply.body().getJsonObject("parameters");
    if (parameters != null && parameters.containsKey("retry_after")) {
      exchange
          .getResponseHeaders()
          .set("Retry-After", String.valueOf(parameters.getInt("retry_after")));
    }
    exchange.sendResponseHeaders(reply.status(), body.size());
    try (OutputStream out = exchange.getResponseBody()) {
      body.writeTo(out);
    }
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, "fake-telegram-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  // ---- Bot API methods ----

  /** A Bot API method as the fake implements it: reads params, throws ApiError for an error. */
  @FunctionalInterface
  private interface Handler {
    Reply handle(BotState bot, Params params) throws ApiError, InterruptedException;
  }

  /** {@code sendType}: subject to failNext, delayAnswers and swallowAnswers. */
  private record Method(String name, Handler handler, boolean sendType) {}

  /** The dispatch table: lower-case method name to method. */
  private Map<String, Method> methodTable() {
    Map<String, Method> table = new HashMap<>();
    for (Method method :
        List.of(
            new Method("getMe", FakeTelegram::getMe, false),
            new Method("getChat", FakeTelegram::getChat, false),
            new Method("getChatMember", FakeTelegram::getChatMember, false),
            new Method("setWebhook", FakeTelegram::setWebhook, false),
            new Method("deleteWebhook", FakeTelegram::deleteWebhook, false),
            new Method("getWebhookInfo", FakeTelegram::getWebhookInfo, false),
            new Method("getUpdates", this::getUpdates, false),
            new Method("getFile", this::getFile, false),
            new Method("sendMessage", this::sendMessage, true),
            new Method("sendPhoto", (bot, p) -> sendFile(bot, p, "sendPhoto", "photo"), true),
            new Method(
                "sendDocument", (bot, p) -> sendFile(bot, p, "sendDocument", "document"), true),
            new Method("sendVideo", (bot, p) -> sendFile(bot, p, "sendVideo", "video"), true),
            new Method("sendAudio", (bot, p) -> sendFile(bot, p, "sendAudio", "audio"), true),
            new Method("sendVoice", (bot, p) -> sendFile(bot, p, "sendVoice", "voice"), true),
            new Method("sendMediaGroup", this::sendMediaGroup, true),
            new Method("copyMessage", FakeTelegram::copyMessage, true),
            new Method("editMessageText", FakeTelegram::editMessageText, true),
            new Method("editMessageCaption", FakeTelegram::editMessageCaption, true),
            new Method("deleteMessage", FakeTelegram::deleteMessage, true),
            new Method("sendChatAction", FakeTelegram::sendChatAction, true),
            new Method("answerCallbackQuery", FakeTelegram::answerCallbackQuery, true),
            new Method("createForumTopic", FakeTelegram::createForumTopic, true),
            new Method("editForumTopic", FakeTelegram::editForumTopic, true),
            new Method("closeForumTopic", FakeTelegram::closeForumTopic, true),
            new Method("deleteForumTopic", FakeTelegram::deleteForumTopic, true),
            new Method("reopenForumTopic", FakeTelegram::reopenForumTopic, true))) {
      table.put(method.name().toLowerCase(Locale.ROOT), method);
    }
    return Map.copyOf(table);
  }

  // -- intake --

  private static Reply getMe(BotState bot, Params params) {
    return Reply.ok(
        Json.createObjectBuilder()
            .add("id", bot.id)
            .add("is_bot", true)
            .add("first_name", bot.username)
            .add("username", bot.username)
            .add("can_join_groups", true)
            .add("can_read_all_group_messages", false)
            .add("supports_inline_queries", false)
            .add("can_connect_to_business", false)
            .add("has_main_web_app", false)
            .build());
  }

  private static Reply getChat(BotState bot, Params params) throws ApiError {
    String chatId = params.string("chat_id").orElse("");
    if (chatId.isEmpty()) {
      throw badRequest("chat_id is empty");
    }
    Optional<JsonObject> chat;
    try {
      chat = bot.chat(Long.parseLong(chatId));
    } catch (NumberFormatException e) {
      // An @username the fake does not know.
      chat = Optional.empty();
    }
    return Reply.ok(chat.orElseThrow(() -> badRequest("chat not found")));
  }

  private static Reply getChatMember(BotState bot, Params params) throws ApiError {
    long chatId = params.chatId();
    long userId = params.longValue("user_id").orElseThrow(() -> badRequest("user_id is empty"));
    if (bot.chat(chatId).isEmpty()) {
      throw badRequest("chat not found");
    }
    return Reply.ok(
        bot.member(chatId, userId)
            .orElseGet(
                () ->
                    Json.createObjectBuilder()
                        .add("status", "left")
                        .add("user", Json.createObjectBuilder().add("id", userId))
                        .build()));
  }

  private static Reply setWebhook(BotState bot, Params params) throws ApiError {
    String url = params.string("url").orElse("");
    if (url.isEmpty()) {
      throw badRequest("bad webhook: HTTPS url must be provided for webhook");
    }
    // An empty secret_token means "no secret", as on Telegram.
    String secret = params.string("secret_token").filter(s -> !s.isEmpty()).orElse(null);
    if (secret != null && !SECRET_TOKEN.matcher(secret).matches()) {
      throw badRequest("secret token contains unallowed characters");
    }
    int maxConnections =
        params.intClamped("max_connections", DEFAULT_MAX_CONNECTIONS, 1, MAX_CONNECTIONS);
    List<String> allowedUpdates = params.stringList("allowed_updates").orElse(null);
    boolean changed =
        bot.setWebhook(
            url, secret, maxConnections, allowedUpdates, params.bool("drop_pending_updates"));
    return Reply.ok(JsonValue.TRUE, changed ? "Webhook was set" : "Webhook is already set");
  }

  private static Reply deleteWebhook(BotState bot, Params params) throws ApiError {
    boolean deleted = bot.deleteWebhook(params.bool("drop_pending_updates"));
    return Reply.ok(JsonValue.TRUE, deleted ? "Webhook was deleted" : "Webhook is already deleted");
  }

  private static Reply getWebhookInfo(BotState bot, Params params) {
    return Reply.ok(bot.webhookInfo());
  }

  private Reply getUpdates(BotState bot, Params params) throws ApiError, InterruptedException {
    long offset = params.longValue("offset").orElse(0L);
    int limit = params.intClamped("limit", MAX_UPDATES_PER_POLL, 1, MAX_UPDATES_PER_POLL);
    int timeout = params.intClamped("timeout", 0, 0, MAX_POLL_TIMEOUT_SECONDS);
    List<String> allowedUpdates = params.stringList("allowed_updates").orElse(null);
    long waitMillis = Math.min(SECONDS.toMillis(timeout), maxLongPollMillis);
    List<JsonObject> batch = bot.poll(offset, limit, allowedUpdates, waitMillis);
    return Reply.ok(Json.createArrayBuilder(batch).build());
  }

  // -- delivery --

  private Reply sendMessage(BotState bot, Params params) throws ApiError {
    String text = params.string("text").orElse("");
    requireText(text);
    requireBusinessConnection(bot, params);
    params.requireParseMode();
    return Reply.ok(
        bot.send(
            "sendMessage",
            params.chatId(),
            params.threadId(),
            Content.text(text),
            params.bool("allow_paid_broadcast"),
            params.replyTo(),
            params.replyAnyway(),
            params.inlineKeyboard()));
  }

  private static Reply answerCallbackQuery(BotState bot, Params params) throws ApiError {
    String id = params.string("callback_query_id").orElse("");
    if (id.isEmpty()) {
      throw badRequest("query is too old and response timeout expired or query ID is invalid");
    }
    String text = params.string("text").orElse(null);
    if (text != null && text.length() > MAX_ANSWER_TEXT_LENGTH) {
      throw badRequest("MESSAGE_TOO_LONG");
    }
    bot.answerQuery(id, text, CALLBACK_QUERY_LIFETIME);
    return Reply.ok(JsonValue.TRUE);
  }

  /**
   * sendPhoto, sendDocument, sendVideo, sendAudio, sendVoice: the file in {@code field} is an
   * uploaded multipart part, {@code attach://name} of one, or a file_id.
   */
  private Reply sendFile(BotState bot, Params params, String method, String field) throws ApiError {
    FileInput file = fileInput(params, field, params.values().get(field));
    String caption = params.caption();
    params.requireParseMode();
    JsonObject message =
        bot.send(
            method,
            params.chatId(),
            params.threadId(),
            file.content(field, caption),
            params.bool("allow_paid_broadcast"),
            params.replyTo(),
            params.replyAnyway());
    logFile(bot, method, message, field, file, caption, 1);
    return Reply.ok(message);
  }

  /**
   * sendMediaGroup: 2-10 items of {@code media} (JSON), each {@code {type, media, caption?}};
   * photos and videos may mix, documents and audio only with their own type.
   */
  private Reply sendMediaGroup(BotState bot, Params params) throws ApiError {
    JsonArray media = params.array("media").orElseThrow(() -> badRequest("media is empty"));
    if (media.size() < 2 || media.size() > 10) {
      throw badRequest("wrong number of media specified: " + media.size() + ", expected 2-10");
    }
    List<String> types = new ArrayList<>();
    List<FileInput> files = new ArrayList<>();
    List<String> captions = new ArrayList<>();
    for (JsonValue v : media) {
      if (!(v instanceof JsonObject item)) {
        throw badRequest("can't parse media JSON object");
      }
      String type = item.getString("type", "");
      if (!Set.of("photo", "video", "document", "audio").contains(type)) {
        throw badRequest("wrong media type \"" + type + "\" in the album");
      }
      types.add(type);
      String caption = item.getString("caption", null);
      if (caption != null && caption.length() > MAX_CAPTION_LENGTH) {
        throw badRequest("message caption is too long");
      }
      captions.add(caption);
      files.add(fileInput(params, type, item.get("media")));
    }
    boolean mixed = new java.util.HashSet<>(types).size() > 1;
    if (mixed && (types.contains("document") || types.contains("audio"))) {
      throw badRequest(
          (types.contains("document") ? "document" : "audio")
              + " can't be mixed with other media types");
    }
    List<Content> contents = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      contents.add(files.get(i).content(types.get(i), captions.get(i)));
    }
    List<JsonObject> messages =
        bot.sendAlbum(
            params.chatId(), params.threadId(), contents, params.bool("allow_paid_broadcast"));
    for (int i = 0; i < messages.size(); i++) {
      logFile(
          bot,
          "sendMediaGroup",
          messages.get(i),
          types.get(i),
          files.get(i),
          captions.get(i),
          messages.size());
    }
    return Reply.ok(Json.createArrayBuilder(messages).build());
  }

  /** A file of a send: uploaded now (with its name, type and size), or named by its file_id. */
  private record FileInput(
      String fileId, boolean uploaded, String fileName, String contentType, long size) {

    Content content(String field, String caption) {
      if ("photo".equals(field)) {
        return Content.photo(fileId, caption);
      }
      JsonObjectBuilder file =
          Json.createObjectBuilder().add("file_id", fileId).add("file_unique_id", "AQAD" + fileId);
      if (fileName != null) {
        file.add("file_name", fileName);
      }
      if (contentType != null) {
        file.add("mime_type", contentType);
      }
      if (size > 0) {
        file.add("file_size", size);
      }
      return new Content(field, file.build(), caption);
    }
  }

  private final AtomicLong fileIds = new AtomicLong();
  private final Map<String, FileInput> knownFiles = new ConcurrentHashMap<>();
  private final Queue<SentFile> sentFiles = new ConcurrentLinkedQueue<>();

  /** The file of {@code field}: an upload part (directly or as attach://name) or a file_id. */
  private FileInput fileInput(Params params, String field, JsonValue value) throws ApiError {
    JsonValue v = value;
    if (v instanceof JsonString s && s.getString().startsWith("attach://")) {
      v = params.values().get(s.getString().substring("attach://".length()));
      if (v == null) {
        throw badRequest("can't find attached file " + s.getString());
      }
    }
    if (v instanceof JsonObject upload && upload.getBoolean("uploaded_file", false)) {
      long size = upload.getJsonNumber("size").longValue();
      if (size == 0) {
        throw badRequest("file must be non-empty");
      }
      if ("photo".equals(field) && size > PHOTO_UPLOAD_BYTES) {
        throw badRequest("file of " + size + " bytes is too big for a photo");
      }
      FileInput file =
          new FileInput(
              "fake-" + field + "-" + fileIds.incrementAndGet(),
              true,
              upload.getString("file_name"),
              upload.getString("content_type"),
              size);
      knownFiles.put(file.fileId(), file);
      return file;
    }
    if (v instanceof JsonString s && !s.getString().isBlank()) {
      FileInput known = knownFiles.get(s.getString());
      return known == null
          ? new FileInput(s.getString(), false, null, null, 0)
          : new FileInput(
              known.fileId(), false, known.fileName(), known.contentType(), known.size());
    }
    throw badRequest("there is no " + field + " in the request");
  }

  private void logFile(
      BotState bot,
      String method,
      JsonObject message,
      String type,
      FileInput file,
      String caption,
      int albumSize) {
    sentFiles.add(
        new SentFile(
            Instant.now(),
            bot.token(),
            method,
            message.getJsonObject("chat").getJsonNumber("id").longValue(),
            message.getJsonNumber("message_id").longValue(),
            type,
            file.fileId(),
            file.uploaded(),
            file.fileName(),
            file.contentType(),
            file.size(),
            caption,
            albumSize));
  }

  private static Reply copyMessage(BotState bot, Params params) throws ApiError {
    String caption = params.caption();
    params.requireParseMode();
    long messageId =
        bot.copy(
            params.chatId(),
            params.threadId(),
            params.chatId("from_chat_id"),
            params.messageId(),
            caption,
            params.bool("allow_paid_broadcast"),
            params.replyTo(),
            params.replyAnyway());
    return Reply.ok(Json.createObjectBuilder().add("message_id", messageId).build());
  }

  private static Reply editMessageText(BotState bot, Params params) throws ApiError {
    if (params.string("inline_message_id").isPresent()) {
      throw badRequest("the fake does not edit inline messages");
    }
    long chatId = params.chatId();
    long messageId = params.messageId();
    String text = params.string("text").orElse("");
    requireText(text);
    params.requireParseMode();
    return Reply.ok(bot.editText(chatId, messageId, text, params.inlineKeyboard()));
  }

  private static Reply editMessageCaption(BotState bot, Params params) throws ApiError {
    return Reply.ok(
        bot.editCaption(params.chatId(), params.messageId(), params.string("caption").orElse("")));
  }

  private static Reply deleteMessage(BotState bot, Params params) throws ApiError {
    bot.delete(params.chatId(), params.messageId());
    return Reply.ok(JsonValue.TRUE);
  }

  private static Reply sendChatAction(BotState bot, Params params) throws ApiError {
    long chatId = params.chatId();
    String action = params.string("action").orElse("");
    if (!CHAT_ACTIONS.contains(action)) {
      throw badRequest("wrong parameter action in request");
    }
    bot.chatAction(chatId, params.threadId(), action);
    return Reply.ok(JsonValue.TRUE);
  }

  private static Reply createForumTopic(BotState bot, Params params) throws ApiError {
    long chatId = params.chatId();
    String name = params.string("name").orElse("");
    requireTopicName(name);
    long iconColor = params.longValue("icon_color").orElse((long) BotState.DEFAULT_ICON_COLOR);
    if (!TOPIC_ICON_COLORS.contains((int) iconColor) || iconColor != (int) iconColor) {
      // The fake's wording: Telegram's is not documented.
      throw badRequest("invalid icon_color specified");
    }
    long threadId = bot.createTopic(chatId, name, (int) iconColor);
    return Reply.ok(
        Json.createObjectBuilder()
            .add("message_thread_id", threadId)
            .add("name", name)
            .add("icon_color", iconColor)
            .build());
  }

  private static Reply editForumTopic(BotState bot, Params params) throws ApiError {
    long chatId = params.chatId();
    long threadId = params.topicId();
    String name = params.string("name").orElse(null);
    if (name != null && name.length() > MAX_TOPIC_NAME_LENGTH) {
      throw badRequest("TOPIC_TITLE_TOO_LONG");
    }
    bot.editTopic(chatId, threadId, name, params.string("icon_custom_emoji_id").isPresent());
    return Reply.ok(JsonValue.TRUE);
  }

  private static Reply closeForumTopic(BotState bot, Params params) throws ApiError {
    bot.setTopicOpen("closeForumTopic", params.chatId(), params.topicId(), false);
    return Reply.ok(JsonValue.TRUE);
  }

  private static Reply deleteForumTopic(BotState bot, Params params) throws ApiError {
    bot.deleteForumTopic(params.chatId(), params.topicId());
    return Reply.ok(JsonValue.TRUE);
  }

  private static Reply reopenForumTopic(BotState bot, Params params) throws ApiError {
    bot.setTopicOpen("reopenForumTopic", params.chatId(), params.topicId(), true);
    return Reply.ok(JsonValue.TRUE);
  }

  private static void requireText(String text) throws ApiError {
    if (text.isBlank()) {
      throw badRequest("message text is empty");
    }
    if (text.length() > MAX_TEXT_LENGTH) {
      throw badRequest("message is too long");
    }
  }

  private static void requireTopicName(String name) throws ApiError {
    if (name.isBlank()) {
      throw badRequest("TOPIC_TITLE_EMPTY");
    }
    if (name.length() > MAX_TOPIC_NAME_LENGTH) {
      throw badRequest("TOPIC_TITLE_TOO_LONG");
    }
  }

  // ---- answers ----

  /** An answer about to be written: HTTP status and envelope. */
  private record Reply(int status, JsonObject body) {

    static Reply ok(JsonValue result) {
      return ok(result, null);
    }

    static Reply ok(JsonValue result, String description) {
      JsonObjectBuilder body = Json.createObjectBuilder().add("ok", true).add("result", result);
      if (description != null) {
        body.add("description", description);
      }
      return new Reply(200, body.build());
    }
  }

  /**
   * An error answer, thrown from wherever the request is found wanting; {@code parameters} (e.g.
   * retry_after, migrate_to_chat_id) may be null.
   */
  static final class ApiError extends Exception {

    private final int code;
    private final JsonObject parameters;

    ApiError(int code, String description) {
      this(code, description, null);
    }

    ApiError(int code, String description, JsonObject parameters) {
      super(description, null, false, false);
      this.code = code;
      this.parameters = parameters;
    }

    Reply reply() {
      JsonObjectBuilder body =
          Json.createObjectBuilder()
              .add("ok", false)
              .add("error_code", code)
              .add("description", getMessage());
      if (parameters != null) {
        body.add("parameters", parameters);
      }
      return new Reply(code, body.build());
    }
  }

  static ApiError badRequest(String what) {
    return new ApiError(400, "Bad Request: " + what);
  }

  static ApiError unauthorized() {
    return new ApiError(401, "Unauthorized");
  }

  /** 429 with {@code parameters.retry_after}; the Retry-After header is added when written. */
  static ApiError tooManyRequests(int retryAfterSeconds) {
    return new ApiError(
        429,
        "Too Many Requests: retry after " + retryAfterSeconds,
        Json.createObjectBuilder().add("retry_after", retryAfterSeconds).build());
  }

  // ---- parameters ----

  /** The parameters of one request, read as leniently as Telegram reads them. */
  private record Params(JsonObject values) {

    static JsonObject read(HttpExchange exchange) throws IOException, ApiError {
      JsonObjectBuilder params = Json.createObjectBuilder();
      formFields(exchange.getRequestURI().getRawQuery()).forEach(params::add);
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (body.length > 0) {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        String mediaType =
            contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        switch (mediaType) {
          case "application/json" -> jsonObject(body).forEach(params::add);
          case "application/x-www-form-urlencoded" ->
              formFields(new String(body, UTF_8)).forEach(params::add);
          case "multipart/form-data" -> multipart(contentType, body).forEach(params::add);
          default ->
              throw badRequest("the fake reads JSON, form-urlencoded or multipart bodies only");
        }
      }
      return params.build();
    }

    /**
     * The parts of a multipart/form-data body: a text field as a string; a file (a part with a
     * filename) as {@code {"uploaded_file":true,"file_name","content_type","size"}}. A file larger
     * than the cloud Bot API's 50 MB answers 413, as Telegram does.
     */
    private static Map<String, JsonValue> multipart(String contentType, byte[] body)
        throws ApiError {
      Matcher b = BOUNDARY.matcher(contentType);
      if (!b.find()) {
        throw badRequest("multipart without a boundary");
      }
      byte[] delimiter = ("--" + b.group(1).replace("\"", "")).getBytes(UTF_8);
      Map<String, JsonValue> fields = new LinkedHashMap<>();
      int at = indexOf(body, delimiter, 0);
      while (at >= 0) {
        int start = at + delimiter.length;
        if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') {
          break; // the closing delimiter
        }
        start += 2; // CRLF after the delimiter
        int headersEnd = indexOf(body, "\r\n\r\n".getBytes(UTF_8), start);
        int next = indexOf(body, delimiter, start);
        if (headersEnd < 0 || next < 0) {
          throw badRequest("can't parse multipart body");
        }
        String headers = new String(body, start, headersEnd - start, UTF_8);
        int contentStart = headersEnd + 4;
        int contentEnd = next - 2; // CRLF before the delimiter
        Matcher name = PART_NAME.matcher(headers);
        if (!name.find()) {
          throw badRequest("a multipart part without a name");
        }
        Matcher fileName = PART_FILE_NAME.matcher(headers);
        int size = Math.max(0, contentEnd - contentStart);
        if (fileName.find()) {
          if (size > CLOUD_UPLOAD_BYTES) {
            throw new ApiError(413, "Request Entity Too Large");
          }
          Matcher type = PART_TYPE.matcher(headers);
          fields.put(
              name.group(1),
              Json.createObjectBuilder()
                  .add("uploaded_file", true)
                  .add("file_name", fileName.group(1))
                  .add(
                      "content_type",
                      type.find() ? type.group(1).trim() : "application/octet-stream")
                  .add("size", size)
                  .build());
        } else {
          fields.put(name.group(1), Json.createValue(new String(body, contentStart, size, UTF_8)));
        }
        at = next;
      }
      return fields;
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
      outer:
      for (int i = Math.max(0, from); i <= data.length - pattern.length; i++) {
        for (int j = 0; j < pattern.length; j++) {
          if (data[i + j] != pattern[j]) {
            continue outer;
          }
        }
        return i;
      }
      return -1;
    }

    private static Map<String, String> formFields(String raw) throws ApiError {
      Map<String, String> fields = new LinkedHashMap<>();
      if (raw == null || raw.isEmpty()) {
        return fields;
      }
      try {
        for (String pair : raw.split("&")) {
          if (!pair.isEmpty()) {
            String[] nameValue = pair.split("=", 2);
            fields.put(
                URLDecoder.decode(nameValue[0], UTF_8),
                nameValue.length == 2 ? URLDecoder.decode(nameValue[1], UTF_8) : "");
          }
        }
      } catch (IllegalArgumentException e) {
        throw badRequest("can't decode parameters");
      }
      return fields;
    }

    private static JsonObject jsonObject(byte[] body) throws ApiError {
      try (JsonReader reader = Json.createReader(new ByteArrayInputStream(body))) {
        return reader.readObject();
      } catch (JsonException | IllegalStateException e) {
        throw badRequest("can't parse JSON object");
      }
    }

    /** A parameter that is present and not JSON null. */
    private Optional<JsonValue> value(String name) {
      return Optional.ofNullable(values.get(name)).filter(v -> v != JsonValue.NULL);
    }

    Optional<String> string(String name) {
      return value(name).map(v -> v instanceof JsonString s ? s.getString() : v.toString());
    }

    Optional<Long> longValue(String name) throws ApiError {
      Optional<JsonValue> value = value(name);
      if (value.isEmpty()) {
        return Optional.empty();
      }
      try {
        if (value.get() instanceof JsonNumber n) {
          return Optional.of(n.longValueExact());
        }
        if (value.get() instanceof JsonString s) {
          return Optional.of(Long.parseLong(s.getString().trim()));
        }
      } catch (ArithmeticException | NumberFormatException e) {
        // Falls through to the error below.
      }
      throw badRequest("parameter \"" + name + "\" must be an integer");
    }

    /** An int parameter, clamped into [min, max] as Telegram clamps it. */
    int intClamped(String name, int defaultValue, int min, int max) throws ApiError {
      long value = longValue(name).orElse((long) defaultValue);
      return (int) Math.max(min, Math.min(max, value));
    }

    /** A boolean parameter; absent means false. */
    boolean bool(String name) throws ApiError {
      String value = string(name).orElse("false").trim().toLowerCase(Locale.ROOT);
      return switch (value) {
        case "true", "1" -> true;
        case "false", "0", "" -> false;
        default -> throw badRequest("parameter \"" + name + "\" must be a boolean");
      };
    }

    /** A list of strings, sent as a JSON array or as a string holding one. */
    Optional<List<String>> stringList(String name) throws ApiError {
      Optional<JsonValue> value = value(name);
      if (value.isEmpty()) {
        return Optional.empty();
      }
      try {
        JsonArray array =
            value.get() instanceof JsonString s
                ? Json.createReader(new StringReader(s.getString())).readArray()
                : value.get().asJsonArray();
        List<String> list = new ArrayList<>();
        for (JsonValue item : array) {
          list.add(((JsonString) item).getString());
        }
        return Optional.of(List.copyOf(list));
      } catch (JsonException | IllegalStateException | ClassCastException e) {
        throw badRequest("can't parse " + name + " JSON array");
      }
    }

    /** An array, sent as a JSON array or as a string holding one. */
    Optional<JsonArray> array(String name) throws ApiError {
      Optional<JsonValue> value = value(name);
      if (value.isEmpty()) {
        return Optional.empty();
      }
      try {
        return Optional.of(
            value.get() instanceof JsonString s
                ? Json.createReader(new StringReader(s.getString())).readArray()
                : value.get().asJsonArray());
      } catch (JsonException | IllegalStateException | ClassCastException e) {
        throw badRequest("can't parse " + name + " JSON array");
      }
    }

    /** An object, sent as a JSON object or as a string holding one. */
    Optional<JsonObject> object(String name) throws ApiError {
      Optional<JsonValue> value = value(name);
      if (value.isEmpty()) {
        return Optional.empty();
      }
      try {
        return Optional.of(
            value.get() instanceof JsonString s
                ? Json.createReader(new StringReader(s.getString())).readObject()
                : value.get().asJsonObject());
      } catch (JsonException | IllegalStateException | ClassCastException e) {
        throw badRequest("can't parse " + name + " JSON object");
      }
    }

    /** The chat addressed by {@code chat_id}. */
    long chatId() throws ApiError {
      return chatId("chat_id");
    }

    /** A chat id; an @username is a chat the fake does not know. */
    long chatId(String name) throws ApiError {
      String chatId = string(name).orElse("").trim();
      if (chatId.isEmpty()) {
        throw badRequest(name + " is empty");
      }
      try {
        return Long.parseLong(chatId);
      } catch (NumberFormatException e) {
        throw badRequest("chat not found");
      }
    }

    /** {@code message_thread_id}, or null when absent or 0 (no topic). */
    Long threadId() throws ApiError {
      return longValue("message_thread_id").filter(id -> id != 0).orElse(null);
    }

    /** {@code message_thread_id} of topic management, required. */
    long topicId() throws ApiError {
      return longValue("message_thread_id").orElseThrow(() -> badRequest("TOPIC_ID_INVALID"));
    }

    long messageId() throws ApiError {
      return longValue("message_id")
          .orElseThrow(() -> badRequest("message identifier is not specified"));
    }

    /** The message replied to, from reply_parameters or the older reply_to_message_id. */
    Long replyTo() throws ApiError {
      Optional<JsonObject> reply = object("reply_parameters");
      if (reply.isPresent()) {
        return new Params(reply.get()).longValue("message_id").orElse(null);
      }
      return longValue("reply_to_message_id").orElse(null);
    }

    /** Whether to send even when the message replied to is not found. */
    boolean replyAnyway() throws ApiError {
      Optional<JsonObject> reply = object("reply_parameters");
      return reply.isPresent()
          ? new Params(reply.get()).bool("allow_sending_without_reply")
          : bool("allow_sending_without_reply");
    }

    /** A media caption, or null. */
    String caption() throws ApiError {
      String caption = string("caption").orElse(null);
      if (caption != null && caption.length() > MAX_CAPTION_LENGTH) {
        throw badRequest("message caption is too long");
      }
      return caption;
    }

    /**
     * {@code reply_markup} as an inline keyboard, checked as Telegram checks it: rows of buttons,
     * each with a text and callback_data of 1-64 bytes; at most 100 buttons. Null when absent.
     */
    JsonObject inlineKeyboard() throws ApiError {
      Optional<JsonObject> markup = object("reply_markup");
      if (markup.isEmpty()) {
        return null;
      }
      JsonValue keyboard = markup.get().get("inline_keyboard");
      if (!(keyboard instanceof JsonArray rows)) {
        throw badRequest("can't parse reply keyboard markup JSON object");
      }
      int buttons = 0;
      for (JsonValue row : rows) {
        if (!(row instanceof JsonArray cells)) {
          throw badRequest(
              "can't parse inline keyboard button: InlineKeyboardButton must be an Object");
        }
        for (JsonValue cell : cells) {
          if (!(cell instanceof JsonObject button)
              || !(button.get("text") instanceof JsonString label)
              || label.getString().isEmpty()) {
            throw badRequest(
                "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
          }
          if (!(button.get("callback_data") instanceof JsonString data)) {
            throw badRequest(
                "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
          }
          int bytes = data.getString().getBytes(UTF_8).length;
          if (bytes < 1 || bytes > MAX_CALLBACK_DATA_BYTES) {
            throw badRequest("BUTTON_DATA_INVALID");
          }
          buttons++;
        }
      }
      if (buttons > MAX_KEYBOARD_BUTTONS) {
        throw badRequest("reply markup is too long");
      }
      return markup.get();
    }

    void requireParseMode() throws ApiError {
      String mode = string("parse_mode").orElse("").toLowerCase(Locale.ROOT);
      if (!PARSE_MODES.contains(mode)) {
        throw badRequest("unsupported parse_mode");
      }
    }
  }
}
