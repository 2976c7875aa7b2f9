package io.tgdesk.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.tgdesk.telegram.botapi.BotApiJson;
import io.tgdesk.telegram.botapi.Message;
import io.tgdesk.telegram.botapi.Update;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FakeTelegramTest {

  private static final String CONFLICT_OTHER_POLL =
      "Conflict: terminated by other getUpdates request;"
          + " make sure that only one bot instance is running";

  private static final String NOT_MODIFIED =
      "Bad Request: message is not modified: specified new message content and reply markup are"
          + " exactly the same as a current content and reply markup of the message";
  private static final long FORUM = -100777L;
  private static final long GROUP = -100123L;

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private FakeTelegram telegram;
  private String token;

  @BeforeEach
  void startFake() {
    telegram = FakeTelegram.start();
    token = telegram.newBot("desk_bot");
  }

  @AfterEach
  void stopFake() {
    telegram.close();
  }

  @Test
  void getMeAnswersTheBotOfAValidToken() {
    Answer answer = postJson(token, "getMe", JsonValue.EMPTY_JSON_OBJECT);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body().getBoolean("ok")).isTrue();
    JsonObject me = answer.result().asJsonObject();
    assertThat(me.getJsonNumber("id").longValue())
        .isEqualTo(Long.parseLong(token.substring(0, token.indexOf(':'))));
    assertThat(me.getBoolean("is_bot")).isTrue();
    assertThat(me.getString("username")).isEqualTo("desk_bot");
    assertThat(me.getString("first_name")).isNotEmpty();
    assertThat(me.getBoolean("can_join_groups")).isTrue();
  }

  @Test
  void newBotTokensHaveTelegramsShapeAndAreUnique() {
    String other = telegram.newBot("other_bot");

    assertThat(List.of(token, other)).allMatch(t -> t.matches("[0-9]+:[A-Za-z0-9_-]{35}"));
    assertThat(other).isNotEqualTo(token);
    assertThat(other.substring(0, other.indexOf(':')))
        .isNotEqualTo(token.substring(0, token.indexOf(':')));
  }

  @Test
  void unknownTokenAnswers401WithTelegramsEnvelope() {
    Answer answer = postJson("123456:" + "A".repeat(35), "getMe", JsonValue.EMPTY_JSON_OBJECT);

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.body()).isEqualTo(error(401, "Unauthorized"));
  }

  @Test
  void revokedTokenAnswers401WithTelegramsEnvelope() {
    telegram.revoke(token);

    Answer answer = postJson(token, "getMe", JsonValue.EMPTY_JSON_OBJECT);

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.body()).isEqualTo(error(401, "Unauthorized"));
  }

  @Test
  void unknownMethodAnswers404NotFound() {
    Answer answer = postJson(token, "sendTelepathy", JsonValue.EMPTY_JSON_OBJECT);

    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.body()).isEqualTo(error(404, "Not Found"));
  }

  @Test
  void getChatAnswersAnAddedChatAndChatNotFoundOtherwise() {
    telegram.addChat(token, -1001234567890L, "supergroup", "Support", true);

    Answer known = postJson(token, "getChat", params("chat_id", -1001234567890L));
    Answer unknown = postJson(token, "getChat", params("chat_id", -100999L));

    assertThat(known.result())
        .isEqualTo(
            Json.createObjectBuilder()
                .add("id", -1001234567890L)
                .add("title", "Support")
                .add("type", "supergroup")
                .add("is_forum", true)
                .build());
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.body()).isEqualTo(error(400, "Bad Request: chat not found"));
  }

  @Test
  void webhookRoundTripsThroughSetInfoAndDelete() {
    JsonObject setParams =
        Json.createObjectBuilder()
            .add("url", "https://desk.example.com/telegram/webhook/1")
            .add("secret_token", "s3cret_-Token")
            .add("max_connections", 10)
            .add("allowed_updates", Json.createArrayBuilder().add("message").add("edited_message"))
            .build();

    Answer set = postJson(token, "setWebhook", setParams);
    JsonObject info = postJson(token, "getWebhookInfo", JsonValue.EMPTY_JSON_OBJECT).resultObject();

    assertThat(set.body())
        .isEqualTo(
            Json.createObjectBuilder()
                .add("ok", true)
                .add("result", true)
                .add("description", "Webhook was set")
                .build());
    assertThat(info.getString("url")).isEqualTo("https://desk.example.com/telegram/webhook/1");
    assertThat(info.getBoolean("has_custom_certificate")).isFalse();
    assertThat(info.getInt("pending_update_count")).isZero();
    assertThat(info.getInt("max_connections")).isEqualTo(10);
    assertThat(info.getJsonArray("allowed_updates"))
        .isEqualTo(Json.createArrayBuilder().add("message").add("edited_message").build());
    assertThat(telegram.webhook(token))
        .isEqualTo(
            new FakeTelegram.WebhookState(
                "https://desk.example.com/telegram/webhook/1",
                "s3cret_-Token",
                10,
                List.of("message", "edited_message")));

    Answer deleted = postJson(token, "deleteWebhook", JsonValue.EMPTY_JSON_OBJECT);
    JsonObject after =
        postJson(token, "getWebhookInfo", JsonValue.EMPTY_JSON_OBJECT).resultObject();

    assertThat(deleted.result()).isEqualTo(JsonValue.TRUE);
    assertThat(deleted.body().getString("description")).isEqualTo("Webhook was deleted");
    assertThat(after.getString("url")).isEmpty();
    assertThat(telegram.webhook(token).isSet()).isFalse();
    assertThat(telegram.webhook(token).url()).isNull();
  }

  @Test
  void setWebhookWithoutMaxConnectionsUsesForty() {
    postJson(token, "setWebhook", params("url", "https://desk.example.com/hook"));

    assertThat(telegram.webhook(token).maxConnections()).isEqualTo(40);
    assertThat(telegram.webhook(token).secretToken()).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"has space", "plus+sign", "dot.", "sécret", "slash/"})
  void setWebhookRejectsSecretTokensWithUnallowedCharacters(String secret) {
    JsonObject setParams =
        Json.createObjectBuilder()
            .add("url", "https://desk.example.com/hook")
            .add("secret_token", secret)
            .build();

    Answer answer = postJson(token, "setWebhook", setParams);

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.body())
        .isEqualTo(error(400, "Bad Request: secret token contains unallowed characters"));
    assertThat(telegram.webhook(token).isSet()).isFalse();
  }

  @Test
  void setWebhookRejectsASecretTokenLongerThan256Characters() {
    JsonObject longSecret =
        Json.createObjectBuilder()
            .add("url", "https://desk.example.com/hook")
            .add("secret_token", "a".repeat(257))
            .build();
    JsonObject longestSecret =
        Json.createObjectBuilder()
            .add("url", "https://desk.example.com/hook")
            .add("secret_token", "a".repeat(256))
            .build();

    assertThat(postJson(token, "setWebhook", longSecret).status()).isEqualTo(400);
    assertThat(postJson(token, "setWebhook", longestSecret).status()).isEqualTo(200);
  }

  @Test
  void getWebhookInfoReportsQueuedUpdatesAndTheErrorATestSet() {
    postJson(token, "setWebhook", params("url", "https://desk.example.com/hook"));
    telegram.enqueueUpdate(token, TelegramUpdates.privateText(1, 42, "Ann", 10, "Hello"));
    telegram.setWebhookError(
        token, 1_700_000_000L, "Wrong response from the webhook: 502 Bad Gateway");

    JsonObject info = postJson(token, "getWebhookInfo", JsonValue.EMPTY_JSON_OBJECT).resultObject();

    assertThat(info.getInt("pending_update_count")).isEqualTo(1);
    assertThat(info.getJsonNumber("last_error_date").longValue()).isEqualTo(1_700_000_000L);
    assertThat(info.getString("last_error_message"))
        .isEqualTo("Wrong response from the webhook: 502 Bad Gateway");
  }

  @Test
  void getUpdatesConfirmsEverythingBelowTheOffset() {
    for (long id = 100; id <= 103; id++) {
      telegram.enqueueUpdate(token, TelegramUpdates.privateText(id, 42, "Ann", id, "m" + id));
    }

    List<Long> first = updateIds(postJson(token, "getUpdates", params("limit", 2)));
    List<Long> again = updateIds(postJson(token, "getUpdates", JsonValue.EMPTY_JSON_OBJECT));
    List<Long> afterConfirm = updateIds(postJson(token, "getUpdates", params("offset", 102)));
    List<Long> withoutOffset =
        updateIds(postJson(token, "getUpdates", JsonValue.EMPTY_JSON_OBJECT));

    assertThat(first).containsExactly(100L, 101L);
    assertThat(again).containsExactly(100L, 101L, 102L, 103L);
    assertThat(afterConfirm).containsExactly(102L, 103L);
    assertThat(withoutOffset).containsExactly(102L, 103L);
  }

  @Test
  void longPollWakesUpWhenAnUpdateIsEnqueuedWhileOtherRequestsAreServed() throws Exception {
    telegram.setMaxLongPollMillis(10_000);
    CompletableFuture<Answer> poll = postJsonAsync(token, "getUpdates", params("timeout", 30));
    awaitStillWaiting(poll);

    Answer meanwhile = postJson(token, "getMe", JsonValue.EMPTY_JSON_OBJECT);
    telegram.enqueueUpdate(token, TelegramUpdates.privateText(7, 42, "Ann", 70, "Hello"));

    // Well under the 10 s cap: the poll was woken, not timed out.
    Answer answer = poll.get(2, SECONDS);
    assertThat(meanwhile.status()).isEqualTo(200);
    assertThat(updateIds(answer)).containsExactly(7L);
  }

  @Test
  void anUpdateBelowTheOffsetEnqueuedDuringAPollIsNeverDelivered() throws Exception {
    telegram.setMaxLongPollMillis(10_000);
    CompletableFuture<Answer> poll = postJsonAsync(token, "getUpdates", pollFrom(10));
    awaitStillWaiting(poll);

    telegram.enqueueUpdate(token, TelegramUpdates.privateText(9, 42, "Ann", 90, "confirmed"));
    telegram.enqueueUpdate(token, TelegramUpdates.privateText(10, 42, "Ann", 91, "new"));

    assertThat(updateIds(poll.get(2, SECONDS))).containsExactly(10L);
  }

  @Test
  void longPollAnswersAnEmptyListAfterTheCappedWait() {
    telegram.setMaxLongPollMillis(200);

    long started = System.nanoTime();
    Answer answer = postJson(token, "getUpdates", params("timeout", 50));

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.result()).isEqualTo(JsonValue.EMPTY_JSON_ARRAY);
  }

  @Test
  void getUpdatesAnswers409WhileAWebhookIsSet() {
    postJson(token, "setWebhook", params("url", "https://desk.example.com/hook"));

    Answer answer = postJson(token, "getUpdates", JsonValue.EMPTY_JSON_OBJECT);

    assertThat(answer.status()).isEqualTo(409);
    assertThat(answer.body())
        .isEqualTo(
            error(
                409,
                "Conflict: can't use getUpdates method while webhook is active;"
                    + " use deleteWebhook to delete the webhook first"));
  }

  @Test
  void forceConflictMakesGetUpdatesAnswer409UntilTurnedOff() {
    telegram.forceConflict(token, true);
    Answer during = postJson(token, "getUpdates", JsonValue.EMPTY_JSON_OBJECT);
    telegram.forceConflict(token, false);
    Answer after = postJson(token, "getUpdates", JsonValue.EMPTY_JSON_OBJECT);

    assertThat(during.status()).isEqualTo(409);
    assertThat(during.body()).isEqualTo(error(409, CONFLICT_OTHER_POLL));
    assertThat(after.status()).isEqualTo(200);
  }

  @Test
  void aSecondPollEvictsTheWaitingOneWith409() throws Exception {
    telegram.setMaxLongPollMillis(10_000);
    CompletableFuture<Answer> first = postJsonAsync(token, "getUpdates", params("timeout", 30));
    awaitStillWaiting(first);

    Answer second = postJson(token, "getUpdates", params("timeout", 0));

    assertThat(second.status()).isEqualTo(200);
    assertThat(first.get(2, SECONDS).body()).isEqualTo(error(409, CONFLICT_OTHER_POLL));
  }

  @Test
  void setWebhookEndsAWaitingPollWith409() throws Exception {
    telegram.setMaxLongPollMillis(10_000);
    CompletableFuture<Answer> poll = postJsonAsync(token, "getUpdates", params("timeout", 30));
    awaitStillWaiting(poll);

    postJson(token, "setWebhook", params("url", "https://desk.example.com/hook"));

    assertThat(poll.get(2, SECONDS).body())
        .isEqualTo(error(409, "Conflict: terminated by setWebhook request"));
  }

  @Test
  void getUpdatesDeliversOnlyTheAllowedUpdateTypes() {
    telegram.enqueueUpdate(token, TelegramUpdates.privateText(1, 42, "Ann", 10, "Hello"));
    telegram.enqueueUpdate(
        token, TelegramUpdates.editedPrivateText(2, 42, "Ann", 10, "Hello!", 1_700_000_000L));
    JsonObject onlyMessages =
        Json.createObjectBuilder()
            .add("allowed_updates", Json.createArrayBuilder().add("message"))
            .build();

    assertThat(updateIds(postJson(token, "getUpdates", onlyMessages))).containsExactly(1L);
  }

  @Test
  void aPhotoUploadedAsMultipartIsRecordedWithItsNameSizeAndCaptionAndAnOversizedOneIs400() {
    Answer sent =
        postMultipart(
            "sendPhoto",
            Map.of("chat_id", "42", "caption", "receipt"),
            "photo",
            "r.jpg",
            new byte[1234]);
    Answer tooBig =
        postMultipart(
            "sendPhoto",
            Map.of("chat_id", "42"),
            "photo",
            "big.jpg",
            new byte[10 * 1024 * 1024 + 1]);

    assertThat(sent.status()).as(sent.body().toString()).isEqualTo(200);
    FakeTelegram.SentFile file = telegram.files(token).get(0);
    assertThat(file.uploaded()).isTrue();
    assertThat(file.fileName()).isEqualTo("r.jpg");
    assertThat(file.size()).isEqualTo(1234);
    assertThat(file.caption()).isEqualTo("receipt");
    assertThat(sent.resultObject().getJsonArray("photo").getJsonObject(0).getString("file_id"))
        .isEqualTo(file.fileId());
    assertThat(tooBig.status()).isEqualTo(400);
    assertThat(telegram.files(token)).hasSize(1);
  }

  @Test
  void formEncodedParametersAreRead() {
    String allowed = Json.createArrayBuilder().add("message").build().toString();
    Map<String, String> form = new LinkedHashMap<>();
    form.put("url", "https://desk.example.com/hook?bot=1&x=é");
    form.put("secret_token", "abc_DEF-123");
    form.put("max_connections", "5");
    form.put("allowed_updates", allowed);

    Answer answer = postForm(token, "setWebhook", form);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(telegram.webhook(token))
        .isEqualTo(
            new FakeTelegram.WebhookState(
                "https://desk.example.com/hook?bot=1&x=é", "abc_DEF-123", 5, List.of("message")));
  }

  @Test
  void queryStringParametersAreRead() {
    telegram.addChat(token, 42, "private", "Ann", false);

    Answer answer = get(token, "getChat", Map.of("chat_id", "42"));

    assertThat(answer.result())
        .isEqualTo(
            Json.createObjectBuilder()
                .add("id", 42)
                .add("first_name", "Ann")
                .add("type", "private")
                .build());
  }

  @Test
  void requestLogRecordsTokenMethodParametersAndStatus() {
    postJson(token, "getMe", JsonValue.EMPTY_JSON_OBJECT);
    postJson(token, "getChat", params("chat_id", 5));
    telegram.revoke(token);
    postJson(token, "getMe", JsonValue.EMPTY_JSON_OBJECT);

    assertThat(telegram.count(token, "getMe")).isEqualTo(2);
    assertThat(telegram.calls(token, "getMe"))
        .extracting(FakeTelegram.Call::status)
        .containsExactly(200, 401);
    FakeTelegram.Call getChat = telegram.calls(token, "getChat").get(0);
    assertThat(getChat.params()).isEqualTo(params("chat_id", 5));
    assertThat(getChat.status()).isEqualTo(400);
    assertThat(getChat.at()).isNotNull();
    assertThat(telegram.calls())
        .extracting(FakeTelegram.Call::method)
        .containsExactly("getMe", "getChat", "getMe");
  }

  @Test
  void methodNamesAreCaseInsensitiveAndLoggedByTheirCanonicalName() {
    Answer answer = postJson(token, "GETME", JsonValue.EMPTY_JSON_OBJECT);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(telegram.count(token, "getMe")).isEqualTo(1);
  }

  @Test
  void resetForgetsBotsAndTheRequestLog() {
    postJson(token, "getMe", JsonValue.EMPTY_JSON_OBJECT);

    telegram.reset();

    assertThat(telegram.calls()).isEmpty();
    assertThat(postJson(token, "getMe", JsonValue.EMPTY_JSON_OBJECT).status()).isEqualTo(401);
  }

  // ---- delivery: send methods ----

  @Nested
  class Sending {

    @BeforeEach
    void noLimits() {
      telegram.setLimits(FakeTelegram.Limits.unlimited());
    }

    @Test
    void sendMessageAnswersAMessageAndNumbersMessagesPerChat() {
      Answer first = sendText(42, "Hello");
      Answer second = sendText(42, "Again");
      Answer otherChat = sendText(43, "Hi");

      assertThat(first.status()).isEqualTo(200);
      JsonObject message = first.resultObject();
      assertThat(message.getJsonNumber("message_id").longValue()).isEqualTo(1);
      assertThat(message.getJsonObject("chat"))
          .isEqualTo(Json.createObjectBuilder().add("id", 42).add("type", "private").build());
      assertThat(message.getString("text")).isEqualTo("Hello");
      assertThat(message.getJsonNumber("date").longValue())
          .isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(5L));
      assertThat(message.containsKey("message_thread_id")).isFalse();
      assertThat(messageId(second)).isEqualTo(2);
      assertThat(messageId(otherChat)).isEqualTo(1);
      Message bound = BotApiJson.jsonb().fromJson(message.toString(), Message.class);
      assertThat(bound.messageId()).isEqualTo(1L);
      assertThat(bound.from().username()).isEqualTo("desk_bot");
      assertThat(telegram.delivered(token))
          .extracting(d -> d.method() + " " + d.chatId() + "#" + d.messageId() + " " + d.text())
          .containsExactly(
              "sendMessage 42#1 Hello", "sendMessage 42#2 Again", "sendMessage 43#1 Hi");
      assertThat(telegram.delivered(token))
          .allMatch(d -> token.equals(d.token()) && d.threadId() == null && !d.paid());
    }

    @Test
    void aGroupTheBotWasNotAddedToIsChatNotFound() {
      Answer answer = sendText(-100999L, "Hello");

      assertThat(answer.status()).isEqualTo(400);
      assertThat(answer.body()).isEqualTo(error(400, "Bad Request: chat not found"));
      assertThat(telegram.delivered(token)).isEmpty();
    }

    @Test
    void anIdenticalEditIsNotModifiedAndAnUnknownMessageIsNotFound() {
      sendText(42, "Hello");

      Answer same = post("editMessageText", edit(42, 1, "Hello"));
      Answer unknown = post("editMessageText", edit(42, 99, "Hello!"));
      Answer edited = post("editMessageText", edit(42, 1, "Hello!"));

      assertThat(same.status()).isEqualTo(400);
      assertThat(same.body()).isEqualTo(error(400, NOT_MODIFIED));
      assertThat(unknown.body()).isEqualTo(error(400, "Bad Request: message to edit not found"));
      assertThat(edited.resultObject().getString("text")).isEqualTo("Hello!");
      assertThat(edited.resultObject().getJsonNumber("message_id").longValue()).isEqualTo(1);
      assertThat(edited.resultObject().containsKey("edit_date")).isTrue();
      assertThat(telegram.delivered(token))
          .extracting(FakeTelegram.Delivered::method, FakeTelegram.Delivered::text)
          .containsExactly(tuple("sendMessage", "Hello"), tuple("editMessageText", "Hello!"));
    }

    @Test
    void mediaCopiesDeletesAndChatActionsAnswerLikeTelegram() {
      Answer photo =
          post("sendPhoto", obj().add("chat_id", 42).add("photo", "F1").add("caption", "Look"));
      Answer document = post("sendDocument", obj().add("chat_id", 42).add("document", "D1"));
      Answer copy =
          post(
              "copyMessage", obj().add("chat_id", 43).add("from_chat_id", 42).add("message_id", 1));
      Answer deleted = post("deleteMessage", obj().add("chat_id", 42).add("message_id", 2));
      Answer deletedAgain = post("deleteMessage", obj().add("chat_id", 42).add("message_id", 2));
      Answer typing = post("sendChatAction", obj().add("chat_id", 42).add("action", "typing"));
      Answer dancing = post("sendChatAction", obj().add("chat_id", 42).add("action", "dancing"));

      JsonObject sentPhoto = photo.resultObject();
      assertThat(sentPhoto.getJsonArray("photo").getJsonObject(0).getString("file_id"))
          .isEqualTo("F1");
      assertThat(sentPhoto.getString("caption")).isEqualTo("Look");
      assertThat(document.resultObject().getJsonObject("document").getString("file_id"))
          .isEqualTo("D1");
      assertThat(copy.result()).isEqualTo(Json.createObjectBuilder().add("message_id", 1).build());
      assertThat(deleted.result()).isEqualTo(JsonValue.TRUE);
      assertThat(deletedAgain.body())
          .isEqualTo(error(400, "Bad Request: message to delete not found"));
      assertThat(typing.result()).isEqualTo(JsonValue.TRUE);
      assertThat(dancing.body())
          .isEqualTo(error(400, "Bad Request: wrong parameter action in request"));
      assertThat(telegram.delivered(token))
          .extracting(d -> d.method() + " " + d.chatId() + "#" + d.messageId() + " " + d.text())
          .containsExactly(
              "sendPhoto 42#1 Look",
              "sendDocument 42#2 null",
              "copyMessage 43#1 Look",
              "deleteMessage 42#2 null",
              "sendChatAction 42#0 typing");
    }

    @Test
    void inlineButtonsArePressedAndEachPressIsAnsweredOnceWithinItsLifetime() {
      JsonObjectBuilder yes = obj().add("text", "Yes").add("callback_data", "yes");
      Answer sent =
          post(
              "sendMessage",
              obj()
                  .add("chat_id", 42)
                  .add("text", "Insure it?")
                  .add(
                      "reply_markup",
                      obj()
                          .add(
                              "inline_keyboard",
                              Json.createArrayBuilder().add(Json.createArrayBuilder().add(yes)))));
      Answer tooLong =
          post(
              "sendMessage",
              obj()
                  .add("chat_id", 42)
                  .add("text", "Long")
                  .add(
                      "reply_markup",
                      obj()
                          .add(
                              "inline_keyboard",
                              Json.createArrayBuilder()
                                  .add(
                                      Json.createArrayBuilder()
                                          .add(
                                              obj()
                                                  .add("text", "A")
                                                  .add("callback_data", "ж".repeat(33)))))));

      JsonObject press = telegram.pressButton(token, 7, 42, 1, "yes", 42, "Ann", "en");
      String id = press.getJsonObject("callback_query").getString("id");
      Answer answered =
          post("answerCallbackQuery", obj().add("callback_query_id", id).add("text", "Thanks"));
      Answer again = post("answerCallbackQuery", obj().add("callback_query_id", id));
      Answer unknown = post("answerCallbackQuery", obj().add("callback_query_id", "nope"));

      assertThat(sent.resultObject().getJsonObject("reply_markup")).isNotNull();
      assertThat(tooLong.body()).isEqualTo(error(400, "Bad Request: BUTTON_DATA_INVALID"));
      assertThat(press.getJsonNumber("update_id").longValue()).isEqualTo(7);
      assertThat(press.getJsonObject("callback_query").getString("data")).isEqualTo("yes");
      assertThat(
              press
                  .getJsonObject("callback_query")
                  .getJsonObject("message")
                  .getJsonNumber("message_id")
                  .longValue())
          .isEqualTo(1);
      assertThatThrownBy(() -> telegram.pressButton(token, 8, 42, 1, "no", 42, "Ann", null))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(answered.result()).isEqualTo(JsonValue.TRUE);
      String tooOld =
          "Bad Request: query is too old and response timeout expired or query ID is invalid";
      assertThat(again.body()).isEqualTo(error(400, tooOld));
      assertThat(unknown.body()).isEqualTo(error(400, tooOld));
      assertThat(telegram.delivered(token))
          .extracting(d -> d.method() + " " + d.chatId() + " " + d.text())
          .containsExactly("sendMessage 42 Insure it?", "answerCallbackQuery 42 Thanks");
    }

    @Test
    void createForumTopicNumbersThreadsPerChatAndMessagesCarryTheirThread() {
      telegram.addChat(token, FORUM, "supergroup", "Desk", true);
      telegram.addChat(token, -100888L, "supergroup", "Other desk", true);

      Answer first = post("createForumTopic", topic(FORUM, "Order 5").add("icon_color", 0xFFD67E));
      Answer second = post("createForumTopic", topic(FORUM, "Order 6"));
      Answer otherChat = post("createForumTopic", topic(-100888L, "Order 7"));
      Answer inTopic = sendInThread(FORUM, 2, "About your order");
      Answer general = sendText(FORUM, "To everyone");

      assertThat(first.result())
          .isEqualTo(
              Json.createObjectBuilder()
                  .add("message_thread_id", 2)
                  .add("name", "Order 5")
                  .add("icon_color", 0xFFD67E)
                  .build());
      assertThat(second.resultObject().getInt("message_thread_id")).isEqualTo(3);
      assertThat(second.resultObject().getInt("icon_color")).isEqualTo(0x6FB9F0);
      assertThat(otherChat.resultObject().getInt("message_thread_id")).isEqualTo(2);
      assertThat(inTopic.resultObject().getInt("message_thread_id")).isEqualTo(2);
      assertThat(inTopic.resultObject().getBoolean("is_topic_message")).isTrue();
      assertThat(messageId(inTopic)).isEqualTo(4);
      assertThat(general.resultObject().containsKey("message_thread_id")).isFalse();
      assertThat(telegram.delivered(token))
          .extracting(FakeTelegram.Delivered::method, FakeTelegram.Delivered::threadId)
          .containsExactly(
              tuple("createForumTopic", 2L),
              tuple("createForumTopic", 3L),
              tuple("createForumTopic", 2L),
              tuple("sendMessage", 2L),
              tuple("sendMessage", null));
    }

    @Test
    void aClosedTopicAnswersTopicClosedUntilReopened() {
      telegram.addChat(token, FORUM, "supergroup", "Desk", true);
      long thread = threadId(post("createForumTopic", topic(FORUM, "Order 5")));

      telegram.closeTopic(token, FORUM, thread);
      Answer whileClosed = sendInThread(FORUM, thread, "Hello?");
      Answer reopened = post("reopenForumTopic", inThread(FORUM, thread));
      Answer afterReopen = sendInThread(FORUM, thread, "Hello!");
      Answer closed = post("closeForumTopic", inThread(FORUM, thread));
      Answer closedAgain = post("closeForumTopic", inThread(FORUM, thread));

      assertThat(whileClosed.status()).isEqualTo(400);
      assertThat(whileClosed.body()).isEqualTo(error(400, "Bad Request: TOPIC_CLOSED"));
      assertThat(reopened.result()).isEqualTo(JsonValue.TRUE);
      assertThat(afterReopen.status()).isEqualTo(200);
      assertThat(closed.result()).isEqualTo(JsonValue.TRUE);
      assertThat(closedAgain.body()).isEqualTo(error(400, "Bad Request: TOPIC_NOT_MODIFIED"));
      assertThat(sendInThread(FORUM, thread, "Still there?").body())
          .isEqualTo(error(400, "Bad Request: TOPIC_CLOSED"));
    }

    @Test
    void aDeletedTopicAndTheGeneralTopicsIdAreMessageThreadNotFound() {
      telegram.addChat(token, FORUM, "supergroup", "Desk", true);
      long thread = threadId(post("createForumTopic", topic(FORUM, "Order 5")));

      telegram.deleteTopic(token, FORUM, thread);
      Answer deleted = sendInThread(FORUM, thread, "Hello?");
      Answer general = sendInThread(FORUM, 1, "Hello everyone");
      Answer reopen = post("reopenForumTopic", inThread(FORUM, thread));

      assertThat(deleted.body()).isEqualTo(error(400, "Bad Request: message thread not found"));
      assertThat(general.body()).isEqualTo(error(400, "Bad Request: message thread not found"));
      assertThat(reopen.body()).isEqualTo(error(400, "Bad Request: TOPIC_ID_INVALID"));
      assertThat(sendText(FORUM, "Hello everyone").status()).isEqualTo(200);
    }

    @Test
    void deletingATopicDeletesItsMessages() {
      telegram.addChat(token, FORUM, "supergroup", "Desk", true);
      long thread = threadId(post("createForumTopic", topic(FORUM, "Order 6")));
      long inTopic =
          sendInThread(FORUM, thread, "Hello").result().asJsonObject().getInt("message_id");
      long outside = sendText(FORUM, "Hello everyone").result().asJsonObject().getInt("message_id");

      telegram.deleteTopic(token, FORUM, thread);

      assertThat(post("editMessageText", edit(FORUM, inTopic, "Hello?")).body())
          .isEqualTo(error(400, "Bad Request: message to edit not found"));
      assertThat(post("editMessageText", edit(FORUM, outside, "Hello all")).status())
          .isEqualTo(200);
    }

    @Test
    void createForumTopicNeedsAForum() {
      telegram.addChat(token, -100555L, "supergroup", "Plain", false);

      Answer answer = post("createForumTopic", topic(-100555L, "Order 5"));

      assertThat(answer.body()).isEqualTo(error(400, "Bad Request: the chat is not a forum"));
    }
  }

  // ---- delivery: limits ----

  @Nested
  class RateLimits {

    @Test
    void aSecondMessageToAPrivateChatWithinASecondAnswers429AndSendingDuringTheWaitEscalates() {
      Answer first = sendText(42, "one");
      Answer second = sendText(42, "two");
      Answer duringTheWait = sendText(42, "three");
      Answer otherChat = sendText(43, "elsewhere");

      assertThat(first.status()).isEqualTo(200);
      assertThat(second.status()).isEqualTo(429);
      assertThat(second.body()).isEqualTo(tooManyRequests(3));
      assertThat(second.retryAfterHeader()).contains("3");
      assertThat(duringTheWait.body()).isEqualTo(tooManyRequests(6));
      assertThat(duringTheWait.retryAfterHeader()).contains("6");
      assertThat(otherChat.status()).isEqualTo(200);
      assertThat(telegram.tooManyRequests(token)).isEqualTo(2);
      assertThat(telegram.penaltyEscalations(token)).isEqualTo(1);
      assertThat(telegram.delivered(token))
          .extracting(FakeTelegram.Delivered::text)
          .containsExactly("one", "elsewhere");
    }

    @Test
    void anAlbumOfThreeIsOneCallButThreeMessagesInAPrivateChat() {
      var media = Json.createArrayBuilder();
      for (String id : List.of("p1", "p2", "p3")) {
        media.add(obj().add("type", "photo").add("media", id));
      }

      Answer album = post("sendMediaGroup", obj().add("chat_id", 42).add("media", media));
      Answer next = sendText(42, "right after");

      assertThat(album.status()).isEqualTo(200);
      assertThat(album.result().asJsonArray()).hasSize(3);
      assertThat(next.status()).as("the chat holds the album's three messages").isEqualTo(429);
      assertThat(telegram.files(token))
          .extracting(FakeTelegram.SentFile::fileId)
          .containsExactly("p1", "p2", "p3");
      assertThat(telegram.files(token)).allSatisfy(f -> assertThat(f.albumSize()).isEqualTo(3));
    }

    @Test
    void aClientSpacingMessagesAtTheLimitIsNotPunishedForJitter() throws Exception {
      sendText(42, "one");
      // 1 s minus 40 ms of jitter: inside the 50 ms tolerance.
      Thread.sleep(960);

      assertThat(sendText(42, "two").status()).isEqualTo(200);
      assertThat(telegram.tooManyRequests(token)).isZero();
    }

    @Test
    void thirtyOneQuickSendsToThirtyOneChatsGetExactlyOneBotLevel429() {
      postJson(token, "getMe", JsonValue.EMPTY_JSON_OBJECT); // warm up the connection

      List<Answer> answers = new ArrayList<>();
      for (int chat = 1; chat <= 31; chat++) {
        answers.add(sendText(1000 + chat, "news " + chat));
      }
      Answer yetAnotherChat = sendText(2000, "more news");
      Answer intake = postJson(token, "getMe", JsonValue.EMPTY_JSON_OBJECT);

      assertThat(answers.subList(0, 30)).extracting(Answer::status).containsOnly(200);
      assertThat(answers.get(30).body()).isEqualTo(tooManyRequests(5));
      // The whole bot waits: any chat is refused, and the wait doubles.
      assertThat(yetAnotherChat.body()).isEqualTo(tooManyRequests(10));
      assertThat(intake.status()).isEqualTo(200);
      assertThat(telegram.delivered(token)).hasSize(30);
    }

    @Test
    void paidBroadcastLiftsTheBotBudgetButNotThePerChatLimit() {
      List<Integer> statuses = new ArrayList<>();
      statuses.add(post("sendMessage", paid(1001, "sale 1")).status());
      // Right after the first: the chat's second within a second, however slow this machine is.
      Answer sameChatAgain = post("sendMessage", paid(1001, "sale again"));
      for (int chat = 2; chat <= 40; chat++) {
        statuses.add(post("sendMessage", paid(1000 + chat, "sale " + chat)).status());
      }
      Answer free = sendText(3000, "free");

      assertThat(statuses).containsOnly(200);
      assertThat(sameChatAgain.body()).isEqualTo(tooManyRequests(3));
      assertThat(free.status()).isEqualTo(200);
      assertThat(telegram.delivered(token)).hasSize(41);
      assertThat(telegram.delivered(token).subList(0, 40)).allMatch(FakeTelegram.Delivered::paid);
    }

    @Test
    void twoQuickMessagesToAGroupMakeTheGroupWait() {
      telegram.addChat(token, GROUP, "supergroup", "Support", false);

      Answer first = sendText(GROUP, "one");
      Answer second = sendText(GROUP, "two");

      assertThat(first.status()).isEqualTo(200);
      assertThat(second.body()).isEqualTo(tooManyRequests(10));
      assertThat(second.retryAfterHeader()).contains("10");
    }

    @Test
    void aGroupIsRefusedOnceItsMinuteIsFullEvenAfterTheWait() throws Exception {
      telegram.setLimits(shortGroupLimits(3, 20));
      telegram.addChat(token, GROUP, "supergroup", "Support", false);

      List<Integer> statuses = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        statuses.add(sendText(GROUP, "m" + i).status());
      }
      Answer fourth = sendText(GROUP, "m4");
      Thread.sleep(1100); // the 1 s group wait is over, the minute is not
      Answer fifth = sendText(GROUP, "m5");

      assertThat(statuses).containsOnly(200);
      assertThat(fourth.body()).isEqualTo(tooManyRequests(1));
      assertThat(fifth.body()).isEqualTo(tooManyRequests(1));
      assertThat(telegram.penaltyEscalations(token)).isZero();
      assertThat(telegram.delivered(token)).hasSize(3);
    }

    @Test
    void groupEditsCountTowardTheirOwnMinuteWindow() {
      telegram.setLimits(shortGroupLimits(2, 2));
      telegram.addChat(token, GROUP, "supergroup", "Support", false);

      Answer first = sendText(GROUP, "draft");
      Answer edit1 = post("editMessageText", edit(GROUP, 1, "draft 1"));
      Answer edit2 = post("editMessageText", edit(GROUP, 1, "draft 2"));
      Answer second = sendText(GROUP, "another");
      Answer edit3 = post("editMessageText", edit(GROUP, 1, "draft 3"));

      assertThat(List.of(first, edit1, edit2, second)).extracting(Answer::status).containsOnly(200);
      assertThat(edit3.body()).isEqualTo(tooManyRequests(1));
    }

    @Test
    void privateEditsChatActionsAndIntakeDoNotCountTowardTheChat() {
      sendText(42, "Hello");

      Answer edit = post("editMessageText", edit(42, 1, "Hello!"));
      Answer action = post("sendChatAction", obj().add("chat_id", 42).add("action", "typing"));
      Answer getChat = postJson(token, "getChat", params("chat_id", 42));

      assertThat(edit.status()).isEqualTo(200);
      assertThat(action.status()).isEqualTo(200);
      assertThat(getChat.status()).isEqualTo(400); // not added: limits are not the reason
      assertThat(telegram.tooManyRequests(token)).isZero();
    }

    /** Group limits small enough to test in a second: 100/s, 1 s group wait. */
    private FakeTelegram.Limits shortGroupLimits(int perMinute, int editsPerMinute) {
      return new FakeTelegram.Limits(
          30, 1000, 1, perMinute, 100, editsPerMinute, Duration.ofMillis(50), 3, 1, 5);
    }
  }

  // ---- delivery: faults ----

  @Nested
  class Faults {

    @Test
    void aBlockedChatAnswers403WithTheGivenDescriptionUntilUnblocked() {
      telegram.blockChat(token, 42, "Forbidden: bot was blocked by the user");

      Answer message = sendText(42, "Hello");
      Answer action = post("sendChatAction", obj().add("chat_id", 42).add("action", "typing"));
      Answer otherChat = sendText(43, "Hello");
      telegram.blockChat(token, 42, null);
      Answer unblocked = sendText(42, "Hello again");

      assertThat(message.status()).isEqualTo(403);
      assertThat(message.body()).isEqualTo(error(403, "Forbidden: bot was blocked by the user"));
      assertThat(action.status()).isEqualTo(403);
      assertThat(otherChat.status()).isEqualTo(200);
      assertThat(unblocked.status()).isEqualTo(200);
      assertThat(telegram.delivered(token))
          .extracting(FakeTelegram.Delivered::chatId)
          .containsExactly(43L, 42L);
    }

    @Test
    void aMigratedGroupAnswersWithMigrateToChatIdAndTheNewIdIsASupergroup() {
      telegram.addChat(token, -5L, "group", "Support", false);
      telegram.migrateGroup(token, -5L, -1005L);

      Answer old = sendText(-5L, "Hello");
      Answer moved = sendText(-1005L, "Hello");

      assertThat(old.status()).isEqualTo(400);
      assertThat(old.body())
          .isEqualTo(
              Json.createObjectBuilder()
                  .add("ok", false)
                  .add("error_code", 400)
                  .add("description", "Bad Request: group chat was upgraded to a supergroup chat")
                  .add("parameters", Json.createObjectBuilder().add("migrate_to_chat_id", -1005L))
                  .build());
      assertThat(old.retryAfterHeader()).isEmpty();
      assertThat(moved.resultObject().getJsonObject("chat").getString("type"))
          .isEqualTo("supergroup");
      JsonObject chat = postJson(token, "getChat", params("chat_id", -1005L)).resultObject();
      assertThat(chat.getString("type")).isEqualTo("supergroup");
      assertThat(chat.getString("title")).isEqualTo("Support");
    }

    @Test
    void failNextAnswersTheInjectedErrorsThenRecovers() {
      telegram.failNext(token, 1, 502, "Bad Gateway");
      telegram.failNext(token, 1, 500, "Internal Server Error: restart");

      Answer intake = postJson(token, "getMe", JsonValue.EMPTY_JSON_OBJECT);
      Answer first = sendText(42, "one");
      Answer second = sendText(43, "two");
      Answer third = sendText(44, "three");

      assertThat(intake.status()).isEqualTo(200);
      assertThat(first.status()).isEqualTo(502);
      assertThat(first.body()).isEqualTo(error(502, "Bad Gateway"));
      assertThat(second.body()).isEqualTo(error(500, "Internal Server Error: restart"));
      assertThat(third.status()).isEqualTo(200);
      assertThat(telegram.delivered(token))
          .extracting(FakeTelegram.Delivered::text)
          .containsExactly("three");
    }

    @Test
    void anOutageAnswers502ToEveryMethodUntilItIsOver() {
      telegram.outage(token, Duration.ofMillis(300));

      Answer getMe = postJson(token, "getMe", JsonValue.EMPTY_JSON_OBJECT);
      Answer send = sendText(42, "Hello");
      Answer poll = postJson(token, "getUpdates", JsonValue.EMPTY_JSON_OBJECT);

      assertThat(List.of(getMe, send, poll))
          .extracting(Answer::body)
          .containsOnly(error(502, "Bad Gateway"));
      await()
          .atMost(Duration.ofSeconds(2))
          .until(() -> postJson(token, "getMe", JsonValue.EMPTY_JSON_OBJECT).status() == 200);
      assertThat(sendText(42, "Hello").status()).isEqualTo(200);
      assertThat(telegram.delivered(token)).hasSize(1);
    }

    @Test
    void delayedAnswersComeLateButTheMessageIsDeliveredAtOnce() throws Exception {
      telegram.delayAnswers(token, Duration.ofMillis(500));

      long started = System.nanoTime();
      CompletableFuture<Answer> answer = postJsonAsync(token, "sendMessage", text(42, "Hello"));
      await().atMost(Duration.ofSeconds(2)).until(() -> telegram.delivered(token).size() == 1);
      boolean answeredYet = answer.isDone();
      int inFlight = telegram.requestsInFlight();

      assertThat(answeredYet).isFalse();
      assertThat(inFlight).isEqualTo(1);
      assertThat(answer.get(5, SECONDS).status()).isEqualTo(200);
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .isGreaterThanOrEqualTo(Duration.ofMillis(500));
      assertThat(postJson(token, "getMe", JsonValue.EMPTY_JSON_OBJECT).status()).isEqualTo(200);
    }

    @Test
    void swallowedAnswersLeaveTheClientWaitingUntilItsTimeoutWhileTheMessageIsDelivered() {
      telegram.swallowAnswers(token, true);

      HttpRequest request =
          HttpRequest.newBuilder(methodUri(token, "sendMessage"))
              .header("Content-Type", "application/json")
              .timeout(Duration.ofMillis(500))
              .POST(HttpRequest.BodyPublishers.ofString(text(42, "Hello").toString()))
              .build();
      CompletableFuture<Answer> answer = send(request);

      assertThat(answer)
          .failsWithin(Duration.ofSeconds(5))
          .withThrowableOfType(ExecutionException.class)
          .withCauseInstanceOf(HttpTimeoutException.class);
      assertThat(telegram.delivered(token))
          .extracting(FakeTelegram.Delivered::text)
          .containsExactly("Hello");
      assertThat(telegram.calls(token, "sendMessage"))
          .extracting(FakeTelegram.Call::status)
          .containsExactly(0);
      assertThat(telegram.requestsInFlight()).isZero();
      assertThat(postJson(token, "getMe", JsonValue.EMPTY_JSON_OBJECT).status()).isEqualTo(200);

      telegram.swallowAnswers(token, false);
      assertThat(sendText(43, "Hello").status()).isEqualTo(200);
    }

    @Test
    void cutAnswersCloseTheConnectionAtOnceWhileTheMessageIsDelivered() {
      telegram.cutAnswers(token, true);

      CompletableFuture<Answer> answer = postJsonAsync(token, "sendMessage", text(42, "Hello"));

      assertThat(answer)
          .failsWithin(Duration.ofSeconds(5))
          .withThrowableOfType(ExecutionException.class)
          .withCauseInstanceOf(java.io.IOException.class);
      assertThat(telegram.delivered(token))
          .extracting(FakeTelegram.Delivered::text)
          .containsExactly("Hello");
      assertThat(telegram.calls(token, "sendMessage"))
          .extracting(FakeTelegram.Call::status)
          .containsExactly(0);
      assertThat(postJson(token, "getMe", JsonValue.EMPTY_JSON_OBJECT).status()).isEqualTo(200);

      telegram.cutAnswers(token, false);
      assertThat(sendText(43, "Hello").status()).isEqualTo(200);
    }
  }

  // ---- flood control windows, on made-up time ----

  @Nested
  class FloodControlWindows {

    private final FakeTelegram.Limits limits = FakeTelegram.Limits.telegramDefaults();

    @Test
    void aCallJustOutsideTheToleranceShrunkWindowIsAdmitted() {
      FloodControl flood = new FloodControl();

      assertThat(flood.admit(privateMessage(42), limits, millis(0))).isEmpty();
      assertThat(flood.admit(privateMessage(42), limits, millis(951))).isEmpty();
      assertThat(flood.admit(privateMessage(43), limits, millis(952))).isEmpty();
    }

    @Test
    void aCallInsideTheToleranceShrunkWindowIsRefused() {
      FloodControl flood = new FloodControl();

      assertThat(flood.admit(privateMessage(42), limits, millis(0))).isEmpty();
      assertThat(flood.admit(privateMessage(42), limits, millis(949))).hasValue(3);
    }

    @Test
    void theWaitDoublesUpTo240SecondsAndAFreshViolationStartsOver() {
      FloodControl flood = new FloodControl();
      flood.admit(privateMessage(42), limits, millis(0));

      List<Integer> retryAfters = new ArrayList<>();
      long now = millis(100);
      for (int i = 0; i < 9; i++) {
        retryAfters.add(flood.admit(privateMessage(42), limits, now).getAsInt());
        now += MILLISECONDS.toNanos(10);
      }
      long afterTheWait = now + SECONDS.toNanos(240);

      assertThat(retryAfters).containsExactly(3, 6, 12, 24, 48, 96, 192, 240, 240);
      assertThat(flood.escalations()).isEqualTo(8);
      assertThat(flood.admit(privateMessage(42), limits, afterTheWait)).isEmpty();
      assertThat(flood.admit(privateMessage(42), limits, afterTheWait + MILLISECONDS.toNanos(1)))
          .hasValue(3);
    }

    @Test
    void aCappedBotsWaitsStayAtTheCapWhileCallsKeepComingAndEndAfterIt() {
      FloodControl flood = new FloodControl();
      flood.capRetryAfter(2);
      flood.admit(privateMessage(42), limits, millis(0));

      List<Integer> retryAfters = new ArrayList<>();
      long now = millis(100);
      for (int i = 0; i < 4; i++) {
        retryAfters.add(flood.admit(privateMessage(42), limits, now).getAsInt());
        now += MILLISECONDS.toNanos(10);
      }

      // the chat's 3 s wait is cut to 2 s, and calls into it restart it at 2 s, not more
      assertThat(retryAfters).containsExactly(2, 2, 2, 2);
      assertThat(flood.admit(privateMessage(42), limits, now + SECONDS.toNanos(2))).isEmpty();
    }

    @Test
    void privateEditsAndOtherCallsCountTowardTheBotBudgetOnly() {
      FloodControl flood = new FloodControl();
      FloodControl.Charge edit = new FloodControl.Charge(42, false, FloodControl.Kind.EDIT, false);
      FloodControl.Charge action =
          new FloodControl.Charge(42, false, FloodControl.Kind.OTHER, false);

      assertThat(flood.admit(privateMessage(42), limits, millis(0))).isEmpty();
      assertThat(flood.admit(edit, limits, millis(1))).isEmpty();
      assertThat(flood.admit(edit, limits, millis(2))).isEmpty();
      assertThat(flood.admit(action, limits, millis(3))).isEmpty();
    }

    private FloodControl.Charge privateMessage(long chatId) {
      return new FloodControl.Charge(chatId, false, FloodControl.Kind.MESSAGE, false);
    }

    /** An arbitrary origin, so that made-up times are not near 0. */
    private long millis(long millis) {
      return 5_000_000_000L + MILLISECONDS.toNanos(millis);
    }
  }

  // ---- delivery helpers ----

  private Answer post(String method, JsonObjectBuilder params) {
    return postJson(token, method, params.build());
  }

  private Answer sendText(long chatId, String text) {
    return postJson(token, "sendMessage", text(chatId, text));
  }

  private Answer sendInThread(long chatId, long threadId, String text) {
    return post(
        "sendMessage",
        obj().add("chat_id", chatId).add("message_thread_id", threadId).add("text", text));
  }

  private static JsonObjectBuilder obj() {
    return Json.createObjectBuilder();
  }

  private static JsonObject text(long chatId, String text) {
    return obj().add("chat_id", chatId).add("text", text).build();
  }

  private static JsonObjectBuilder paid(long chatId, String text) {
    return obj().add("chat_id", chatId).add("text", text).add("allow_paid_broadcast", true);
  }

  private static JsonObjectBuilder edit(long chatId, long messageId, String text) {
    return obj().add("chat_id", chatId).add("message_id", messageId).add("text", text);
  }

  private static JsonObjectBuilder topic(long chatId, String name) {
    return obj().add("chat_id", chatId).add("name", name);
  }

  private static JsonObjectBuilder inThread(long chatId, long threadId) {
    return obj().add("chat_id", chatId).add("message_thread_id", threadId);
  }

  private static long messageId(Answer answer) {
    assertThat(answer.status()).isEqualTo(200);
    return answer.resultObject().getJsonNumber("message_id").longValue();
  }

  private static long threadId(Answer answer) {
    assertThat(answer.status()).isEqualTo(200);
    return answer.resultObject().getJsonNumber("message_thread_id").longValue();
  }

  private static JsonObject tooManyRequests(int retryAfter) {
    return Json.createObjectBuilder()
        .add("ok", false)
        .add("error_code", 429)
        .add("description", "Too Many Requests: retry after " + retryAfter)
        .add("parameters", Json.createObjectBuilder().add("retry_after", retryAfter))
        .build();
  }

  @Nested
  class UpdateBuilders {

    @Test
    void topicTextQuotesTheTopicCreationMessageLikeTelegram() {
      JsonObject message =
          TelegramUpdates.topicText(1, -1001L, 42, "Ann", 77, 80, "Hi").getJsonObject("message");

      assertThat(message.getJsonNumber("message_thread_id").longValue()).isEqualTo(77);
      assertThat(message.getBoolean("is_topic_message")).isTrue();
      JsonObject quoted = message.getJsonObject("reply_to_message");
      assertThat(quoted.getJsonNumber("message_id").longValue()).isEqualTo(77);
      assertThat(quoted.getJsonObject("forum_topic_created").getInt("icon_color"))
          .isEqualTo(7322096);
      assertThat(message.getJsonObject("chat").getBoolean("is_forum")).isTrue();
    }

    @Test
    void generalTopicTextHasNoThread() {
      JsonObject message =
          TelegramUpdates.generalTopicText(1, -1001L, 42, "Ann", 80, "Hi").getJsonObject("message");

      assertThat(message.containsKey("message_thread_id")).isFalse();
      assertThat(message.containsKey("is_topic_message")).isFalse();
    }

    @Test
    void buildersBindToTheApplicationsWireRecords() {
      Message photo =
          bind(TelegramUpdates.privatePhoto(1, 42, "Ann", 10, "Look", "F1", "U1", 90_000))
              .message();
      Message created =
          bind(TelegramUpdates.topicCreated(2, -1001L, 42, "Ann", 77, "Order 5")).message();
      Message reply =
          bind(TelegramUpdates.topicReply(3, -1001L, 42, "Ann", 77, 81, "Yes", 79)).message();
      Message closed = bind(TelegramUpdates.topicClosed(4, -1001L, 42, 77, 82)).message();
      Message migrated = bind(TelegramUpdates.groupMigratedTo(5, -5L, -1005L, 9)).message();
      Message document =
          bind(TelegramUpdates.privateDocument(7, 42, "Ann", 11, "invoice", "D1", "U2", 5_000))
              .message();
      Update edited =
          bind(TelegramUpdates.editedPrivateText(6, 42, "Ann", 10, "Better", 1_700_000_000L));

      assertThat(photo.photo()).hasSize(2);
      assertThat(photo.photo().get(1).fileId()).isEqualTo("F1");
      assertThat(photo.photo().get(1).fileSize()).isEqualTo(90_000L);
      assertThat(photo.caption()).isEqualTo("Look");
      assertThat(photo.chat().isPrivate()).isTrue();
      assertThat(photo.date()).isPositive();
      assertThat(created.forumTopicCreated().name()).isEqualTo("Order 5");
      assertThat(created.messageId()).isEqualTo(77L);
      assertThat(created.chat().isForumSupergroup()).isTrue();
      assertThat(reply.replyToMessage().messageId()).isEqualTo(79L);
      assertThat(reply.messageThreadId()).isEqualTo(77L);
      assertThat(closed.forumTopicClosed()).isNotNull();
      assertThat(migrated.migrateToChatId()).isEqualTo(-1005L);
      assertThat(migrated.chat().type()).isEqualTo("group");
      assertThat(document.document().fileName()).isEqualTo("document.pdf");
      assertThat(document.document().mimeType()).isEqualTo("application/pdf");
      assertThat(document.caption()).isEqualTo("invoice");
      assertThat(edited.type()).isEqualTo("edited_message");
      assertThat(edited.editedMessage().editDate()).isEqualTo(1_700_000_000L);
    }

    private Update bind(JsonObject update) {
      return BotApiJson.jsonb().fromJson(update.toString(), Update.class);
    }
  }

  /** Waits until the long poll has clearly reached the fake and is waiting there. */
  private void awaitStillWaiting(CompletableFuture<Answer> poll) {
    // Arrived at the fake (not merely unanswered: on a loaded machine the request may still be on
    // its way), then still waiting a moment later.
    await().atMost(Duration.ofSeconds(10)).until(() -> telegram.requestsInFlight() > 0);
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> !poll.isDone());
  }

  // ---- HTTP helpers ----

  /** What the fake answered: HTTP status and the envelope. */
  private record Answer(int status, JsonObject body, HttpHeaders headers) {

    Optional<String> retryAfterHeader() {
      return headers.firstValue("Retry-After");
    }

    JsonValue result() {
      return body.get("result");
    }

    JsonObject resultObject() {
      return result().asJsonObject();
    }
  }

  private static JsonObject params(String name, long value) {
    return Json.createObjectBuilder().add(name, value).build();
  }

  private static JsonObject params(String name, String value) {
    return Json.createObjectBuilder().add(name, value).build();
  }

  private static JsonObject pollFrom(long offset) {
    return Json.createObjectBuilder().add("offset", offset).add("timeout", 30).build();
  }

  private static JsonObject error(int code, String description) {
    return Json.createObjectBuilder()
        .add("ok", false)
        .add("error_code", code)
        .add("description", description)
        .build();
  }

  private static List<Long> updateIds(Answer answer) {
    assertThat(answer.status()).isEqualTo(200);
    JsonArray updates = answer.result().asJsonArray();
    return updates.stream()
        .map(u -> u.asJsonObject().getJsonNumber("update_id").longValue())
        .toList();
  }

  private URI methodUri(String botToken, String method) {
    return URI.create(telegram.baseUrl() + "/bot" + botToken + "/" + method);
  }

  private Answer postJson(String botToken, String method, JsonObject params) {
    return join(postJsonAsync(botToken, method, params));
  }

  private CompletableFuture<Answer> postJsonAsync(
      String botToken, String method, JsonObject params) {
    return send(
        HttpRequest.newBuilder(methodUri(botToken, method))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(params.toString()))
            .build());
  }

  /** A multipart request: text fields, and one file part {@code fileField}. */
  private Answer postMultipart(
      String method, Map<String, String> fields, String fileField, String fileName, byte[] file) {
    String boundary = "b" + System.nanoTime();
    var body = new java.io.ByteArrayOutputStream();
    fields.forEach(
        (name, value) ->
            body.writeBytes(
                ("--"
                        + boundary
                        + "\r\nContent-Disposition: form-data; name=\""
                        + name
                        + "\"\r\n\r\n"
                        + value
                        + "\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    body.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\""
                + fileField
                + "\"; filename=\""
                + fileName
                + "\"\r\nContent-Type: image/jpeg\r\n\r\n")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    body.writeBytes(file);
    body.writeBytes(
        ("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return join(
        send(
            HttpRequest.newBuilder(methodUri(token, method))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build()));
  }

  private Answer postForm(String botToken, String method, Map<String, String> fields) {
    return join(
        send(
            HttpRequest.newBuilder(methodUri(botToken, method))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formEncode(fields)))
                .build()));
  }

  private Answer get(String botToken, String method, Map<String, String> query) {
    URI uri = URI.create(methodUri(botToken, method) + "?" + formEncode(query));
    return join(send(HttpRequest.newBuilder(uri).GET().build()));
  }

  private static String formEncode(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), UTF_8) + "=" + URLEncoder.encode(e.getValue(), UTF_8))
        .collect(Collectors.joining("&"));
  }

  private CompletableFuture<Answer> send(HttpRequest request) {
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenApply(
            response ->
                new Answer(response.statusCode(), readObject(response.body()), response.headers()));
  }

  private static Answer join(CompletableFuture<Answer> answer) {
    return answer.orTimeout(15, SECONDS).join();
  }

  private static JsonObject readObject(String body) {
    try (JsonReader reader = Json.createReader(new StringReader(body))) {
      return reader.readObject();
    }
  }
}
