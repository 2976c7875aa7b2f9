package io.tgdesk.testing;

import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A host helpdesk platform's event endpoint, in the test JVM: records every POST with its headers
 * and raw body, checks signatures as a real receiver would (HMAC-SHA256 over {@code <t>.<body>}),
 * and can fail on purpose. Thread-safe. Register with {@code @RegisterExtension}.
 */
public final class HostReceiver implements AfterAllCallback {

  /** One POST as it arrived. */
  public record Received(
      String type, String eventId, long deliveryId, String signature, byte[] body, int answered) {

    public JsonObject json() {
      return Json.createReader(new ByteArrayInputStream(body)).readObject();
    }

    /** Whether the signature is right for {@code secret}: what a receiver must check. */
    public boolean signedWith(String secret) {
      String t = null;
      String v1 = null;
      for (String part : signature == null ? new String[0] : signature.split(",")) {
        if (part.startsWith("t=")) t = part.substring(2);
        if (part.startsWith("v1=")) v1 = part.substring(3);
      }
      if (t == null || v1 == null) {
        return false;
      }
      try {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((t + ".").getBytes(StandardCharsets.UTF_8));
        byte[] expected = mac.doFinal(body);
        return MessageDigest.isEqual(expected, HexFormat.of().parseHex(v1));
      } catch (GeneralSecurityException | IllegalArgumentException e) {
        return false;
      }
    }
  }

  private final HttpServer server;
  private final java.util.concurrent.ExecutorService threads = Executors.newFixedThreadPool(4);
  private final List<Received> received = new ArrayList<>();
  private final AtomicInteger failNext = new AtomicInteger();
  private final AtomicBoolean failAll = new AtomicBoolean();
  private final java.util.concurrent.atomic.AtomicReference<String> failAbout =
      new java.util.concurrent.atomic.AtomicReference<>();

  private HostReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(threads);
    server.createContext(
        "/events",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          String about = failAbout.get();
          boolean counts =
              about == null || new String(body, StandardCharsets.UTF_8).contains(about);
          boolean fail =
              failAll.get() || counts && failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
          int status = fail ? 503 : 204;
          var h = exchange.getRequestHeaders();
          synchronized (received) {
            received.add(
                new Received(
                    h.getFirst("X-TgDesk-Event"),
                    h.getFirst("X-TgDesk-Event-Id"),
                    Long.parseLong(h.getFirst("X-TgDesk-Delivery")),
                    h.getFirst("X-TgDesk-Signature"),
                    body,
                    status));
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
  }

  public static HostReceiver start() {
    try {
      return new HostReceiver();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** e.g. http://127.0.0.1:41234/events */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/events";
  }

  /** The next {@code n} POSTs are answered 503. */
  public void failNext(int n) {
    failAbout.set(null);
    failNext.set(n);
  }

  /**
   * The next {@code n} POSTs whose body contains {@code about} are answered 503 (endpoints are
   * global, so tests running beside this one post here too).
   */
  public void failNextAbout(String about, int n) {
    failAbout.set(about);
    failNext.set(n);
  }

  /** Every POST is answered 503 while on. */
  public void failAll(boolean on) {
    failAll.set(on);
  }

  /** Every POST so far, in arrival order, answered or not. */
  public List<Received> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  /** The POSTs answered 2xx, in arrival order. */
  public List<Received> accepted() {
    return received().stream().filter(r -> r.answered() / 100 == 2).toList();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    server.stop(0);
    threads.shutdownNow();
  }
}
