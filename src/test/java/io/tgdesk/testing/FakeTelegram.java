package io.tgdesk.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
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
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
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
 * A fake Telegram Bot API server on 127.0.0.1 (an ephemeral port) for tests. It answers {@code
 * <baseUrl>/bot<token>/<method>} (GET or POST) with Telegram's envelope: {@code
 * {"ok":true,"result":...}} or {@code {"ok":false,"error_code":N,"description":"..."}} with HTTP
 * status N. Parameters are read from the query string and from a JSON or form-urlencoded body (the
 * body wins); numbers and booleans may arrive as strings and lists as a string holding a JSON
 * array, as Telegram accepts them. Method names are case-insensitive, as on Telegram.
 *
 * <p>Implemented methods: getMe, getChat, setWebhook, deleteWebhook, getWebhookInfo, getUpdates.
 * Any other method answers 404 {@code Not Found}; an unknown or revoked token answers 401 {@code
 * Unauthorized}. Nothing is ever delivered to a webhook URL.
 *
 * <p>Thread safety: every public method may be called from any thread while requests are served.
 * Each request runs on a thread of the fake's own pool, so a waiting long poll never delays other
 * requests. Each bot's state is guarded by its own lock.
 */
public final class FakeTelegram implements AutoCloseable {

  /**
   * One answered request. {@code at} is when it arrived; {@code token} is null when the path held
   * none; {@code method} is the canonical name of a known method, else as requested; {@code params}
   * merges the query string and the body; {@code status} is the HTTP status answered.
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

  private static final String TOKEN_ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
  private static final int TOKEN_SECRET_LENGTH = 35;
  private static final Pattern METHOD_PATH = Pattern.compile("/bot([^/]+)/([^/]+)/?");
  private static final Pattern SECRET_TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,256}");
  private static final int DEFAULT_MAX_CONNECTIONS = 40;
  private static final int MAX_CONNECTIONS = 100;
  private static final int MAX_UPDATES_PER_POLL = 100;
  private static final int MAX_POLL_TIMEOUT_SECONDS = 50;

  /** Update types Telegram leaves out unless allowed_updates names them. */
  private static final Set<String> OPT_IN_UPDATE_TYPES =
      Set.of("chat_member", "message_reaction", "message_reaction_count");

  private static final String CONFLICT_OTHER_POLL =
      "Conflict: terminated by other getUpdates request;"
          + " make sure that only one bot instance is running";
  private static final String CONFLICT_WEBHOOK_ACTIVE =
      "Conflict: can't use getUpdates method while webhook is active;"
          + " use deleteWebhook to delete the webhook first";
  private static final String CONFLICT_SET_WEBHOOK = "Conflict: terminated by setWebhook request";

  private final HttpServer server;
  private final ExecutorService executor;
  private final String baseUrl;
  private final SecureRandom random = new SecureRandom();
  private final AtomicLong nextBotId;
  private final Map<String, BotState> bots = new ConcurrentHashMap<>();
  private final Map<String, Method> methods = methodTable();
  private final Queue<Call> calls = new ConcurrentLinkedQueue<>();
  private volatile long maxLongPollMillis = 2000;

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
   * Starts a fake on 127.0.0.1 at an ephemeral port, with no bots.
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
   * Stops the server at once. Waiting long polls are cut off without an answer, as when a server
   * goes away.
   */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  /**
   * Forgets every bot, its state and the request log. Waiting long polls answer 401. A request in
   * flight during the reset may still be logged.
   */
  public void reset() {
    bots.values().forEach(BotState::revoke);
    bots.clear();
    calls.clear();
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
   * Registers a bot and returns its new token, shaped like Telegram's: {@code <numeric bot id>:<35
   * characters of A-Za-z0-9_->}, random and unique within this fake.
   */
  public String newBot(String username) {
    long id = nextBotId.getAndIncrement();
    StringBuilder token = new StringBuilder().append(id).append(':');
    for (int i = 0; i < TOKEN_SECRET_LENGTH; i++) {
      token.append(TOKEN_ALPHABET.charAt(random.nextInt(TOKEN_ALPHABET.length())));
    }
    bots.put(token.toString(), new BotState(id, Objects.requireNonNull(username, "username")));
    return token.toString();
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
   * Lets the bot see a chat, so that getChat answers {@code {id, type, title, is_forum}}. As on
   * Telegram, {@code is_forum} is present only when true, and a {@code private} chat carries the
   * title as {@code first_name}.
   *
   * @param type private, group, supergroup or channel
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
    bot(token).addChat(chatId, chat.build());
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
    if (!(update.get("update_id") instanceof JsonNumber)) {
      throw new IllegalArgumentException("An update needs a numeric update_id: " + update);
    }
    bot(token).enqueue(update);
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

  /** Every answered request so far, in the order they were answered. */
  public List<Call> calls() {
    return List.copyOf(calls);
  }

  /** The answered requests of one bot to one method (canonical name, e.g. {@code getUpdates}). */
  public List<Call> calls(String token, String method) {
    return calls.stream()
        .filter(c -> token.equals(c.token()) && method.equals(c.method()))
        .toList();
  }

  /** How many requests of one bot to one method were answered. */
  public int count(String token, String method) {
    return calls(token, method).size();
  }

  private BotState bot(String token) {
    BotState bot = bots.get(token);
    if (bot == null) {
      throw new IllegalArgumentException("Not a bot of this fake (token not registered)");
    }
    return bot;
  }

  // ---- HTTP ----

  private void serve(HttpExchange exchange) throws IOException {
    Instant at = Instant.now();
    Matcher path = METHOD_PATH.matcher(exchange.getRequestURI().getRawPath());
    String token = path.matches() ? path.group(1) : null;
    String requested = path.matches() ? path.group(2) : exchange.getRequestURI().getRawPath();
    Method method = token == null ? null : methods.get(requested.toLowerCase(Locale.ROOT));
    JsonObject params = JsonValue.EMPTY_JSON_OBJECT;
    Reply reply;
    try {
      params = Params.read(exchange);
      reply = answer(token, method, new Params(params));
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
    calls.add(
        new Call(at, token, method == null ? requested : method.name(), params, reply.status()));
    write(exchange, reply);
  }

  private Reply answer(String token, Method method, Params params)
      throws ApiError, InterruptedException {
    if (token == null) {
      throw new ApiError(404, "Not Found");
    }
    BotState bot = bots.get(token);
    if (bot == null || bot.isRevoked()) {
      throw unauthorized();
    }
    if (method == null) {
      throw new ApiError(404, "Not Found");
    }
    return method.handler().handle(bot, params);
  }

  private static void write(HttpExchange exchange, Reply reply) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    try (JsonWriter writer = Json.createWriter(body)) {
      writer.writeObject(reply.body());
    }
    exchange.getResponseHeaders().set("Content-Type", "application/json");
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

  private record Method(String name, Handler handler) {}

  /** The dispatch table: lower-case method name to method. */
  private Map<String, Method> methodTable() {
    Map<String, Method> table = new HashMap<>();
    for (Method method :
        List.of(
            new Method("getMe", FakeTelegram::getMe),
            new Method("getChat", FakeTelegram::getChat),
            new Method("setWebhook", FakeTelegram::setWebhook),
            new Method("deleteWebhook", FakeTelegram::deleteWebhook),
            new Method("getWebhookInfo", FakeTelegram::getWebhookInfo),
            new Method("getUpdates", this::getUpdates))) {
      table.put(method.name().toLowerCase(Locale.ROOT), method);
    }
    return Map.copyOf(table);
  }

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

  /** An error answer, thrown from wherever the request is found wanting. */
  private static final class ApiError extends Exception {

    private final int code;

    ApiError(int code, String description) {
      super(description, null, false, false);
      this.code = code;
    }

    Reply reply() {
      return new Reply(
          code,
          Json.createObjectBuilder()
              .add("ok", false)
              .add("error_code", code)
              .add("description", getMessage())
              .build());
    }
  }

  private static ApiError badRequest(String what) {
    return new ApiError(400, "Bad Request: " + what);
  }

  private static ApiError unauthorized() {
    return new ApiError(401, "Unauthorized");
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
          default -> throw badRequest("the fake reads JSON or form-urlencoded bodies only");
        }
      }
      return params.build();
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
  }

  // ---- per-bot state ----

  /** Everything the fake knows of one bot. Guarded by its monitor, on which long polls wait. */
  private static final class BotState {

    final long id;
    final String username;
    private final Map<Long, JsonObject> chats = new HashMap<>();
    private final Deque<JsonObject> updates = new ArrayDeque<>();
    private boolean revoked;
    private boolean conflict;
    private WebhookState webhook = WebhookState.NONE;

    /** Last allowed_updates given to setWebhook or getUpdates; null = Telegram's default. */
    private List<String> allowedUpdates;

    private Long lastErrorDate;
    private String lastErrorMessage;

    /** Counts getUpdates calls, so that a waiting poll sees it was overtaken. */
    private long pollGeneration;

    BotState(long id, String username) {
      this.id = id;
      this.username = username;
    }

    synchronized boolean isRevoked() {
      return revoked;
    }

    synchronized void revoke() {
      revoked = true;
      notifyAll();
    }

    synchronized void forceConflict(boolean on) {
      conflict = on;
      notifyAll();
    }

    synchronized void addChat(long chatId, JsonObject chat) {
      chats.put(chatId, chat);
    }

    synchronized Optional<JsonObject> chat(long chatId) {
      return Optional.ofNullable(chats.get(chatId));
    }

    synchronized WebhookState webhook() {
      return webhook;
    }

    synchronized void setWebhookError(long date, String message) {
      lastErrorDate = date;
      lastErrorMessage = message;
    }

    synchronized void enqueue(JsonObject update) {
      updates.addLast(update);
      notifyAll();
    }

    /** Sets the webhook; returns false if it was already set exactly so. */
    synchronized boolean setWebhook(
        String url,
        String secret,
        int maxConnections,
        List<String> requestedUpdates,
        boolean dropPending) {
      if (requestedUpdates != null) {
        allowedUpdates = requestedUpdates;
      }
      WebhookState requested = new WebhookState(url, secret, maxConnections, allowedUpdates);
      boolean changed = !requested.equals(webhook);
      webhook = requested;
      if (dropPending) {
        updates.clear();
      }
      // A waiting long poll ends with 409 "terminated by setWebhook request".
      notifyAll();
      return changed;
    }

    /** Deletes the webhook; returns false if none was set. */
    synchronized boolean deleteWebhook(boolean dropPending) {
      boolean wasSet = webhook.isSet();
      webhook = WebhookState.NONE;
      if (dropPending) {
        updates.clear();
      }
      return wasSet;
    }

    synchronized JsonObject webhookInfo() {
      JsonObjectBuilder info =
          Json.createObjectBuilder()
              .add("url", webhook.isSet() ? webhook.url() : "")
              .add("has_custom_certificate", false)
              .add("pending_update_count", updates.size());
      if (lastErrorDate != null) {
        info.add("last_error_date", lastErrorDate).add("last_error_message", lastErrorMessage);
      }
      if (webhook.isSet()) {
        info.add("max_connections", webhook.maxConnections());
        if (webhook.allowedUpdates() != null) {
          info.add("allowed_updates", Json.createArrayBuilder(webhook.allowedUpdates()));
        }
      }
      return info.build();
    }

    /**
     * getUpdates: confirms (drops) updates below {@code offset}, then answers up to {@code limit}
     * queued updates, waiting up to {@code waitMillis} for one when none is queued. Updates of
     * types the bot does not allow are dropped unseen, as Telegram never creates them.
     */
    synchronized List<JsonObject> poll(
        long offset, int limit, List<String> requestedUpdates, long waitMillis)
        throws ApiError, InterruptedException {
      long generation = ++pollGeneration;
      // An earlier poll still waiting is evicted, as by a second bot instance.
      notifyAll();
      if (webhook.isSet()) {
        throw new ApiError(409, CONFLICT_WEBHOOK_ACTIVE);
      }
      if (conflict) {
        throw new ApiError(409, CONFLICT_OTHER_POLL);
      }
      if (requestedUpdates != null) {
        allowedUpdates = requestedUpdates;
      }
      long deadline = System.nanoTime() + MILLISECONDS.toNanos(waitMillis);
      while (!dropUnwantedAndCheckAny(offset)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        NANOSECONDS.timedWait(this, left);
        if (revoked) {
          throw unauthorized();
        }
        if (generation != pollGeneration || conflict) {
          throw new ApiError(409, CONFLICT_OTHER_POLL);
        }
        if (webhook.isSet()) {
          throw new ApiError(409, CONFLICT_SET_WEBHOOK);
        }
      }
      return updates.stream().limit(limit).toList();
    }

    /**
     * Drops confirmed updates (below {@code offset}, also those enqueued during the wait) and
     * updates of types not allowed; answers whether any is left.
     */
    private boolean dropUnwantedAndCheckAny(long offset) {
      updates.removeIf(
          u -> u.getJsonNumber("update_id").longValue() < offset || !isAllowed(typeOf(u)));
      return !updates.isEmpty();
    }

    private boolean isAllowed(String type) {
      return allowedUpdates == null || allowedUpdates.isEmpty()
          ? !OPT_IN_UPDATE_TYPES.contains(type)
          : allowedUpdates.contains(type);
    }

    private static String typeOf(JsonObject update) {
      return update.keySet().stream().filter(k -> !"update_id".equals(k)).findFirst().orElse("");
    }
  }
}
