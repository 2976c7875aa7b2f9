package io.tgdesk.telegram.botapi;

import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.JsonbException;
import jakarta.json.spi.JsonProvider;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.lang.reflect.Type;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.glassfish.jersey.client.ClientProperties;
import org.glassfish.jersey.client.JerseyClientBuilder;

/**
 * Calls Bot API methods over HTTP with the Jersey client. One instance is shared by all bots and
 * threads; calls block the calling thread until Telegram answers or the read timeout passes.
 *
 * <p>Every method throws {@link BotApiException}: {@code TelegramError} for an {@code ok=false}
 * answer, {@code Unreachable} for no answer, {@code UnexpectedAnswer} for an answer that is no
 * usable Bot API answer (not the envelope, a missing or wrongly shaped {@code result}, more than
 * the read limit). None carries the token in any form ({@link TokenMask#redact}).
 */
public class BotApiClient implements AutoCloseable {

  /**
   * One provider for the JSON this class reads and builds on every call: {@code Json.create...}
   * looks the provider up each time (a service lookup through the class loader).
   */
  private static final JsonProvider JSON = JsonProvider.provider();

  private static final Logger LOG = Logger.getLogger(BotApiClient.class.getName());

  private final Client client;
  private final Clock clock;
  private final BotApiCall.Listener listener;
  private final int maxAnswerBytes;

  /** The read limit when none is given: far above 100 updates of getUpdates. */
  public static final int DEFAULT_MAX_ANSWER_BYTES = 8 * 1024 * 1024;

  /**
   * @param connectTimeout short: a refused connection is surely not delivered
   * @param readTimeout above 60 s, because Telegram may hold a flooded call that long
   */
  public BotApiClient(Duration connectTimeout, Duration readTimeout) {
    this(connectTimeout, readTimeout, Clock.systemUTC(), call -> {});
  }

  /**
   * @param clock stamps each call's start time
   * @param listener told of every call, on the calling thread, after it ended (see {@link
   *     BotApiCall.Listener})
   */
  public BotApiClient(
      Duration connectTimeout, Duration readTimeout, Clock clock, BotApiCall.Listener listener) {
    this(connectTimeout, readTimeout, clock, listener, DEFAULT_MAX_ANSWER_BYTES);
  }

  /**
   * @param maxAnswerBytes the most bytes of an answer read; a longer one is an {@link
   *     BotApiException.UnexpectedAnswer}, and the rest is not read
   */
  public BotApiClient(
      Duration connectTimeout,
      Duration readTimeout,
      Clock clock,
      BotApiCall.Listener listener,
      int maxAnswerBytes) {
    if (maxAnswerBytes < 1) {
      throw new IllegalArgumentException("maxAnswerBytes must be positive: " + maxAnswerBytes);
    }
    this.maxAnswerBytes = maxAnswerBytes;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.client =
        new JerseyClientBuilder()
            .property(ClientProperties.CONNECT_TIMEOUT, (int) connectTimeout.toMillis())
            .property(ClientProperties.READ_TIMEOUT, (int) readTimeout.toMillis())
            .property(ClientProperties.FOLLOW_REDIRECTS, false)
            .register(org.glassfish.jersey.media.multipart.MultiPartFeature.class)
            .build();
  }

  public User getMe(BotEndpoint bot) {
    return call(bot, "getMe", Map.of(), User.class, null);
  }

  public Chat getChat(BotEndpoint bot, long chatId) {
    return call(bot, "getChat", Map.of("chat_id", chatId), Chat.class, null);
  }

  /**
   * getFile: where to download a file the bot received. A read, made for the given purpose (the
   * call audit records it); it sends no message, so it is not held to the bot's message limits.
   */
  public Media.TelegramFile getFile(BotEndpoint bot, String fileId, CallContext context) {
    return bind(
        "getFile",
        callRaw(bot, "getFile", Map.of("file_id", fileId), null, context),
        Media.TelegramFile.class);
  }

  /** A file fetched by {@link #download}: the content type the server named, and its length. */
  public record Download(String contentType, long bytes) {}

  /**
   * Downloads a file that getFile named, from {@code <base>/file/bot<token>/<filePath>}, into
   * {@code target} (replaced). Blocks until the whole file is written or the read timeout passes.
   * Reported to the call listener as the pseudo-method {@code downloadFile}.
   *
   * @param maxBytes the most bytes written; a longer file is an {@link
   *     BotApiException.UnexpectedAnswer} and {@code target} is deleted
   * @throws BotApiException.TelegramError with the HTTP status when the server answers no file (404
   *     when it no longer has it)
   */
  public Download download(
      BotEndpoint bot,
      String filePath,
      java.nio.file.Path target,
      long maxBytes,
      CallContext context) {
    String method = "downloadFile";
    Instant at = clock.instant();
    long started = System.nanoTime();
    int status = 0;
    BotApiException failure = null;
    try {
      try (Response response = client.target(bot.fileUri(filePath)).request().get()) {
        status = response.getStatus();
        if (status != 200) {
          throw new BotApiException.TelegramError(
              method,
              status,
              "HTTP " + status + " " + response.getStatusInfo().getReasonPhrase(),
              null,
              null);
        }
        long written;
        try (InputStream in = response.readEntity(InputStream.class);
            java.io.OutputStream out = java.nio.file.Files.newOutputStream(target)) {
          written = copyBounded(in, out, maxBytes);
        } catch (IOException e) {
          java.nio.file.Files.deleteIfExists(target);
          throw new ProcessingException(e);
        }
        if (written < 0) {
          java.nio.file.Files.deleteIfExists(target);
          throw new BotApiException.UnexpectedAnswer(
              method, status, "the file is larger than " + maxBytes + " bytes");
        }
        MediaType type = response.getMediaType();
        return new Download(type == null ? null : type.toString(), written);
      } catch (ProcessingException e) {
        throw unreachable(bot, method, e);
      } catch (IOException e) {
        throw unreachable(bot, method, new ProcessingException(e));
      }
    } catch (BotApiException e) {
      failure = e;
      throw e;
    } finally {
      report(bot, method, Map.of(), "", context, at, started, status, failure);
    }
  }

  /** Copies at most {@code max} bytes; -1 when there were more. */
  private static long copyBounded(InputStream in, java.io.OutputStream out, long max)
      throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    int n;
    while ((n = in.read(buffer)) >= 0) {
      total += n;
      if (total > max) {
        return -1;
      }
      out.write(buffer, 0, n);
    }
    return total;
  }

  /**
   * setWebhook; an {@code ok=true} answer without {@code true} as its result (some Bot API servers
   * answer {@code null}) is taken as done: Telegram says ok only for a webhook it set.
   */
  public boolean setWebhook(
      BotEndpoint bot,
      String url,
      String secretToken,
      int maxConnections,
      List<String> allowedUpdates) {
    return done(
        bot,
        "setWebhook",
        Map.of(
            "url",
            url,
            "secret_token",
            secretToken,
            "max_connections",
            maxConnections,
            "allowed_updates",
            allowedUpdates),
        null);
  }

  /** deleteWebhook; like {@link #setWebhook}, an {@code ok=true} answer is taken as done. */
  public boolean deleteWebhook(BotEndpoint bot) {
    return done(bot, "deleteWebhook", Map.of(), null);
  }

  /** A call whose result says only that it worked: {@code ok=true} is enough. */
  private boolean done(BotEndpoint bot, String method, Object params, Duration readTimeout) {
    JsonValue result = callRaw(bot, method, params, readTimeout);
    return result != JsonValue.FALSE;
  }

  public WebhookInfo getWebhookInfo(BotEndpoint bot) {
    return call(bot, "getWebhookInfo", Map.of(), WebhookInfo.class, null);
  }

  /** getWebhookInfo made for the given purpose (e.g. a scheduled diagnostics check). */
  public WebhookInfo getWebhookInfo(BotEndpoint bot, CallContext context) {
    return bind(
        "getWebhookInfo",
        callRaw(bot, "getWebhookInfo", Map.of(), null, context),
        WebhookInfo.class);
  }

  /**
   * Long-polls for updates. Returns each update as raw JSON text, so that it can be stored exactly
   * as received; blocks up to {@code timeoutSeconds} plus network time.
   */
  public List<String> getUpdates(
      BotEndpoint bot, long offset, int timeoutSeconds, List<String> allowedUpdates) {
    JsonValue result =
        callRaw(
            bot,
            "getUpdates",
            Map.of(
                "offset",
                offset,
                "timeout",
                timeoutSeconds,
                "limit",
                100,
                "allowed_updates",
                allowedUpdates),
            Duration.ofSeconds(timeoutSeconds + 15L));
    if (!(result instanceof JsonArray updates)) {
      throw new BotApiException.UnexpectedAnswer(
          "getUpdates", 200, "the result is not a list of updates");
    }
    return updates.stream().map(JsonValue::toString).toList();
  }

  /**
   * Calls any method with the given parameters (bound to JSON with JSON-B) and binds the result to
   * {@code resultType}.
   *
   * @param readTimeout a longer read timeout for this call, or null for the default
   */
  public <T> T call(
      BotEndpoint bot, String method, Object params, Type resultType, Duration readTimeout) {
    JsonValue result = callRaw(bot, method, params, readTimeout);
    if (resultType == JsonValue.class) {
      @SuppressWarnings("unchecked")
      T raw = (T) result;
      return raw;
    }
    return bind(method, result, resultType);
  }

  /**
   * Binds a result to the type the method documents. A missing result, or one of another shape (a
   * string where an object belongs), is an {@link BotApiException.UnexpectedAnswer}.
   */
  private static <T> T bind(String method, JsonValue result, Type resultType) {
    if (result == null || result == JsonValue.NULL) {
      throw new BotApiException.UnexpectedAnswer(method, 200, "ok, but no result");
    }
    boolean objectExpected = !(resultType instanceof Class<?> c) || !isScalar(c);
    if (objectExpected && result.getValueType() != JsonValue.ValueType.OBJECT) {
      throw new BotApiException.UnexpectedAnswer(
          method, 200, "the result is " + result.getValueType() + ", not an object");
    }
    try {
      T bound = BotApiJson.jsonb().fromJson(result.toString(), resultType);
      if (bound == null) {
        throw new BotApiException.UnexpectedAnswer(method, 200, "ok, but no result");
      }
      return bound;
    } catch (JsonbException | ClassCastException | IllegalArgumentException e) {
      throw new BotApiException.UnexpectedAnswer(
          method, 200, "the result does not have the documented shape");
    }
  }

  private static boolean isScalar(Class<?> c) {
    return c == Boolean.class
        || c == String.class
        || Number.class.isAssignableFrom(c)
        || c.isPrimitive();
  }

  /** Calls a method and returns the raw {@code result} of a successful answer. */
  public JsonValue callRaw(BotEndpoint bot, String method, Object params, Duration readTimeout) {
    return callRaw(bot, method, params, readTimeout, null);
  }

  /**
   * Calls a method for the given purpose and returns the raw {@code result} of a successful answer.
   *
   * @param context who calls and why, for the call listener; null for the method's usual purpose
   */
  public JsonValue callRaw(
      BotEndpoint bot, String method, Object params, Duration readTimeout, CallContext context) {
    return callRaw(bot, method, params, readTimeout, context, null);
  }

  /**
   * Like {@link #callRaw(BotEndpoint, String, Object, Duration, CallContext)}, and runs {@code
   * departing} (when not null) right before the request is written, once the body is ready.
   */
  public JsonValue callRaw(
      BotEndpoint bot,
      String method,
      Object params,
      Duration readTimeout,
      CallContext context,
      Runnable departing) {
    String body = BotApiJson.jsonb().toJson(params);
    var request = client.target(bot.methodUri(method)).request(MediaType.APPLICATION_JSON_TYPE);
    if (readTimeout != null) {
      request.property(ClientProperties.READ_TIMEOUT, (int) readTimeout.toMillis());
    }
    Entity<String> entity = Entity.entity(body, MediaType.APPLICATION_JSON_TYPE);
    return post(bot, method, params, body, context, request, entity, departing);
  }

  /**
   * Posts a call's request, runs {@code departing} (when not null) right before it is written, and
   * answers its result; the call is reported to the listener whatever happens.
   */
  private JsonValue post(
      BotEndpoint bot,
      String method,
      Object params,
      String body,
      CallContext context,
      Invocation.Builder request,
      Entity<?> entity,
      Runnable departing) {
    Instant at = clock.instant();
    long started = System.nanoTime();
    int status = 0;
    BotApiException failure = null;
    try {
      String answer;
      try {
        if (departing != null) {
          departing.run();
        }
        try (Response response = request.post(entity)) {
          status = response.getStatus();
          answer = readBounded(method, status, response);
        }
      } catch (ProcessingException e) {
        throw unreachable(bot, method, e);
      }
      return resultOf(bot, method, status, answer);
    } catch (BotApiException e) {
      failure = e;
      throw e;
    } finally {
      report(bot, method, params, body, context, at, started, status, failure);
    }
  }

  /**
   * A file sent with a call as a multipart part: its bytes are read from {@code content} while the
   * request is written (chunked), never held whole.
   *
   * @param part the name of the multipart part (e.g. photo, or file0 for attach://file0)
   * @param size the number of bytes, for the call audit
   */
  public record Upload(
      String part,
      String fileName,
      String contentType,
      long size,
      java.util.function.Supplier<InputStream> content) {}

  /**
   * Calls a method as multipart/form-data: each parameter a text field (strings as they are, other
   * values as JSON), each upload a file part streamed from its source. Answers and failures as
   * {@link #callRaw(BotEndpoint, String, Object, Duration, CallContext, Runnable)}.
   */
  public JsonValue callMultipart(
      BotEndpoint bot,
      String method,
      JsonObject params,
      List<Upload> uploads,
      CallContext context,
      Runnable departing) {
    String body = params.toString();
    var multipart = new org.glassfish.jersey.media.multipart.FormDataMultiPart();
    try {
      params.forEach(
          (name, value) ->
              multipart.field(
                  name, value instanceof JsonString text ? text.getString() : value.toString()));
      for (Upload upload : uploads) {
        multipart.bodyPart(
            new org.glassfish.jersey.media.multipart.file.StreamDataBodyPart(
                upload.part(),
                upload.content().get(),
                upload.fileName(),
                MediaType.valueOf(upload.contentType())));
      }
      var request =
          client
              .target(bot.methodUri(method))
              .property(
                  ClientProperties.REQUEST_ENTITY_PROCESSING,
                  org.glassfish.jersey.client.RequestEntityProcessing.CHUNKED)
              .request(MediaType.APPLICATION_JSON_TYPE);
      Entity<?> entity = Entity.entity(multipart, multipart.getMediaType());
      return post(bot, method, params, body, context, request, entity, departing);
    } finally {
      try {
        multipart.close();
      } catch (IOException e) {
        LOG.log(Level.FINE, "Closing a multipart request failed", e);
      }
    }
  }

  private void report(
      BotEndpoint bot,
      String method,
      Object params,
      String body,
      CallContext context,
      Instant at,
      long startedNanos,
      int status,
      BotApiException failure) {
    try {
      long latency = (System.nanoTime() - startedNanos) / 1_000_000;
      CallContext c = context == null ? CallContext.defaultFor(method) : context;
      Integer errorCode = null;
      String description = null;
      Integer retryAfter = null;
      if (failure instanceof BotApiException.TelegramError te) {
        errorCode = te.errorCode();
        description = te.description();
        retryAfter = te.retryAfter();
      } else if (failure != null) {
        description = failure.getMessage();
      }
      listener.called(
          new BotApiCall(
              at,
              bot.botId(),
              method,
              c.chatId() != null ? c.chatId() : longParam(params, "chat_id"),
              c.threadId() != null ? c.threadId() : longParam(params, "message_thread_id"),
              c.category(),
              c.lane(),
              c.attempt(),
              failure instanceof BotApiException.Unreachable ? 0 : status,
              errorCode,
              description,
              retryAfter,
              latency,
              body.getBytes(StandardCharsets.UTF_8).length));
    } catch (RuntimeException e) {
      // The audit must never break a call.
      LOG.log(Level.WARNING, "The Bot API call listener failed for " + method, e);
    }
  }

  private static Long longParam(Object params, String name) {
    Object value = null;
    if (params instanceof JsonObject o) {
      value = o.get(name);
    } else if (params instanceof Map<?, ?> m) {
      value = m.get(name);
    }
    if (value instanceof JsonNumber n) {
      return n.longValue();
    }
    if (value instanceof Number n) {
      return n.longValue();
    }
    return null;
  }

  /**
   * Reads at most {@link #maxAnswerBytes} of the answer; a longer answer is not read further (the
   * connection is closed with the response).
   */
  private String readBounded(String method, int status, Response response) {
    if (!response.hasEntity()) {
      return "";
    }
    try (InputStream in = response.readEntity(InputStream.class)) {
      byte[] bytes = in.readNBytes(maxAnswerBytes + 1);
      if (bytes.length > maxAnswerBytes) {
        throw new BotApiException.UnexpectedAnswer(
            method, status, "the answer is larger than " + maxAnswerBytes + " bytes");
      }
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ProcessingException(e);
    }
  }

  private static JsonValue resultOf(BotEndpoint bot, String method, int status, String answer) {
    JsonObject envelope;
    try (JsonReader reader = JSON.createReader(new StringReader(answer == null ? "" : answer))) {
      envelope = reader.readObject();
    } catch (JsonException | IllegalStateException | ClassCastException e) {
      // A proxy's error page, or a server that is no Bot API: not Telegram's own answer.
      throw new BotApiException.UnexpectedAnswer(method, status, "not a Bot API answer (JSON)");
    }
    JsonValue ok = envelope.get("ok");
    if (ok == JsonValue.TRUE && status < 400) {
      return envelope.getOrDefault("result", JsonValue.NULL);
    }
    if (ok != JsonValue.FALSE && ok != JsonValue.TRUE) {
      throw new BotApiException.UnexpectedAnswer(method, status, "a JSON answer without ok");
    }
    int code =
        envelope.get("error_code") instanceof JsonNumber n && n.isIntegral()
            ? clampCode(n, status)
            : (status >= 400 ? status : 502);
    String description =
        bot.redact(
            envelope.get("description") instanceof JsonString d ? d.getString() : "HTTP " + status);
    Integer retryAfter = null;
    Long migrateTo = null;
    JsonValue parameters = envelope.get("parameters");
    if (parameters instanceof JsonObject p) {
      if (p.get("retry_after") instanceof JsonNumber n && n.isIntegral()) {
        retryAfter = (int) Math.max(0, Math.min(n.longValue(), 86_400L));
      }
      if (p.get("migrate_to_chat_id") instanceof JsonNumber n && n.isIntegral()) {
        try {
          migrateTo = n.bigIntegerValueExact().longValueExact();
        } catch (ArithmeticException e) {
          migrateTo = null; // not a chat id: ignored rather than wrapped
        }
      }
    }
    throw new BotApiException.TelegramError(method, code, description, retryAfter, migrateTo);
  }

  private static int clampCode(JsonNumber n, int status) {
    long code = n.longValue();
    return code >= 100 && code <= 599 ? (int) code : (status >= 400 ? status : 502);
  }

  private static BotApiException.Unreachable unreachable(
      BotEndpoint bot, String method, ProcessingException e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    boolean surelyNotSent =
        root instanceof ConnectException
            || root instanceof UnknownHostException
            || root instanceof NoRouteToHostException;
    String message = bot.redact(root.getClass().getSimpleName() + ": " + root.getMessage());
    // The cause is dropped on purpose: the HTTP stack's exceptions may quote the URL, which holds
    // the token.
    return new BotApiException.Unreachable(method, message, !surelyNotSent, null);
  }

  @Override
  public void close() {
    client.close();
  }
}
