package io.tgdesk.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One Liberty server of the test runtime (wlp under {@code tgdesk.wlpDir}): the one the in-server
 * tests run against ({@link IntegrationServer}), or a copy of it on other ports (a second node of a
 * cluster). Kills it like a crash, starts it with extra environment, waits until the application
 * answers.
 */
public final class LibertyNode {

  private static final Set<String> NOT_COPIED = Set.of("logs", "workarea", "data", "tranlog");

  private final String name;
  private final String baseUrl;

  private LibertyNode(String name, String baseUrl) {
    this.name = name;
    this.baseUrl = baseUrl;
  }

  /** The server the in-server tests run against. */
  public static LibertyNode started() {
    return new LibertyNode(
        System.getProperty("tgdesk.serverName", "tgdesk-it"), TgDeskApi.baseUrl());
  }

  /** A server of the test runtime by name, e.g. the development server {@code tgdesk}. */
  public static LibertyNode named(String name) {
    return new LibertyNode(name, "http://localhost:9080/tgdesk");
  }

  /**
   * A new server with the configuration and application of {@code source}, on other ports; its
   * database is the one the environment names (only PostgreSQL can be shared).
   */
  public static LibertyNode copyOf(LibertyNode source, String name, int httpPort, int httpsPort) {
    Path from = source.serverDir();
    Path to = wlpDir().resolve("usr/servers/" + name);
    try {
      if (Files.exists(to)) {
        try (Stream<Path> old = Files.walk(to)) {
          old.sorted(java.util.Comparator.reverseOrder()).forEach(LibertyNode::delete);
        }
      }
      try (Stream<Path> files = Files.walk(from)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Path rel = from.relativize(f);
          if (rel.getNameCount() > 0 && NOT_COPIED.contains(rel.getName(0).toString())) {
            continue;
          }
          Path target = to.resolve(rel.toString());
          if (Files.isDirectory(f)) {
            Files.createDirectories(target);
          } else {
            Files.copy(f, target);
          }
        }
      }
      Files.writeString(
          to.resolve("bootstrap.properties"),
          "default.http.port=" + httpPort + "\ndefault.https.port=" + httpsPort + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String base = source.baseUrl.replaceFirst(":\\d+/", ":" + httpPort + "/");
    return new LibertyNode(name, base);
  }

  public static Path wlpDir() {
    return Path.of(System.getProperty("tgdesk.wlpDir", "target/liberty/wlp"));
  }

  public String name() {
    return name;
  }

  /** e.g. http://localhost:19080/tgdesk */
  public String baseUrl() {
    return baseUrl;
  }

  public Path serverDir() {
    return wlpDir().resolve("usr/servers/" + name);
  }

  /** kill -9: no shutdown hooks, no graceful stop, like a crashed node. */
  public void kill() throws IOException {
    Path pidFile = wlpDir().resolve("usr/servers/.pid/" + name + ".pid");
    long pid = Long.parseLong(Files.readString(pidFile).trim());
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
    Files.deleteIfExists(pidFile);
  }

  /** Whether the server process runs. */
  public boolean isRunning() throws IOException {
    Path pidFile = wlpDir().resolve("usr/servers/.pid/" + name + ".pid");
    if (!Files.exists(pidFile)) {
      return false;
    }
    long pid = Long.parseLong(Files.readString(pidFile).trim());
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /** Starts the server with the given extra environment and waits until the application answers. */
  public void start(Map<String, String> extraEnv) throws IOException, InterruptedException {
    TgDeskApi api = TgDeskApi.at(baseUrl, TgDeskApi.AGENT);
    start(extraEnv, () -> api.get("/api/tickets?size=1").status() == 200);
  }

  /**
   * Starts the server with the given extra environment and waits until {@code ready} holds (for a
   * server whose API refuses the development agent, e.g. in production mode).
   */
  public void start(Map<String, String> extraEnv, java.util.concurrent.Callable<Boolean> ready)
      throws IOException, InterruptedException {
    Files.createDirectories(serverDir().resolve("logs"));
    ProcessBuilder pb =
        new ProcessBuilder(List.of(wlpDir().resolve("bin/server").toString(), "start", name))
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(
                    serverDir().resolve("logs/restarts.log").toFile()));
    pb.environment().putAll(extraEnv);
    Process p = pb.start();
    if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("server start failed; see " + serverDir().resolve("logs"));
    }
    // A fresh start on two busy cores can take minutes: wait for the application, not a guess.
    await()
        .atMost(Duration.ofSeconds(240))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(ready);
  }

  private static void delete(Path p) {
    try {
      Files.delete(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
