package io.tgdesk.testing;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * HTTP access to the TgDesk server that the integration-test phase started (system property {@code
 * tgdesk.baseUrl}, e.g. http://localhost:19080/tgdesk). Thread-safe.
 */
public final class TgDeskApi {

  public static final String ADMIN = "admin:tgdesk-dev-admin";
  public static final String AGENT = "agent:tgdesk-dev-agent";

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .version(HttpClient.Version.HTTP_1_1)
          .build();

  private final String baseUrl;
  private final String credentials;

  private TgDeskApi(String baseUrl, String credentials) {
    this.baseUrl = baseUrl;
    this.credentials = credentials;
  }

  public static String baseUrl() {
    return System.getProperty("tgdesk.baseUrl", "http://localhost:19080/tgdesk");
  }

  public static TgDeskApi asAdmin() {
    return new TgDeskApi(baseUrl(), ADMIN);
  }

  public static TgDeskApi asAgent() {
    return new TgDeskApi(baseUrl(), AGENT);
  }

  public static TgDeskApi anonymous() {
    return new TgDeskApi(baseUrl(), null);
  }

  public static TgDeskApi as(String userColonPassword) {
    return new TgDeskApi(baseUrl(), userColonPassword);
  }

  /** Another server than the default one (a second node of a cluster). */
  public static TgDeskApi at(String baseUrl, String userColonPassword) {
    return new TgDeskApi(baseUrl, userColonPassword);
  }

  public Reply get(String path) {
    return send("GET", path, null, Map.of());
  }

  public Reply post(String path, JsonStructure body) {
    return send(
        "POST",
        path,
        body == null ? null : body.toString(),
        Map.of("Content-Type", "application/json"));
  }

  /**
   * {@link #post}, sent again (up to three times) while the answer is the 409 that says the request
   * lost to a concurrent change and saved nothing, as that answer asks a client to do (on Derby, a
   * busy server's lock wait can end so).
   */
  public Reply postResendingLostRaces(String path, JsonStructure body) {
    Reply reply = post(path, body);
    for (int resent = 0; resent < 3 && reply.lostToConcurrentChange(); resent++) {
      reply = post(path, body);
    }
    return reply;
  }

  public Reply patch(String path, JsonStructure body) {
    return send("PATCH", path, body.toString(), Map.of("Content-Type", "application/json"));
  }

  public Reply delete(String path) {
    return send("DELETE", path, null, Map.of());
  }

  /** Any request; {@code path} is relative to the context root (e.g. /api/tickets). */
  public Reply send(String method, String path, String body, Map<String, String> headers) {
    return send(method, path, body, headers, Duration.ofSeconds(60));
  }

  /** {@link #send(String, String, String, Map)} with another timeout than a minute. */
  public Reply send(
      String method, String path, String body, Map<String, String> headers, Duration timeout) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout);
    headers.forEach(b::header);
    if (credentials != null) {
      b.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return exchange(b.build());
  }

  /** GET of a path on the server itself, outside the application (e.g. /openapi, /health/ready). */
  public static Reply getFromServer(String path, Map<String, String> headers) {
    String root = baseUrl().substring(0, baseUrl().lastIndexOf('/'));
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(root + path)).timeout(Duration.ofSeconds(60));
    headers.forEach(b::header);
    return exchange(b.GET().build());
  }

  /** Posts raw bytes (webhook deliveries, multipart uploads), with the credentials if any. */
  public Reply postBytes(String path, byte[] body, Map<String, String> headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60));
    headers.forEach(b::header);
    if (credentials != null) {
      b.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }
    b.POST(HttpRequest.BodyPublishers.ofByteArray(body));
    return exchange(b.build());
  }

  private static Reply exchange(HttpRequest request) {
    try {
      HttpResponse<String> r =
          HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Reply(
          r.statusCode(),
          r.headers().firstValue("Content-Type").orElse(""),
          r.body(),
          r.headers().map());
    } catch (IOException e) {
      throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** An answer: status, content type and body, with JSON accessors. */
  public record Reply(
      int status, String contentType, String body, Map<String, java.util.List<String>> headers) {

    public JsonObject json() {
      return read().asJsonObject();
    }

    public JsonArray jsonArray() {
      return read().asJsonArray();
    }

    private JsonValue read() {
      try (var reader = Json.createReader(new StringReader(body))) {
        return reader.readValue();
      } catch (RuntimeException e) {
        throw new IllegalStateException(
            "Not JSON (" + status + " " + contentType + "): " + body, e);
      }
    }

    /** The 409 of a request that lost to a concurrent change: nothing saved, send it again. */
    public boolean lostToConcurrentChange() {
      return status == 409 && body.contains("at the same time");
    }

    @Override
    public String toString() {
      return status + " " + contentType + " " + body;
    }
  }
}
