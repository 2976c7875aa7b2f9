package io.tgdesk.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Controls the Liberty server that the integration-test phase started (wlp under {@code
 * tgdesk.wlpDir}): kill it like a crash, start it again with extra environment. Leaves it running.
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

  /** kill -9: no shutdown hooks, no graceful stop, like a crashed node. */
  public static void kill() throws IOException {
    STARTED.kill();
  }

  /** Starts the server with the given extra environment and waits until the application answers. */
  public static void start(Map<String, String> extraEnv) throws IOException, InterruptedException {
    STARTED.start(extraEnv);
  }
}
