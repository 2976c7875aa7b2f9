package io.tgdesk.telegram.botapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tgdesk.testing.FakeTelegram;
import io.tgdesk.testing.MutableClock;
import jakarta.json.Json;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The client tells its listener about every call: who, what, how it ended; never the token. */
class BotApiCallListenerTest {

  @RegisterExtension static final FakeTelegram telegram = FakeTelegram.start();

  final List<BotApiCall> calls = new CopyOnWriteArrayList<>();
  final MutableClock clock = new MutableClock(Instant.parse("2026-01-31T12:00:00Z"));
  final BotApiClient client =
      new BotApiClient(Duration.ofSeconds(2), Duration.ofSeconds(5), clock, calls::add);

  BotEndpoint endpoint(String token) {
    return new BotEndpoint(URI.create(telegram.baseUrl()), token).forBot(42);
  }

  @Test
  void aSuccessfulCallIsReportedWithItsContextAndSize() {
    String token = telegram.newBot("audit_bot");
    var params = Json.createObjectBuilder().add("chat_id", 1234).add("text", "hello").build();

    client.callRaw(
        endpoint(token),
        "sendMessage",
        params,
        null,
        new CallContext("bulk", "bulk", 3, null, null));

    assertThat(calls).hasSize(1);
    BotApiCall c = calls.get(0);
    assertThat(c.at()).isEqualTo(clock.instant());
    assertThat(c.botId()).isEqualTo(42);
    assertThat(c.method()).isEqualTo("sendMessage");
    assertThat(c.chatId()).isEqualTo(1234);
    assertThat(c.category()).isEqualTo("bulk");
    assertThat(c.lane()).isEqualTo("bulk");
    assertThat(c.attempt()).isEqualTo(3);
    assertThat(c.httpStatus()).isEqualTo(200);
    assertThat(c.ok()).isTrue();
    assertThat(c.requestBytes()).isEqualTo(params.toString().length());
  }

  @Test
  void aCallWithoutContextTakesTheMethodsUsualCategory() {
    String token = telegram.newBot("audit_bot");

    client.getWebhookInfo(endpoint(token));
    client.getMe(endpoint(token));

    assertThat(calls)
        .extracting(BotApiCall::category)
        .containsExactly("webhook-management", "bot-management");
  }

  @Test
  void anErrorIsReportedWithItsCodeAndDescriptionButNotTheToken() {
    String token = telegram.newBot("audit_bot");
    telegram.revoke(token);

    assertThatThrownBy(() -> client.getMe(endpoint(token)))
        .isInstanceOf(BotApiException.TelegramError.class);

    BotApiCall c = calls.get(0);
    assertThat(c.httpStatus()).isEqualTo(401);
    assertThat(c.errorCode()).isEqualTo(401);
    assertThat(c.ok()).isFalse();
    assertThat(c.toString()).doesNotContain(token.substring(token.indexOf(':') + 1));
  }

  @Test
  void noAnswerIsReportedAsStatusZero() {
    BotEndpoint nowhere = new BotEndpoint(URI.create("http://127.0.0.1:1"), "1:abc").forBot(7);

    assertThatThrownBy(() -> client.getMe(nowhere)).isInstanceOf(BotApiException.Unreachable.class);

    assertThat(calls).singleElement().satisfies(c -> assertThat(c.httpStatus()).isZero());
    assertThat(calls.get(0).description()).isNotBlank();
  }

  @Test
  void aListenerThatThrowsNeverBreaksTheCall() {
    String token = telegram.newBot("audit_bot");
    BotApiClient fragile =
        new BotApiClient(
            Duration.ofSeconds(2),
            Duration.ofSeconds(5),
            clock,
            c -> {
              throw new IllegalStateException("audit down");
            });

    assertThat(fragile.getMe(endpoint(token)).username()).isEqualTo("audit_bot");
  }
}
