package io.tgdesk.files;

import static io.tgdesk.testing.TelegramUpdates.privateText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tgdesk.testing.Bots;
import io.tgdesk.testing.Bots.RegisteredBot;
import io.tgdesk.testing.DependsOnDatabase;
import io.tgdesk.testing.FakeTelegram;
import io.tgdesk.testing.FakeTelegram.SentFile;
import io.tgdesk.testing.TgDeskApi;
import io.tgdesk.testing.Tickets;
import io.tgdesk.tickets.PrivateChatIT;
import io.tgdesk.tickets.replies.RepliesIT;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Agents send files: a photo, a PDF and an album reach the customer through the delivery engine as
 * multipart uploads with the right method and fields, Telegram's file_id is sent instead of the
 * bytes once the bot has one, Telegram's limits and a full store give clear errors, and a file
 * waits in the database until Telegram has it. The test server keeps sent files' bytes for 2 s and
 * stores at most 24 MB (src/test/liberty/jvm.options).
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("AgentFilesIT")
class AgentFilesIT {

  @RegisterExtension static final FakeTelegram telegram = FakeTelegram.start();
  RegisteredBot bot;

  @BeforeEach
  void registerBot() {
    bot = Bots.webhookBot(telegram);
  }

  @Test
  void aPhotoSentWithTheReplyReachesTheCustomerAsSendPhotoWithItsCaption() {
    long ticket = privateTicket(8101);
    byte[] photo = bytes(2048, 1);

    var posted =
        multipartReply(
            ticket,
            List.of(
                new Part("text", null, null, "Your receipt".getBytes(StandardCharsets.UTF_8)),
                new Part("file", "receipt.png", "image/png", photo)));

    assertThat(posted.status()).as(posted.toString()).isEqualTo(201);
    JsonObject attachment = posted.json().getJsonArray("attachments").getJsonObject(0);
    assertThat(attachment.getString("kind")).isEqualTo("photo");
    assertThat(attachment.getString("fileName")).isEqualTo("receipt.png");
    assertThat(attachment.getJsonNumber("size").longValue()).isEqualTo(2048);
    long messageId = posted.json().getJsonNumber("id").longValue();
    JsonObject sent = RepliesIT.awaitDelivery(ticket, messageId, "sent");
    SentFile received = single(telegram.files(bot.token()));
    assertThat(received.method()).isEqualTo("sendPhoto");
    assertThat(received.type()).isEqualTo("photo");
    assertThat(received.uploaded()).isTrue();
    assertThat(received.fileName()).isEqualTo("receipt.png");
    assertThat(received.size()).isEqualTo(2048);
    assertThat(received.caption()).isEqualTo("Your receipt");
    assertThat(received.chatId()).isEqualTo(8101);
    assertThat(sent.getJsonNumber("telegramMessageId").longValue()).isEqualTo(received.messageId());
    JsonObject params = telegram.calls(bot.token(), "sendPhoto").get(0).params();
    assertThat(params.getString("chat_id")).isEqualTo("8101");
    assertThat(params.getString("caption")).isEqualTo("Your receipt");
    assertThat(params.getJsonObject("photo").getString("file_name")).isEqualTo("receipt.png");
    assertThat(sent.getJsonArray("attachments").getJsonObject(0).getBoolean("sentToTelegram"))
        .isTrue();
  }

  @Test
  @DependsOnDatabase
  void aPdfUploadedFirstGoesAsADocumentAndTheSecondSendNamesTelegramsFileIdInsteadOfTheBytes() {
    long ticket = privateTicket(8102);
    long file = upload("invoice-1042.pdf", "application/pdf", bytes(40_000, 2));

    long first = id(jsonReply(ticket, "Your invoice", file, null));
    RepliesIT.awaitDelivery(ticket, first, "sent");
    long second = id(jsonReply(ticket, "Here it is again", file, null));
    RepliesIT.awaitDelivery(ticket, second, "sent");

    List<SentFile> received = telegram.files(bot.token());
    assertThat(received).hasSize(2);
    assertThat(received.get(0).method()).isEqualTo("sendDocument");
    assertThat(received.get(0).uploaded()).isTrue();
    assertThat(received.get(0).fileName()).isEqualTo("invoice-1042.pdf");
    assertThat(received.get(0).contentType()).isEqualTo("application/pdf");
    assertThat(received.get(0).size()).isEqualTo(40_000);
    assertThat(received.get(1).method()).isEqualTo("sendDocument");
    assertThat(received.get(1).uploaded()).as("the second send uploads nothing").isFalse();
    assertThat(received.get(1).fileId()).isEqualTo(received.get(0).fileId());
    assertThat(received.get(1).caption()).isEqualTo("Here it is again");
    assertThat(telegram.calls(bot.token(), "sendDocument").get(1).params().getString("document"))
        .isEqualTo(received.get(0).fileId());
  }

  @Test
  void threePhotosGoAsOneAlbumCallAndTheChatsNextMessageWaitsAsForThreeMessages() {
    long ticket = privateTicket(8103);

    var posted =
        multipartReply(
            ticket,
            List.of(
                new Part("text", null, null, "Before and after".getBytes(StandardCharsets.UTF_8)),
                new Part("kind", null, null, "photo".getBytes(StandardCharsets.UTF_8)),
                new Part("file", "a.jpg", "image/jpeg", bytes(1000, 3)),
                new Part("file", "b.jpg", "image/jpeg", bytes(1100, 4)),
                new Part("file", "c.jpg", "image/jpeg", bytes(1200, 5))));
    long album = id(posted);
    long text = id(RepliesIT.reply(TgDeskApi.asAgent(), ticket, "Anything else?", null));
    RepliesIT.awaitDelivery(ticket, album, "sent");
    RepliesIT.awaitDelivery(ticket, text, "sent");

    assertThat(telegram.count(bot.token(), "sendMediaGroup")).isEqualTo(1);
    List<SentFile> items = telegram.files(bot.token());
    assertThat(items).extracting(SentFile::fileName).containsExactly("a.jpg", "b.jpg", "c.jpg");
    assertThat(items).allSatisfy(f -> assertThat(f.albumSize()).isEqualTo(3));
    assertThat(items).allSatisfy(f -> assertThat(f.type()).isEqualTo("photo"));
    assertThat(items.get(0).caption()).isEqualTo("Before and after");
    JsonObject params = telegram.calls(bot.token(), "sendMediaGroup").get(0).params();
    assertThat(params.getString("media")).contains("attach://file0", "attach://file2");
    // Telegram counts the album as three messages in the chat (1/s): the next one waits for them,
    // and the fake, which holds the chat to that, never answered 429.
    assertThat(telegram.tooManyRequests(bot.token())).isZero();
    var delivered = telegram.delivered(bot.token());
    var last = delivered.get(delivered.size() - 1);
    assertThat(last.method()).isEqualTo("sendMessage");
    assertThat(Duration.between(delivered.get(0).at(), last.at()))
        .isGreaterThan(Duration.ofMillis(2500));
  }

  @Test
  void aPhotoOverTenMegabytesIs413NamingTheLimitAndNothingIsSentOrKept() {
    long ticket = privateTicket(8104);

    var refused =
        multipartReply(
            ticket,
            List.of(
                new Part("kind", null, null, "photo".getBytes(StandardCharsets.UTF_8)),
                new Part("file", "big.jpg", "image/jpeg", bytes(10 * 1024 * 1024 + 1, 6))));

    assertThat(refused.status()).as(refused.toString()).isEqualTo(413);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    assertThat(refused.json().getString("detail")).contains("10 MB");
    assertThat(Tickets.messages(Tickets.get(ticket))).hasSize(1); // the customer's only
    assertThat(telegram.files(bot.token())).isEmpty();
  }

  @Test
  void aCaptionOverTheLimitAnUnknownKindAndFilesThatMakeNoAlbumAre422() {
    long ticket = privateTicket(8105);
    long pdf = upload("terms.pdf", "application/pdf", bytes(500, 7));
    long jpg = upload("shot.jpg", "image/jpeg", bytes(500, 8));

    var longCaption = jsonReply(ticket, "x".repeat(1025), pdf, null);
    var unknownKind = jsonReply(ticket, "hi", pdf, "sticker");
    var mixed =
        TgDeskApi.asAgent()
            .post(
                "/api/tickets/" + ticket + "/replies",
                Json.createObjectBuilder()
                    .add(
                        "attachments",
                        Json.createArrayBuilder()
                            .add(Json.createObjectBuilder().add("fileId", jpg))
                            .add(Json.createObjectBuilder().add("fileId", pdf)))
                    .build());

    assertThat(longCaption.status()).as(longCaption.toString()).isEqualTo(422);
    assertThat(longCaption.json().getString("detail")).contains("1024");
    assertThat(unknownKind.status()).as(unknownKind.toString()).isEqualTo(422);
    assertThat(unknownKind.json().getString("detail")).contains("photo, document, video");
    assertThat(mixed.status()).as(mixed.toString()).isEqualTo(422);
    assertThat(mixed.json().getString("detail")).contains("album");
    assertThat(telegram.files(bot.token())).isEmpty();
  }

  @Test
  void anUploadThatWouldPassTheStoresTotalIs507() {
    var refused = uploadReply("huge.bin", "application/octet-stream", bytes(25 * 1024 * 1024, 9));

    assertThat(refused.status()).as(refused.toString()).isEqualTo(507);
    assertThat(refused.json().getString("detail")).contains("tgdesk.files.max-total-mb");
  }

  @Test
  @DependsOnDatabase
  void aFileWaitsInTheDatabaseThroughAnOutageAndIsUploadedOnceAfterIt() {
    long ticket = privateTicket(8106);
    // Over a megabyte: stored in two chunks, uploaded from both.
    long file = upload("manual.pdf", "application/pdf", bytes(1_500_000, 10));
    // The outage lasts until the engine has been refused at least once, however long that takes.
    telegram.outage(bot.token(), Duration.ofMinutes(2));

    long reply = id(jsonReply(ticket, null, file, "document"));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                telegram.calls(bot.token(), "sendDocument").stream()
                    .anyMatch(c -> c.status() == 502));
    telegram.outage(bot.token(), Duration.ZERO);
    RepliesIT.awaitDelivery(ticket, reply, "sent");

    assertThat(telegram.calls(bot.token(), "sendDocument"))
        .extracting(FakeTelegram.Call::status)
        .contains(502)
        .endsWith(200);
    SentFile received = single(telegram.files(bot.token()));
    assertThat(received.uploaded()).isTrue();
    assertThat(received.size()).isEqualTo(1_500_000);
  }

  @Test
  @DependsOnDatabase
  void aSentFilesBytesAreCleanedUpAndItsFileIdStillSendsIt() {
    long ticket = privateTicket(8107);
    long file = upload("map.png", "image/png", bytes(800, 11));
    RepliesIT.awaitDelivery(ticket, id(jsonReply(ticket, "Our address", file, null)), "sent");

    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> !TgDeskApi.asAgent().get("/api/files/" + file).json().getBoolean("bytesKept"));
    JsonObject view = TgDeskApi.asAgent().get("/api/files/" + file).json();
    assertThat(view.getString("fileName")).isEqualTo("map.png");
    assertThat(view.getJsonNumber("size").longValue()).isEqualTo(800);
    long again = id(jsonReply(ticket, "Again", file, null));
    RepliesIT.awaitDelivery(ticket, again, "sent");

    List<SentFile> received = telegram.files(bot.token());
    assertThat(received).hasSize(2);
    assertThat(received.get(1).uploaded()).isFalse();
    assertThat(received.get(1).fileId()).isEqualTo(received.get(0).fileId());
  }

  @Test
  @DependsOnDatabase
  void erasingTheCustomerDeletesTheFilesSentToThem() {
    long ticket = privateTicket(8108);
    long file = upload("contract-ann.pdf", "application/pdf", bytes(700, 12));
    RepliesIT.awaitDelivery(ticket, id(jsonReply(ticket, "Signed copy", file, null)), "sent");
    long customer = Tickets.get(ticket).getJsonObject("customer").getJsonNumber("id").longValue();

    var erased = TgDeskApi.asAdmin().post("/api/admin/customers/" + customer + "/erase", null);

    assertThat(erased.status()).as(erased.toString()).isEqualTo(200);
    assertThat(erased.json().getString("state")).isEqualTo("done");
    var gone = TgDeskApi.asAgent().get("/api/files/" + file);
    assertThat(gone.status()).as(gone.toString()).isEqualTo(404);
  }

  // ---- helpers ----

  record Part(String name, String fileName, String contentType, byte[] content) {}

  private long privateTicket(long userId) {
    Bots.deliver(bot, privateText(1, userId, "Ann", 1000, "I need the documents"));
    return PrivateChatIT.id(Tickets.awaitTickets(bot.id(), t -> t.size() == 1).get(0));
  }

  private static byte[] bytes(int size, int seed) {
    byte[] b = new byte[size];
    Arrays.fill(b, (byte) seed);
    return b;
  }

  private static SentFile single(List<SentFile> files) {
    assertThat(files).hasSize(1);
    return files.get(0);
  }

  private static long id(TgDeskApi.Reply reply) {
    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    return reply.json().getJsonNumber("id").longValue();
  }

  private static long upload(String name, String type, byte[] content) {
    return id(uploadReply(name, type, content));
  }

  private static TgDeskApi.Reply uploadReply(String name, String type, byte[] content) {
    return multipart("/api/files", List.of(new Part("file", name, type, content)));
  }

  private static TgDeskApi.Reply jsonReply(long ticket, String text, long file, String kind) {
    var attachment = Json.createObjectBuilder().add("fileId", file);
    if (kind != null) {
      attachment.add("kind", kind);
    }
    var body =
        Json.createObjectBuilder().add("attachments", Json.createArrayBuilder().add(attachment));
    if (text != null) {
      body.add("text", text);
    }
    return TgDeskApi.asAgent().post("/api/tickets/" + ticket + "/replies", body.build());
  }

  private static TgDeskApi.Reply multipartReply(long ticket, List<Part> parts) {
    return multipart("/api/tickets/" + ticket + "/replies", parts);
  }

  private static TgDeskApi.Reply multipart(String path, List<Part> parts) {
    String boundary = "tgdesk-" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (Part p : parts) {
      StringBuilder head = new StringBuilder("--" + boundary + "\r\n");
      head.append("Content-Disposition: form-data; name=\"").append(p.name()).append('"');
      if (p.fileName() != null) {
        head.append("; filename=\"").append(p.fileName()).append('"');
      }
      head.append("\r\n");
      if (p.contentType() != null) {
        head.append("Content-Type: ").append(p.contentType()).append("\r\n");
      }
      head.append("\r\n");
      body.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
      body.writeBytes(p.content());
      body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return TgDeskApi.asAgent()
        .postBytes(
            path,
            body.toByteArray(),
            Map.of("Content-Type", "multipart/form-data; boundary=" + boundary));
  }
}
