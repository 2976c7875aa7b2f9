package io.tgdesk.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tgdesk.testing.Bots;
import io.tgdesk.testing.Bots.RegisteredBot;
import io.tgdesk.testing.DependsOnDatabase;
import io.tgdesk.testing.FakeTelegram;
import io.tgdesk.testing.Outboxes;
import io.tgdesk.testing.Outboxes.Msg;
import io.tgdesk.testing.TgDeskApi;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.UsernameAndPassword;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.bidi.browsingcontext.BrowsingContext;
import org.openqa.selenium.bidi.browsingcontext.CaptureScreenshotParameters;
import org.openqa.selenium.bidi.browsingcontext.CaptureScreenshotParameters.Origin;
import org.openqa.selenium.bidi.browsingcontext.ReadinessState;
import org.openqa.selenium.bidi.log.FilterBy;
import org.openqa.selenium.bidi.log.LogLevel;
import org.openqa.selenium.bidi.module.LogInspector;
import org.openqa.selenium.bidi.module.Network;
import org.openqa.selenium.bidi.network.AddInterceptParameters;
import org.openqa.selenium.bidi.network.InterceptPhase;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The admin dashboard at /tgdesk/admin/: only admins get it, and in a real headless Chromium
 * (driven through Selenium WebDriver and Debian's chromium-driver) it draws the charts from real
 * traffic and lists the cause report's findings. Saves a screenshot to target/dashboard.png. Also
 * the delivery timeline its queue and latency charts read.
 */
class DashboardIT {

  @RegisterExtension static final FakeTelegram telegram = FakeTelegram.start();
  static final TgDeskApi admin = TgDeskApi.asAdmin();

  @BeforeEach
  void telegramsUsualLimits() {
    telegram.setLimits(FakeTelegram.Limits.telegramDefaults());
  }

  @Test
  @DependsOnDatabase
  void theDeliveryTimelineCountsEveryEntryInAndOutOfTheQueue() {
    RegisteredBot bot = Bots.webhookBot(telegram);
    Instant from = Instant.now().minusSeconds(5);
    List<Msg> messages =
        IntStream.range(0, 10).mapToObj(i -> new Msg(8000 + i, "timeline " + i)).toList();
    Outboxes.awaitSettled(Outboxes.send(bot.id(), "notice", messages), Duration.ofSeconds(60));

    for (String resolution : List.of("second", "minute")) {
      JsonObject timeline =
          admin
              .get(
                  "/api/admin/diagnostics/delivery/timeline?botId="
                      + bot.id()
                      + "&resolution="
                      + resolution
                      + "&from="
                      + from)
              .json();
      assertThat(timeline.getString("resolution")).isEqualTo(resolution);
      assertThat(timeline.getInt("queuedAtStart")).isZero();
      List<JsonObject> buckets = timeline.getJsonArray("buckets").getValuesAs(JsonObject.class);
      assertThat(buckets).isNotEmpty();
      assertThat(buckets.stream().mapToInt(b -> b.getInt("enqueued")).sum()).isEqualTo(10);
      assertThat(buckets.stream().mapToInt(b -> b.getInt("sent")).sum()).isEqualTo(10);
      // the queue at each bucket's end is what came in minus what went out so far
      int queued = 0;
      for (JsonObject b : buckets) {
        queued += b.getInt("enqueued") - b.getInt("ended");
        assertThat(b.getInt("queuedAtEnd")).as(b.toString()).isEqualTo(queued);
        // every entry waited at least a moment, in the bucket it came in
        assertThat(b.getInt("queuedMax")).isGreaterThanOrEqualTo(b.getInt("enqueued") > 0 ? 1 : 0);
      }
      assertThat(buckets.get(buckets.size() - 1).getInt("queuedAtEnd")).isZero();
      assertThat(buckets)
          .filteredOn(b -> b.getInt("sent") > 0)
          .allSatisfy(
              b -> assertThat(b.getJsonNumber("latencyP95Millis").longValue()).isNotNegative());
    }

    var bad =
        admin.get(
            "/api/admin/diagnostics/delivery/timeline?botId=" + bot.id() + "&resolution=hour");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.contentType()).startsWith("application/problem+json");
    assertThat(bad.body()).contains("resolution");
    assertThat(TgDeskApi.asAgent().get("/api/admin/diagnostics/delivery/timeline").status())
        .isEqualTo(403);
  }

  @Test
  void theDashboardIsForAdminsOnly() {
    var anonymous = TgDeskApi.anonymous().get("/admin/");
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.headers().get("WWW-Authenticate"))
        .anySatisfy(h -> assertThat(h).contains("Basic").contains("TgDesk"));
    assertThat(TgDeskApi.asAgent().get("/admin/").status()).isEqualTo(403);
    assertThat(TgDeskApi.asAgent().get("/admin/dashboard.js").status()).isEqualTo(403);

    var page = admin.get("/admin/");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.contentType()).startsWith("text/html");
    assertThat(page.body()).contains("dashboard.js");
    assertThat(admin.get("/admin/dashboard.js").status()).isEqualTo(200);
    assertThat(admin.get("/admin/dashboard.css").status()).isEqualTo(200);
  }

  @Test
  void theDashboardDrawsRatesQueueAndLatencyAndListsTheFindingsInAHeadlessBrowser()
      throws IOException {
    var chromium = executable("tgdesk.chromium", "CHROMIUM", "/usr/bin/chromium");
    var chromedriver = executable("tgdesk.chromedriver", "CHROMEDRIVER", "/usr/bin/chromedriver");
    Assumptions.assumeTrue(
        chromium.isPresent() && chromedriver.isPresent(),
        "No Chromium and ChromeDriver on this machine (apt-get install -y chromium chromium-driver,"
            + " or -Dtgdesk.chromium=<path> -Dtgdesk.chromedriver=<path>): the dashboard's browser"
            + " test is skipped");
    RegisteredBot bot = botRateLimitedByTelegram();
    List<Msg> messages =
        IntStream.range(0, 40).mapToObj(i -> new Msg(8100 + i, "dashboard " + i)).toList();
    List<Long> ids = Outboxes.send(bot.id(), "bulk", messages);
    Outboxes.awaitSettled(ids, Duration.ofSeconds(120));
    assertThat(telegram.tooManyRequests(bot.token())).isPositive();
    assertThat(admin.post("/api/admin/diagnostics/webhooks/check?botId=" + bot.id(), null).status())
        .isEqualTo(200);
    // The audit is written in batches: the page should find the calls and the 429s there.
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> admin.get("/api/admin/diagnostics/rate-limits?botId=" + bot.id()).json(),
            r -> r.getInt("tooManyRequests") > 0);

    JsonObject shown;
    Path profile = Files.createTempDirectory("tgdesk-chromium-");
    WebDriver browser = startChromium(chromium.get(), chromedriver.get(), profile);
    try (Network network = new Network(browser);
        LogInspector console = new LogInspector(browser)) {
      List<String> consoleErrors = new CopyOnWriteArrayList<>();
      console.onConsoleEntry(
          e -> consoleErrors.add(e.getText()), FilterBy.logLevel(LogLevel.ERROR));
      console.onJavaScriptException(e -> consoleErrors.add(e.getText()));
      // as an admin signing in to the browser's dialog once
      AtomicInteger authChallenges = new AtomicInteger();
      UsernameAndPassword credentials =
          new UsernameAndPassword(
              TgDeskApi.ADMIN.substring(0, TgDeskApi.ADMIN.indexOf(':')),
              TgDeskApi.ADMIN.substring(TgDeskApi.ADMIN.indexOf(':') + 1));
      network.addIntercept(new AddInterceptParameters(InterceptPhase.AUTH_REQUIRED));
      network.onAuthRequired(
          r -> {
            authChallenges.incrementAndGet();
            network.continueWithAuth(r.getRequest().getRequestId(), credentials);
          });
      // Navigated over BiDi without waiting for the load: ChromeDriver answers no command while a
      // classic get() waits, so the sign-in challenge could not be answered.
      BrowsingContext page = new BrowsingContext(browser, browser.getWindowHandle());
      page.navigate(
          TgDeskApi.baseUrl() + "/admin/#bot=" + bot.id() + "&range=5", ReadinessState.NONE);

      shown =
          await()
              .atMost(Duration.ofSeconds(60))
              .pollInterval(Duration.ofMillis(500))
              .ignoreExceptions()
              .until(() -> whatThePageShows(browser), s -> s.getInt("refreshes") > 0);
      // one message's timeline, from an id pasted into the box
      ((JavascriptExecutor) browser)
          .executeScript(
              "document.getElementById('message-id').value = '"
                  + ids.get(ids.size() - 1)
                  + "'; document.getElementById('message-explain').click();");
      JsonObject message =
          await()
              .atMost(Duration.ofSeconds(30))
              .pollInterval(Duration.ofMillis(300))
              .ignoreExceptions()
              .until(() -> shownMessage(browser), m -> m != null && m.containsKey("steps"));
      assertThat(message.getJsonNumber("entryId").longValue()).isEqualTo(ids.get(ids.size() - 1));
      assertThat(message.getJsonArray("steps").getString(0)).isEqualTo("enqueued");
      String png =
          page.captureScreenshot(new CaptureScreenshotParameters().origin(Origin.DOCUMENT));
      Path file = Path.of("target", "dashboard.png");
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.write(file, Base64.getDecoder().decode(png));
      assertThat(consoleErrors).isEmpty();
      // the page asked once; the API calls reused the credentials of the realm
      assertThat(authChallenges.get()).isEqualTo(1);
    } finally {
      browser.quit();
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }

    assertThat(shown.getJsonArray("errors")).as(shown.toString()).isEmpty();
    assertThat(shown.getString("botId")).isEqualTo(String.valueOf(bot.id()));
    JsonObject charts = shown.getJsonObject("charts");
    // calls per second against the limit: a filled line and the dashed limit
    assertThat(charts.getJsonObject("calls").getInt("nonZero")).as(shown.toString()).isPositive();
    assertThat(charts.getJsonObject("calls").getInt("shapes")).isPositive();
    assertThat(charts.getJsonObject("calls").getBoolean("limitLine")).isTrue();
    // the 429s as bars
    assertThat(charts.getJsonObject("429").getInt("nonZero")).isPositive();
    assertThat(charts.getJsonObject("429").getInt("shapes")).isPositive();
    // 40 entries were queued at once, so the queue was above zero for a while
    assertThat(charts.getJsonObject("queue").getInt("nonZero")).isPositive();
    assertThat(charts.getJsonObject("latency").getInt("points")).isPositive();
    assertThat(charts.getJsonObject("latency").getInt("shapes")).isPositive();
    // the report's ranked findings, with the fix, the 429s first: Telegram refused calls while
    // TgDesk kept within the bot's 30/s, which TgDesk's own audit reads as another client using
    // the token, named before the generic rate limit
    assertThat(shown.getJsonArray("findings").getString(0)).isEqualTo("token-shared");
    assertThat(shown.getJsonArray("findings").getString(1)).isEqualTo("rate-limited");
    assertThat(shown.getString("firstFix")).isNotBlank();
    assertThat(shown.getString("webhook")).isEqualTo("healthy");
  }

  /**
   * A webhook bot, its webhook registered, that Telegram allows only 5 calls per second: as far as
   * TgDesk can tell, something else takes the rest of the bot's budget.
   */
  private static RegisteredBot botRateLimitedByTelegram() {
    var d = FakeTelegram.Limits.telegramDefaults();
    telegram.setLimits(
        new FakeTelegram.Limits(
            5,
            d.paidPerSecond(),
            d.privatePerSecond(),
            d.groupPerMinute(),
            d.groupPerSecond(),
            d.groupEditsPerMinute(),
            d.tolerance(),
            d.chatRetryAfter(),
            d.groupRetryAfter(),
            1));
    RegisteredBot bot = Bots.webhookBot(telegram);
    var reply = admin.post("/api/admin/bots/" + bot.id() + "/webhook", null);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    return bot;
  }

  /** What the page drew, read from its DOM (and its status object for the refresh count). */
  /** The timeline the page shows for the message id pasted into its box, or null. */
  private static JsonObject shownMessage(WebDriver browser) {
    Object json =
        ((JavascriptExecutor) browser)
            .executeScript(
                "const m = window.tgdeskDashboard && window.tgdeskDashboard.message;"
                    + " return m ? JSON.stringify(m) : null;");
    if (json == null) {
      return null;
    }
    try (var reader = Json.createReader(new StringReader((String) json))) {
      return reader.readObject();
    }
  }

  private static JsonObject whatThePageShows(WebDriver browser) {
    Object json =
        ((JavascriptExecutor) browser)
            .executeScript(
                """
            return JSON.stringify((() => {
              const d = window.tgdeskDashboard;
              const chart = (id) => {
                const plot = document.querySelector('#chart-' + id + ' .plot');
                return {
                  points: Number(plot.dataset.points || 0),
                  nonZero: Number(plot.dataset.nonZero || 0),
                  shapes: plot.querySelectorAll('.series path, .series rect, .series circle').length,
                  limitLine: plot.querySelector('line[stroke-dasharray]') !== null,
                };
              };
              const findings = [...document.querySelectorAll('#findings li.finding')];
              const pill = document.querySelector('#webhook-body .pill');
              return {
                refreshes: d ? d.refreshes : 0,
                errors: d ? d.errors : ['no dashboard'],
                botId: document.getElementById('bot').value,
                charts: { calls: chart('calls'), '429': chart('429'), queue: chart('queue'),
                          latency: chart('latency') },
                findings: findings.map((li) => li.dataset.cause),
                firstFix: findings.length ? findings[0].querySelector('.fix').textContent : '',
                webhook: pill ? pill.textContent : '',
              };
            })());
            """);
    try (var reader = Json.createReader(new StringReader((String) json))) {
      return reader.readObject();
    }
  }

  /**
   * The program named by the system property, else the environment variable, else the path, if it
   * is there and executable.
   */
  private static Optional<Path> executable(String property, String variable, String path) {
    return Stream.of(System.getProperty(property), System.getenv(variable), path)
        .filter(s -> s != null && !s.isBlank())
        .findFirst()
        .map(Path::of)
        .filter(Files::isExecutable);
  }

  /**
   * A headless Chromium, 1400 x 1000, with the throwaway profile, driven by that ChromeDriver over
   * WebDriver BiDi (so that the test can answer the sign-in dialog and read the console).
   */
  private static WebDriver startChromium(Path chromium, Path chromedriver, Path profile) {
    ChromeOptions options =
        new ChromeOptions()
            .setBinary(chromium.toFile())
            .addArguments(
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
                "--window-size=1400,1000",
                "--user-data-dir=" + profile)
            .enableBiDi();
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile()).build();
    return new ChromeDriver(service, options);
  }
}
