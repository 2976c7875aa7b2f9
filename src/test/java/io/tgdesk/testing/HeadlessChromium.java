package io.tgdesk.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real headless Chromium driven over the Chrome DevTools Protocol with nothing but the JDK's
 * WebSocket client: one browser process with its own throwaway profile, one page (tab) in it.
 *
 * <p>Find the binary with {@link #find()} (system property {@code tgdesk.chromium}, environment
 * {@code CHROMIUM}, then Debian's {@code /usr/bin/chromium} and the usual other names). Every
 * command blocks for at most {@link #COMMAND_TIMEOUT} and throws {@link IllegalStateException} on a
 * protocol error. Not thread-safe: one test drives one instance. {@link #close()} ends the process
 * and deletes the profile.
 */
public final class HeadlessChromium implements AutoCloseable {

  public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
  private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");

  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final Map<Integer, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final List<String> consoleErrors = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final String sessionId;
  private final AtomicInteger authChallenges = new AtomicInteger();
  private volatile String[] credentials;

  /** The Chromium binary of this machine, if there is one. */
  public static Optional<Path> find() {
    List<String> candidates = new ArrayList<>();
    Optional.ofNullable(System.getProperty("tgdesk.chromium")).ifPresent(candidates::add);
    Optional.ofNullable(System.getenv("CHROMIUM")).ifPresent(candidates::add);
    candidates.addAll(
        List.of(
            "/usr/bin/chromium",
            "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome",
            "/usr/bin/google-chrome-stable"));
    return candidates.stream()
        .filter(s -> !s.isBlank())
        .map(Path::of)
        .filter(Files::isExecutable)
        .findFirst();
  }

  /**
   * Starts the browser with a window of the given size and opens one blank page in it.
   *
   * @throws IllegalStateException if it does not start or does not offer DevTools within 60 s
   */
  public static HeadlessChromium start(Path binary, int width, int height) {
    try {
      Path profile = Files.createTempDirectory("tgdesk-chromium-");
      Process process =
          new ProcessBuilder(
                  binary.toString(),
                  "--headless",
                  "--no-sandbox",
                  "--disable-gpu",
                  "--disable-dev-shm-usage",
                  "--disable-quic",
                  "--no-first-run",
                  "--no-default-browser-check",
                  "--disable-background-networking",
                  "--disable-component-update",
                  "--disable-sync",
                  "--disable-extensions",
                  "--hide-scrollbars",
                  "--window-size=" + width + "," + height,
                  "--user-data-dir=" + profile,
                  "--remote-debugging-port=0",
                  "about:blank")
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      String url = devToolsUrl(process);
      return new HeadlessChromium(process, profile, url);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot start " + binary + ": " + e, e);
    }
  }

  /** Reads stderr until Chromium prints its DevTools URL; keeps draining it afterwards. */
  private static String devToolsUrl(Process process) {
    CompletableFuture<String> url = new CompletableFuture<>();
    StringBuilder seen = new StringBuilder();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  Matcher m = DEVTOOLS.matcher(line);
                  if (m.find()) {
                    url.complete(m.group(1));
                  } else if (!url.isDone() && seen.length() < 4000) {
                    seen.append(line).append('\n');
                  }
                }
              } catch (IOException e) {
                // the process ended; the future below reports it
              }
              url.completeExceptionally(
                  new IllegalStateException("Chromium printed no DevTools URL:\n" + seen));
            },
            "chromium-stderr");
    reader.setDaemon(true);
    reader.start();
    try {
      return url.get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      process.destroyForcibly();
      throw new IllegalStateException("Chromium did not offer DevTools: " + e.getMessage(), e);
    }
  }

  private HeadlessChromium(Process process, Path profile, String browserUrl) {
    this.process = process;
    this.profile = profile;
    this.socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .connectTimeout(Duration.ofSeconds(30))
            .buildAsync(URI.create(browserUrl), new Listener())
            .join();
    String targetId =
        browser("Target.createTarget", Json.createObjectBuilder().add("url", "about:blank").build())
            .getString("targetId");
    this.sessionId =
        browser(
                "Target.attachToTarget",
                Json.createObjectBuilder().add("targetId", targetId).add("flatten", true).build())
            .getString("sessionId");
    send("Page.enable", JsonValue.EMPTY_JSON_OBJECT);
    send("Runtime.enable", JsonValue.EMPTY_JSON_OBJECT);
    send("Network.enable", JsonValue.EMPTY_JSON_OBJECT);
  }

  /**
   * Answers every HTTP authentication challenge of the page with these credentials, as a person
   * would in the browser's sign-in dialog. Counts the challenges ({@link #authChallenges()}).
   */
  public void answerAuthChallenges(String user, String password) {
    credentials = new String[] {user, password};
    send(
        "Fetch.enable",
        Json.createObjectBuilder()
            .add("handleAuthRequests", true)
            .add(
                "patterns",
                Json.createArrayBuilder().add(Json.createObjectBuilder().add("urlPattern", "*")))
            .build());
  }

  /** How many times the browser asked for credentials (would have shown its sign-in dialog). */
  public int authChallenges() {
    return authChallenges.get();
  }

  /** Opens the URL in the page; returns once the navigation is committed (not loaded). */
  public void navigate(String url) {
    JsonObject result = send("Page.navigate", Json.createObjectBuilder().add("url", url).build());
    if (result.containsKey("errorText")) {
      throw new IllegalStateException("Navigation to " + url + " failed: " + result);
    }
  }

  /**
   * Evaluates a JavaScript expression in the page (awaiting a promise) and answers its value as
   * JSON, or null for undefined.
   *
   * @throws IllegalStateException if the expression throws
   */
  public JsonValue evaluate(String expression) {
    JsonObject result =
        send(
            "Runtime.evaluate",
            Json.createObjectBuilder()
                .add("expression", expression)
                .add("returnByValue", true)
                .add("awaitPromise", true)
                .build());
    if (result.containsKey("exceptionDetails")) {
      throw new IllegalStateException(
          "The page threw: " + result.getJsonObject("exceptionDetails"));
    }
    JsonObject value = result.getJsonObject("result");
    return value.containsKey("value") ? value.get("value") : null;
  }

  /** A PNG of the whole page, saved to the file (its directories are created). */
  public byte[] screenshot(Path file) {
    JsonObject metrics = send("Page.getLayoutMetrics", JsonValue.EMPTY_JSON_OBJECT);
    JsonObject size = metrics.getJsonObject("cssContentSize");
    var clip =
        Json.createObjectBuilder()
            .add("x", 0)
            .add("y", 0)
            .add("width", size.getJsonNumber("width").doubleValue())
            .add("height", size.getJsonNumber("height").doubleValue())
            .add("scale", 1);
    String data =
        send(
                "Page.captureScreenshot",
                Json.createObjectBuilder()
                    .add("format", "png")
                    .add("captureBeyondViewport", true)
                    .add("clip", clip)
                    .build())
            .getString("data");
    byte[] png = Base64.getDecoder().decode(data);
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.write(file, png);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot write " + file + ": " + e, e);
    }
    return png;
  }

  /** Errors the page logged to its console or threw, so far. */
  public List<String> consoleErrors() {
    return List.copyOf(consoleErrors);
  }

  /** A command to the page. */
  public JsonObject send(String method, JsonObject params) {
    return command(method, params, sessionId);
  }

  private JsonObject browser(String method, JsonObject params) {
    return command(method, params, null);
  }

  private JsonObject command(String method, JsonObject params, String session) {
    int id = ids.incrementAndGet();
    var message = Json.createObjectBuilder().add("id", id).add("method", method);
    message.add("params", params);
    if (session != null) {
      message.add("sessionId", session);
    }
    CompletableFuture<JsonObject> answer = new CompletableFuture<>();
    pending.put(id, answer);
    sendText(message.build().toString());
    try {
      JsonObject reply = answer.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      if (reply.containsKey("error")) {
        throw new IllegalStateException(method + " failed: " + reply.getJsonObject("error"));
      }
      return reply.getJsonObject("result");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(method + " got no answer: " + e, e);
    } finally {
      pending.remove(id);
    }
  }

  /** One text at a time: the JDK's WebSocket refuses a send while another is in progress. */
  private synchronized void sendText(String text) {
    socket.sendText(text, true).join();
  }

  /** A command whose answer nobody waits for (from the listener thread). */
  private void sendAndForget(String method, JsonObject params, String session) {
    var message =
        Json.createObjectBuilder()
            .add("id", ids.incrementAndGet())
            .add("method", method)
            .add("params", params);
    if (session != null) {
      message.add("sessionId", session);
    }
    sendText(message.build().toString());
  }

  private void onMessage(String text) {
    JsonObject message;
    try (var reader = Json.createReader(new StringReader(text))) {
      message = reader.readObject();
    }
    if (message.containsKey("id")) {
      CompletableFuture<JsonObject> answer = pending.get(message.getInt("id"));
      if (answer != null) {
        answer.complete(message);
      }
      return;
    }
    String method = message.getString("method", "");
    JsonObject params = message.getJsonObject("params");
    String session = message.getString("sessionId", null);
    if (method.equals("Fetch.requestPaused")) {
      sendAndForget(
          "Fetch.continueRequest",
          Json.createObjectBuilder().add("requestId", params.getString("requestId")).build(),
          session);
    } else if (method.equals("Fetch.authRequired")) {
      authChallenges.incrementAndGet();
      String[] c = credentials;
      var answer =
          c == null
              ? Json.createObjectBuilder().add("response", "CancelAuth")
              : Json.createObjectBuilder()
                  .add("response", "ProvideCredentials")
                  .add("username", c[0])
                  .add("password", c[1]);
      sendAndForget(
          "Fetch.continueWithAuth",
          Json.createObjectBuilder()
              .add("requestId", params.getString("requestId"))
              .add("authChallengeResponse", answer)
              .build(),
          session);
    } else if (method.equals("Runtime.exceptionThrown")) {
      consoleErrors.add(String.valueOf(params.getJsonObject("exceptionDetails")));
    } else if (method.equals("Runtime.consoleAPICalled")
        && params.getString("type", "").equals("error")) {
      consoleErrors.add(String.valueOf(params.get("args")));
    }
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder parts = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      parts.append(data);
      if (last) {
        String text = parts.toString();
        parts.setLength(0);
        onMessage(text);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      pending.values().forEach(f -> f.completeExceptionally(error));
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      pending
          .values()
          .forEach(f -> f.completeExceptionally(new IllegalStateException("DevTools closed")));
      return null;
    }
  }

  @Override
  public void close() {
    try {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      // the browser is ended below anyway
    }
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temp profile is harmless
    }
  }
}
