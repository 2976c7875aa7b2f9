package io.tgdesk.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * The server the in-server tests run against: a fresh copy of the server that {@code mvn
 * liberty:run} runs (same configuration and application), under its own name, on its own ports,
 * with its own empty Derby database and a few test settings from {@code src/test/liberty/}. It is
 * started before the first test of a failsafe run and stopped after the last one.
 *
 * <p>The tests own this server, so the Liberty plugin's configuration describes the development
 * server alone, and {@code mvn liberty:run} never sees a test server's settings. Active only where
 * the build sets {@code tgdesk.manageServer=true} (the failsafe runs); unit tests never start it.
 */
public final class IntegrationServer implements LauncherSessionListener {

  private LibertyNode node;

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    if (!Boolean.getBoolean("tgdesk.manageServer")) {
      return;
    }
    LibertyNode source = LibertyNode.named(System.getProperty("tgdesk.sourceServerName", "tgdesk"));
    String name = System.getProperty("tgdesk.serverName", "tgdesk-it");
    int httpPort = Integer.parseInt(System.getProperty("tgdesk.httpPort", "19080"));
    int httpsPort = Integer.parseInt(System.getProperty("tgdesk.httpsPort", "19443"));
    stopIfRunning(name);
    node = LibertyNode.copyOf(source, name, httpPort, httpsPort);
    appendTestOptions(node.serverDir());
    // A test JVM that is killed or times out must not leave the server holding ports and data.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stopIfRunning(name)));
    try {
      node.start(Map.of());
    } catch (IOException | RuntimeException e) {
      stopIfRunning(name);
      throw new IllegalStateException(
          "The test server "
              + name
              + " did not come up; see "
              + node.serverDir().resolve("logs/messages.log"),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopIfRunning(name);
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void launcherSessionClosed(LauncherSession session) {
    if (node != null) {
      stopIfRunning(node.name());
    }
  }

  /**
   * The development jvm.options, then the test settings (later lines win); none where the directory
   * has no jvm.options (the benchmarks run on the defaults).
   */
  private static void appendTestOptions(Path serverDir) {
    Path extra = Path.of(System.getProperty("tgdesk.testConfigDir", "src/test/liberty"));
    if (!Files.exists(extra.resolve("jvm.options"))) {
      return;
    }
    try {
      Files.writeString(
          serverDir.resolve("jvm.options"),
          "\n" + Files.readString(extra.resolve("jvm.options")),
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A server left running by an interrupted earlier run would hold the ports and the database. */
  private static void stopIfRunning(String name) {
    Path bin = LibertyNode.wlpDir().resolve("bin/server");
    if (!Files.exists(LibertyNode.wlpDir().resolve("usr/servers/" + name))) {
      return;
    }
    try {
      Process p =
          new ProcessBuilder(List.of(bin.toString(), "stop", name))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      p.waitFor(120, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
