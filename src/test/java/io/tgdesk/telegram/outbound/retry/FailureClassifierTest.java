package io.tgdesk.telegram.outbound.retry;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgdesk.telegram.botapi.BotApiException.TelegramError;
import io.tgdesk.telegram.botapi.BotApiException.Unreachable;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FailureClassifierTest {

  private static Decision of(int code, String description, Integer retryAfter, Long migrate) {
    return FailureClassifier.classify(
        new TelegramError("sendMessage", code, description, retryAfter, migrate), false);
  }

  @Test
  void tooManyRequestsWaitsRetryAfter() {
    assertThat(of(429, "Too Many Requests: retry after 35", 35, null))
        .isEqualTo(
            new Decision.RateLimited(Duration.ofSeconds(35), "Too Many Requests: retry after 35"));
  }

  @Test
  void blockedKickedAndDeletedChatsAreUnreachable() {
    assertThat(of(403, "Forbidden: bot was blocked by the user", null, null))
        .isInstanceOf(Decision.ChatUnreachable.class);
    assertThat(of(403, "Forbidden: bot was kicked from the supergroup chat", null, null))
        .isInstanceOf(Decision.ChatUnreachable.class);
  }

  @Test
  void aRevokedTokenIsTheBotsProblem() {
    assertThat(of(401, "Unauthorized", null, null)).isInstanceOf(Decision.BotUnauthorized.class);
  }

  @Test
  void badRequestsAreToldApart() {
    assertThat(
            of(
                400,
                "Bad Request: message is not modified: specified new message content",
                null,
                null))
        .isInstanceOf(Decision.AlreadyDone.class);
    assertThat(of(400, "Bad Request: TOPIC_NOT_MODIFIED", null, null))
        .isInstanceOf(Decision.AlreadyDone.class);
    assertThat(of(400, "Bad Request: group chat was upgraded to a supergroup chat", null, -100777L))
        .isEqualTo(new Decision.ChatMigrated(-100777L));
    assertThat(of(400, "Bad Request: message thread not found", null, null))
        .isInstanceOf(Decision.ThreadNotFound.class);
    assertThat(of(400, "Bad Request: TOPIC_CLOSED", null, null))
        .isInstanceOf(Decision.TopicClosed.class);
    assertThat(of(400, "Bad Request: chat not found", null, null))
        .isEqualTo(new Decision.Permanent(400, "Bad Request: chat not found"));
  }

  @Test
  void serverErrorsAreTransient() {
    assertThat(of(502, "Bad Gateway", null, null)).isInstanceOf(Decision.Transient.class);
    assertThat(of(500, "Internal Server Error: restart", null, null))
        .isInstanceOf(Decision.Transient.class);
  }

  @Test
  void noAnswerAfterWritingIsUncertainForSendsButRetriedForIdempotentCalls() {
    var timeout =
        new Unreachable("sendMessage", "SocketTimeoutException: Read timed out", true, null);
    var refused =
        new Unreachable("sendMessage", "ConnectException: Connection refused", false, null);
    assertThat(FailureClassifier.classify(timeout, false)).isInstanceOf(Decision.Uncertain.class);
    assertThat(FailureClassifier.classify(timeout, true)).isInstanceOf(Decision.Transient.class);
    assertThat(FailureClassifier.classify(refused, false)).isInstanceOf(Decision.Transient.class);
  }
}
