package io.tgdesk.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Controls the Liberty server the in-server tests run against ({@link IntegrationServer}; wlp under
 * {@code tgdesk.wlpDir}): kill it like a crash, start it again with extra environment. Leaves it
 * running.
 */
public final class LibertyServer {

  private static final LibertyNode STARTED = LibertyNode.started();

  private LibertyServer() {}

  public static Path wlpDir() {
    return LibertyNode.wlpDir();
  }

  public static Path serverDir() {
    return STARTED.serverDir();
  }

  public static Path messagesLog() {
    return serverDir().resolve("logs/messages.log");
  }

  /** The server JVM's process id, from its pid file. */
  public static long pid() throws IOException {
    return Long.parseLong(
        Files.readString(wlpDir().resolve("usr/servers/.pid/" + STARTED.name() + ".pid")).trim());
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
  public static void kill() throws IOException {
    STARTED.kill();
  }

  /** Starts the server with the given extra environment and waits until the application answers. */
  public static void start(Map<String, String> extraEnv) throws IOException, InterruptedException {
    STARTED.start(extraEnv);
  }
}
