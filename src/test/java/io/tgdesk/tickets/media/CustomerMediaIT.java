package io.tgdesk.tickets.media;

import static io.tgdesk.testing.TelegramUpdates.privatePhoto;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tgdesk.testing.Bots;
import io.tgdesk.testing.Bots.RegisteredBot;
import io.tgdesk.testing.FakeTelegram;
import io.tgdesk.testing.TgDeskApi;
import io.tgdesk.testing.Tickets;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Agents open customers' files through TgDesk: getFile and the download at the fake Bot API, the
 * content type and file name passed through, thumbnails, 413 above the download limit, 410 for a
 * file Telegram no longer serves, the ticket's roles, and the cache's size cap (300,000 bytes in
 * the test server: src/test/liberty/jvm.options).
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("CustomerMediaIT")
class CustomerMediaIT {

  @RegisterExtension static final FakeTelegram telegram = FakeTelegram.start();

  private static final AtomicLong NEXT_USER = new AtomicLong(8_100_000);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  RegisteredBot bot;
  long user;

  @BeforeEach
  void registerBot() {
    telegram.setLimits(FakeTelegram.Limits.unlimited());
    bot = Bots.webhookBot(telegram);
    user = NEXT_USER.incrementAndGet();
  }

  @Test
  void theAgentOpensTheCustomersPhotoAndItsThumbnail() {
    String fileId = "AgACAgIAAxkBAAIB" + UUID.randomUUID();
    byte[] photo = bytes(4_000, 7);
    byte[] thumbnail = bytes(300, 3);
    telegram.putFile(bot.token(), fileId, photo, "image/jpeg");
    telegram.putFile(bot.token(), fileId + "-320", thumbnail, "image/jpeg");
    Bots.deliver(
        bot, privatePhoto(1, user, "Ann", 11, "my receipt", fileId, "AQADvK0xG" + user, 4_000));
    JsonObject message = onlyMessage();
    JsonObject media = message.getJsonObject("media");
    assertThat(media.getString("type")).isEqualTo("photo");
    assertThat(media.getJsonNumber("fileSize").longValue()).isEqualTo(4_000);
    String url = media.getString("url");
    assertThat(media.getString("thumbnailUrl")).isEqualTo(url + "?thumbnail=true");

    Download got = download(TgDeskApi.AGENT, url);
    Download thumb = download(TgDeskApi.AGENT, media.getString("thumbnailUrl"));

    assertThat(got.status()).as(got.toString()).isEqualTo(200);
    assertThat(got.body()).isEqualTo(photo);
    assertThat(got.contentType()).isEqualTo("image/jpeg");
    assertThat(got.disposition())
        .startsWith("inline")
        .contains("filename=\"photo-" + message.getJsonNumber("id").longValue() + ".jpg\"");
    assertThat(thumb.status()).isEqualTo(200);
    assertThat(thumb.body()).isEqualTo(thumbnail);
    assertThat(telegram.calls(bot.token(), "getFile"))
        .extracting(c -> c.params().getString("file_id"))
        .containsExactly(fileId, fileId + "-320");
  }

  @Test
  void aDocumentKeepsItsNameTypeAndThumbnailAndIsAuditedAsCustomerMedia() {
    String fileId = "BQACAgIAAxkBAAIC" + UUID.randomUUID();
    byte[] pdf = "%PDF-1.4 receipt".getBytes(StandardCharsets.US_ASCII);
    telegram.putFile(bot.token(), fileId, pdf, "application/octet-stream");
    Bots.deliver(bot, document(2, user, 12, fileId, "Квитанция 12.pdf", pdf.length));
    JsonObject media = onlyMessage().getJsonObject("media");
    assertThat(media.getString("fileName")).isEqualTo("Квитанция 12.pdf");
    assertThat(media.getString("mimeType")).isEqualTo("application/pdf");
    assertThat(media.getJsonNumber("thumbnailFileSize").longValue()).isEqualTo(1_200);

    Download got = download(TgDeskApi.ADMIN, media.getString("url"));

    assertThat(got.status()).as(got.toString()).isEqualTo(200);
    assertThat(got.body()).isEqualTo(pdf);
    assertThat(got.contentType()).isEqualTo("application/pdf");
    assertThat(got.disposition())
        .contains(
            "filename*=UTF-8''%D0%9A%D0%B2%D0%B8%D1%82%D0%B0%D0%BD%D1%86%D0%B8%D1%8F%2012.pdf");
    var audit =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    TgDeskApi.asAdmin()
                        .get(
                            "/api/admin/diagnostics/calls?category=customer-media&botId="
                                + bot.id()),
                r -> r.body().contains("downloadFile"));
    assertThat(audit.body()).contains("getFile");
  }

  @Test
  void aFileAboveTheDownloadLimitIs413WithTheLocalBotApiHint() {
    String fileId = "BAACAgIAAxkBAAID" + UUID.randomUUID();
    telegram.putFileTooBig(bot.token(), fileId, 25L * 1024 * 1024);
    Bots.deliver(bot, document(3, user, 13, fileId, "video.mp4", 25L * 1024 * 1024));
    String url = onlyMessage().getJsonObject("media").getString("url");

    var reply = TgDeskApi.asAgent().get(url);

    assertThat(reply.status()).as(reply.toString()).isEqualTo(413);
    assertThat(reply.contentType()).startsWith("application/problem+json");
    assertThat(reply.json().getString("detail")).contains("Local Bot API server");
  }

  @Test
  void aFileTelegramNoLongerServesIs410() {
    String unknown = "AgACAgIAAxkBAAIE" + UUID.randomUUID();
    String expired = "AgACAgIAAxkBAAIF" + UUID.randomUUID();
    telegram.putFile(bot.token(), expired, bytes(100, 1), "image/jpeg");
    telegram.expireFile(bot.token(), expired);
    Bots.deliver(bot, document(4, user, 14, unknown, "a.pdf", 100));
    Bots.deliver(bot, document(5, user, 15, expired, "b.pdf", 100));
    List<JsonObject> messages =
        Tickets.messages(Tickets.awaitTicket(ticketId(), t -> Tickets.messages(t).size() == 2));

    var neverServed =
        TgDeskApi.asAgent().get(messages.get(0).getJsonObject("media").getString("url"));
    var gone = TgDeskApi.asAgent().get(messages.get(1).getJsonObject("media").getString("url"));

    assertThat(neverServed.status()).as(neverServed.toString()).isEqualTo(410);
    assertThat(neverServed.json().getString("detail")).contains("invalid file_id");
    assertThat(gone.status()).as(gone.toString()).isEqualTo(410);
    assertThat(telegram.downloads(bot.token())).isEqualTo(1);
  }

  @Test
  void onlyThoseWhoMayReadTheTicketOpenItsFiles() {
    String fileId = "AgACAgIAAxkBAAIG" + UUID.randomUUID();
    telegram.putFile(bot.token(), fileId, bytes(50, 5), "image/jpeg");
    Bots.deliver(bot, privatePhoto(6, user, "Ann", 16, null, fileId, "u" + user, 50));
    JsonObject message = onlyMessage();
    String url = message.getJsonObject("media").getString("url");

    assertThat(download(null, url).status()).isEqualTo(401);
    assertThat(download("agent:wrong-password", url).status()).isEqualTo(401);
    assertThat(TgDeskApi.asAgent().get(url.replace("/tickets/", "/tickets/9")).status())
        .isEqualTo(404);
    assertThat(download(TgDeskApi.AGENT, url).status()).isEqualTo(200);
    assertThat(telegram.count(bot.token(), "getFile")).isEqualTo(1);
  }

  @Test
  void theCacheKeepsAtMostItsCapEvictingTheLeastRecentlyOpened() {
    String first = "BQACAgIAAxkBAAIH" + UUID.randomUUID();
    String second = "BQACAgIAAxkBAAII" + UUID.randomUUID();
    telegram.putFile(bot.token(), first, bytes(200_000, 1), "application/pdf");
    telegram.putFile(bot.token(), second, bytes(200_000, 2), "application/pdf");
    Bots.deliver(bot, document(7, user, 17, first, "first.pdf", 200_000));
    Bots.deliver(bot, document(8, user, 18, second, "second.pdf", 200_000));
    List<JsonObject> messages =
        Tickets.messages(Tickets.awaitTicket(ticketId(), t -> Tickets.messages(t).size() == 2));
    String firstUrl = messages.get(0).getJsonObject("media").getString("url");
    String secondUrl = messages.get(1).getJsonObject("media").getString("url");

    assertThat(download(TgDeskApi.AGENT, firstUrl).body()).isEqualTo(bytes(200_000, 1));
    assertThat(download(TgDeskApi.AGENT, firstUrl).status()).isEqualTo(200);
    assertThat(getFiles(first)).as("opened again from the cache").isEqualTo(1);
    assertThat(download(TgDeskApi.AGENT, secondUrl).body()).isEqualTo(bytes(200_000, 2));
    assertThat(download(TgDeskApi.AGENT, secondUrl).status()).isEqualTo(200);
    assertThat(getFiles(second)).as("the newest stays").isEqualTo(1);
    assertThat(download(TgDeskApi.AGENT, firstUrl).body()).isEqualTo(bytes(200_000, 1));
    assertThat(getFiles(first)).as("evicted beyond the cap, fetched again").isEqualTo(2);
  }

  private long getFiles(String fileId) {
    return telegram.calls(bot.token(), "getFile").stream()
        .filter(c -> fileId.equals(c.params().getString("file_id")))
        .count();
  }

  private long ticketId() {
    return Tickets.awaitTickets(bot.id(), t -> t.size() == 1)
        .get(0)
        .getJsonNumber("id")
        .longValue();
  }

  private JsonObject onlyMessage() {
    return Tickets.messages(Tickets.awaitTicket(ticketId(), t -> Tickets.messages(t).size() == 1))
        .get(0);
  }

  /**
   * A document message as the Bot API sends it (the shape of a PDF sent from Telegram Desktop),
   * with a thumbnail under both of its names, as Bot API servers of 6.6 on do.
   */
  private static JsonObject document(
      long updateId, long userId, long messageId, String fileId, String name, long size) {
    String json =
        """
        {"update_id": %d,
         "message": {"message_id": %d,
           "from": {"id": %d, "is_bot": false, "first_name": "Ann", "language_code": "en"},
           "chat": {"id": %d, "first_name": "Ann", "type": "private"},
           "date": %d,
           "document": {"file_name": "%s", "mime_type": "application/pdf",
             "thumbnail": {"file_id": "AAMCAgADGQEAAgJ%s", "file_unique_id": "AQADt0", "file_size": 1200,
               "width": 226, "height": 320},
             "thumb": {"file_id": "AAMCAgADGQEAAgJ%s", "file_unique_id": "AQADt0", "file_size": 1200,
               "width": 226, "height": 320},
             "file_id": "%s", "file_unique_id": "AgADt0%d", "file_size": %d},
           "caption": "see attached"}}
        """
            .formatted(
                updateId,
                messageId,
                userId,
                userId,
                Instant.now().getEpochSecond(),
                name,
                messageId,
                messageId,
                fileId,
                messageId,
                size);
    try (var reader = Json.createReader(new StringReader(json))) {
      return reader.readObject();
    }
  }

  private static byte[] bytes(int length, int seed) {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = (byte) (i * 31 + seed);
    }
    return b;
  }

  record Download(int status, String contentType, String disposition, byte[] body) {
    @Override
    public String toString() {
      return status + " " + contentType + " " + new String(body, StandardCharsets.UTF_8);
    }
  }

  /** A GET whose body stays bytes. */
  private static Download download(String credentials, String path) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(TgDeskApi.baseUrl() + path))
            .timeout(Duration.ofSeconds(60))
            .GET();
    if (credentials != null) {
      request.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }
    try {
      HttpResponse<byte[]> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Download(
          r.statusCode(),
          r.headers().firstValue("Content-Type").orElse(""),
          r.headers().firstValue("Content-Disposition").orElse(""),
          r.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
