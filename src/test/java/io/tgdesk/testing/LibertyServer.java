package io.tgdesk.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Controls the Liberty server that the integration-test phase started (wlp under {@code
 * tgdesk.wlpDir}): kill it like a crash, start it again with extra environment. Leaves it running.
 */
public final class LibertyServer {

  private static final String NAME = System.getProperty("tgdesk.serverName", "tgdesk-it");

  private LibertyServer() {}

  public static Path wlpDir() {
    return Path.of(System.getProperty("tgdesk.wlpDir", "target/liberty/wlp"));
  }

  public static Path serverDir() {
    return wlpDir().resolve("usr/servers/" + NAME);
  }

  public static Path messagesLog() {
    return serverDir().resolve("logs/messages.log");
  }

  /** The server JVM's process id, from its pid file. */
  public static long pid() throws IOException {
    return Long.parseLong(
        Files.readString(wlpDir().resolve("usr/servers/.pid/" + NAME + ".pid")).trim());
  }

  /**
   * CPU time (user + system) the server JVM has used so far, from /proc (Linux), in nanoseconds; -1
   * where /proc is not available.
   */
  public static long cpuNanos() {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid() + "/stat"));
      // Fields after the command name, which is in parentheses and may hold spaces.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
      return ticks * 10_000_000L; // USER_HZ is 100 on Linux
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** kill -9: no shutdown hooks, no graceful stop, like a crashed node. */
  public static void kill() throws IOException, InterruptedException {
    Path pidFile = wlpDir().resolve("usr/servers/.pid/" + NAME + ".pid");
    long pid = Long.parseLong(Files.readString(pidFile).trim());
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
    Files.deleteIfExists(pidFile);
  }

  /** Starts the server with the given extra environment and waits until the application answers. */
  public static void start(Map<String, String> extraEnv) throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder(List.of(wlpDir().resolve("bin/server").toString(), "start", NAME))
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(
                    serverDir().resolve("logs/restarts.log").toFile()));
    pb.environment().putAll(extraEnv);
    Process p = pb.start();
    if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("server start failed; see " + serverDir().resolve("logs"));
    }
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(() -> TgDeskApi.asAgent().get("/api/tickets?size=1").status() == 200);
  }
}
