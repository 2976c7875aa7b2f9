package io.tgdesk.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tgdesk.testing.Bots;
import io.tgdesk.testing.Bots.RegisteredBot;
import io.tgdesk.testing.FakeTelegram;
import io.tgdesk.testing.Outboxes;
import io.tgdesk.testing.Outboxes.Msg;
import io.tgdesk.testing.TgDeskApi;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The admin dashboard in a real headless browser (Debian's chromium; .ci/run installs it): it signs
 * in, reads the diagnostics API and draws its charts with data. The screenshot is kept in
 * target/dashboard.png.
 */
class DashboardIT {

  @RegisterExtension static final FakeTelegram telegram = FakeTelegram.start();
  static String chromium;

  @BeforeAll
  static void findChromium() {
    for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
      if (Files.isExecutable(Path.of(candidate))) {
        chromium = candidate;
      }
    }
    Assumptions.assumeTrue(chromium != null, "chromium is not installed");
  }

  @Test
  void theDashboardDrawsCallsAgainstTheLimitAndTheCauseReport() throws Exception {
    telegram.setLimits(FakeTelegram.Limits.telegramDefaults());
    RegisteredBot bot = Bots.webhookBot(telegram);
    Outboxes.awaitSettled(
        Outboxes.send(
            bot.id(),
            "bulk",
            IntStream.range(0, 40).mapToObj(i -> new Msg(5500 + i, "d" + i)).toList()),
        Duration.ofSeconds(60));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                TgDeskApi.asAdmin()
                    .get("/api/admin/diagnostics/calls?size=1&botId=" + bot.id())
                    .json()
                    .getInt("total"),
            n -> n >= 40);
    String url =
        TgDeskApi.baseUrl() + "/admin/#user=admin&password=tgdesk-dev-admin&botId=" + bot.id();
    Path png = Path.of("target", "dashboard.png").toAbsolutePath();
    Files.deleteIfExists(png);

    String dom = browser(url, "--dump-dom");
    browser(url, "--screenshot=" + png);

    assertThat(dom).contains("data-rendered=\"true\"");
    assertThat(dom).containsPattern("id=\"rates\"[^>]*data-points=\"[1-9]");
    assertThat(dom).contains("data-cause=\"healthy\"");
    assertThat(dom).doesNotContain("tgdesk-dev-admin");
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image).isNotNull();
    assertThat(pixelsOf(image, 0x2a7ae2)).as("bars of the calls chart").isGreaterThan(50);
    assertThat(pixelsOf(image, 0xb3261e)).as("the limit line").isGreaterThan(20);
  }

  private static long pixelsOf(BufferedImage image, int rgb) {
    long n = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int p = image.getRGB(x, y) & 0xffffff;
        if (Math.abs((p >> 16) - (rgb >> 16)) < 12
            && Math.abs(((p >> 8) & 0xff) - ((rgb >> 8) & 0xff)) < 12
            && Math.abs((p & 0xff) - (rgb & 0xff)) < 12) {
          n++;
        }
      }
    }
    return n;
  }

  private static String browser(String url, String action)
      throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory("tgdesk-chromium");
    List<String> command =
        new ArrayList<>(
            List.of(
                chromium,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--hide-scrollbars",
                "--user-data-dir=" + profile,
                "--window-size=1300,1300",
                "--virtual-time-budget=8000",
                action,
                url));
    Process p =
        new ProcessBuilder(command)
            .redirectError(Path.of("target", "chromium.log").toFile())
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("chromium finished").isTrue();
    return new String(out, StandardCharsets.UTF_8);
  }
}
