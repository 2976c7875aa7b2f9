package io.tgdesk.testing;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Registers bots of the fake Telegram server with TgDesk, and delivers updates to their webhooks.
 */
public final class Bots {

  private Bots() {}

  /** A bot registered with TgDesk: our id, its token on the fake server, its webhook secret. */
  public record RegisteredBot(long id, String token, String secret, String username) {
    public String webhookPath() {
      return "/api/telegram/" + id + "/webhook";
    }
  }

  /** Registers a new webhook-mode bot with a known secret. */
  public static RegisteredBot webhookBot(FakeTelegram telegram) {
    return register(telegram, "webhook", JsonValue.EMPTY_JSON_OBJECT);
  }

  /** A polling bot's settings for tests: it asks again at once, and waits at most 1 s. */
  private static final JsonObject QUICK_POLLING =
      Json.createObjectBuilder().add("pollIntervalSeconds", 0).add("pollTimeoutSeconds", 1).build();

  /** Registers a new polling-mode bot (interval 0, timeout 1 s). */
  public static RegisteredBot pollingBot(FakeTelegram telegram) {
    return register(telegram, "polling", QUICK_POLLING);
  }

  public static RegisteredBot register(FakeTelegram telegram, String mode, JsonObject extra) {
    String username = newUsername();
    return register(telegram, username, telegram.newBot(username), mode, extra);
  }

  /**
   * Registers a new polling-mode bot (interval 0, timeout 1 s) for which Telegram already holds
   * {@code waiting}: its first getUpdates answers them all at once.
   */
  public static RegisteredBot pollingBotWithWaitingUpdates(
      FakeTelegram telegram, List<JsonObject> waiting) {
    String username = newUsername();
    String token = telegram.newBot(username);
    telegram.enqueueUpdates(token, waiting);
    return register(telegram, username, token, "polling", QUICK_POLLING);
  }

  private static String newUsername() {
    return "tg" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + "_bot";
  }

  private static RegisteredBot register(
      FakeTelegram telegram, String username, String token, String mode, JsonObject extra) {
    String secret = "s3cret-" + UUID.randomUUID();
    var body =
        Json.createObjectBuilder()
            .add("name", username)
            .add("token", token)
            .add("mode", mode)
            .add("webhookSecret", secret)
            .add("apiBaseUrl", telegram.baseUrl());
    extra.forEach(body::add);
    JsonObject request = body.build(); // once: a built builder is empty
    // A registration that lost to a concurrent change saved nothing and is sent again (a second
    // 409 of another kind would then say the bot is registered already).
    var reply = TgDeskApi.asAdmin().postResendingLostRaces("/api/admin/bots", request);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    return new RegisteredBot(reply.json().getJsonNumber("id").longValue(), token, secret, username);
  }

  /**
   * Makes {@code chatId} a forum supergroup the bot is in (in the fake) and registers it as the
   * bot's topic group, whose topics become tickets; returns the registered group.
   */
  public static JsonObject topicGroup(
      FakeTelegram telegram, RegisteredBot bot, long chatId, String title) {
    telegram.addChat(bot.token(), chatId, "supergroup", title, true);
    var reply =
        TgDeskApi.asAdmin()
            .post(
                "/api/admin/topic-groups",
                Json.createObjectBuilder().add("botId", bot.id()).add("chatId", chatId).build());
    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    return reply.json();
  }

  /** How many of the bot's stored updates have been processed (the admin API's count). */
  public static long processedUpdates(RegisteredBot bot) {
    return TgDeskApi.asAdmin()
        .get("/api/admin/updates?size=1&state=processed&botId=" + bot.id())
        .json()
        .getJsonNumber("total")
        .longValue();
  }

  /** Delivers an update to the bot's webhook as Telegram would; returns the HTTP status. */
  public static int deliver(RegisteredBot bot, JsonObject update) {
    return deliver(TgDeskApi.anonymous(), bot, update);
  }

  /** {@link #deliver(RegisteredBot, JsonObject)} to a given server (a node of a cluster). */
  public static int deliver(TgDeskApi server, RegisteredBot bot, JsonObject update) {
    return server
        .postBytes(
            bot.webhookPath(),
            update.toString().getBytes(StandardCharsets.UTF_8),
            Map.of(
                "Content-Type",
                "application/json",
                "X-Telegram-Bot-Api-Secret-Token",
                bot.secret()))
        .status();
  }
}
