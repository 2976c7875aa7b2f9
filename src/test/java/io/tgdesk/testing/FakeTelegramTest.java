package io.tgdesk.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tgdesk.telegram.botapi.BotApiJson;
import io.tgdesk.telegram.botapi.Message;
import io.tgdesk.telegram.botapi.Update;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
  private static void awaitStillWaiting(CompletableFuture<Answer> poll) {
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> !poll.isDone());
  }

  // ---- HTTP helpers ----

  /** What the fake answered: HTTP status and the envelope. */
  private record Answer(int status, JsonObject body) {

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
        .thenApply(response -> new Answer(response.statusCode(), readObject(response.body())));
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
