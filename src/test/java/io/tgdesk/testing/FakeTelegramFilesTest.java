package io.tgdesk.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tgdesk.telegram.botapi.BotApiClient;
import io.tgdesk.telegram.botapi.BotApiException;
import io.tgdesk.telegram.botapi.BotEndpoint;
import io.tgdesk.telegram.botapi.CallContext;
import io.tgdesk.telegram.botapi.Media;
import jakarta.json.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fake Bot API's files and business connections, through TgDesk's own client: getFile and the
 * download as Telegram's file server answers them, the 20 MB limit, files no longer served, and
 * sends refused on a business connection that may not reply.
 */
class FakeTelegramFilesTest {

  private static final CallContext MEDIA = CallContext.of("customer-media");

  private final FakeTelegram telegram = FakeTelegram.start();
  private final String token = telegram.newBot("files_bot");
  private final BotEndpoint bot = new BotEndpoint(URI.create(telegram.baseUrl()), token);
  private final BotApiClient client =
      new BotApiClient(Duration.ofSeconds(2), Duration.ofSeconds(5));

  @TempDir Path dir;

  @AfterEach
  void close() {
    client.close();
    telegram.close();
  }

  @Test
  void aPutFileIsNamedByGetFileAndDownloadedWithItsContentType() throws IOException {
    telegram.putFile(token, "AgACAgIAAxkB", new byte[] {1, 2, 3}, "image/jpeg");

    Media.TelegramFile file = client.getFile(bot, "AgACAgIAAxkB", MEDIA);
    Path target = dir.resolve("f");
    BotApiClient.Download d = client.download(bot, file.filePath(), target, 1_000, MEDIA);

    assertThat(file.fileSize()).isEqualTo(3);
    assertThat(d.contentType()).isEqualTo("image/jpeg");
    assertThat(d.bytes()).isEqualTo(3);
    assertThat(Files.readAllBytes(target)).containsExactly(1, 2, 3);
    assertThat(telegram.downloads(token)).isEqualTo(1);
  }

  @Test
  void aDownloadLongerThanAllowedIsCutAndLeavesNoFile() {
    telegram.putFile(token, "big", new byte[2_000], "application/pdf");
    Media.TelegramFile file = client.getFile(bot, "big", MEDIA);
    Path target = dir.resolve("f");

    assertThatThrownBy(() -> client.download(bot, file.filePath(), target, 1_000, MEDIA))
        .isInstanceOf(BotApiException.UnexpectedAnswer.class)
        .hasMessageContaining("larger than 1000 bytes");
    assertThat(target).doesNotExist();
  }

  @Test
  void aFileAboveTwentyMegabytesIsTooBigAndAnUnknownOneInvalid() {
    telegram.putFileTooBig(token, "huge", FakeTelegram.DOWNLOAD_LIMIT + 1);

    assertThatThrownBy(() -> client.getFile(bot, "huge", MEDIA))
        .isInstanceOfSatisfying(
            BotApiException.TelegramError.class,
            e -> assertThat(e.description()).isEqualTo("Bad Request: file is too big"));
    assertThatThrownBy(() -> client.getFile(bot, "never-put", MEDIA))
        .isInstanceOfSatisfying(
            BotApiException.TelegramError.class, e -> assertThat(e.errorCode()).isEqualTo(400));
  }

  @Test
  void anExpiredFileIsStillNamedButItsDownloadAnswers404() {
    telegram.putFile(token, "old", new byte[] {9}, "image/jpeg");
    telegram.expireFile(token, "old");
    Media.TelegramFile file = client.getFile(bot, "old", MEDIA);

    assertThatThrownBy(() -> client.download(bot, file.filePath(), dir.resolve("f"), 10, MEDIA))
        .isInstanceOfSatisfying(
            BotApiException.TelegramError.class, e -> assertThat(e.errorCode()).isEqualTo(404));
  }

  @Test
  void aSendOnABusinessConnectionThatMayNotReplyIs403() {
    telegram.setBusinessConnection(token, "conn", false);
    var params =
        Json.createObjectBuilder()
            .add("chat_id", 4242)
            .add("text", "hi")
            .add("business_connection_id", "conn")
            .build();

    assertThatThrownBy(() -> client.callRaw(bot, "sendMessage", params, null))
        .isInstanceOfSatisfying(
            BotApiException.TelegramError.class, e -> assertThat(e.errorCode()).isEqualTo(403));
    telegram.setBusinessConnection(token, "conn", true);
    assertThat(client.callRaw(bot, "sendMessage", params, null).asJsonObject())
        .containsKey("message_id");
  }
}
