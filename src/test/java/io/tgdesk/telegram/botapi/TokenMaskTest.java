package io.tgdesk.telegram.botapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class TokenMaskTest {

  static final String TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";

  @Test
  void maskShowsTheBotIdAndTheLastFourCharactersOnly() {
    assertThat(TokenMask.mask(TOKEN)).isEqualTo("123456789:****Dsaw");
  }

  @Test
  void endpointToStringAndRedactNeverShowTheToken() {
    BotEndpoint endpoint = new BotEndpoint(URI.create("https://api.telegram.org"), TOKEN);
    assertThat(endpoint.toString()).doesNotContain(TOKEN);
    assertThat(endpoint.redact("GET https://api.telegram.org/bot" + TOKEN + "/getMe failed"))
        .isEqualTo("GET https://api.telegram.org/bot<token>/getMe failed");
  }

  @Test
  void redactRemovesTheUrlEncodedTokenAndTheSecretPartAloneInAnyCase() {
    String secret = TOKEN.substring(TOKEN.indexOf(':') + 1);
    String text =
        "POST /bot123456789%3A"
            + secret
            + "/getMe; /bot123456789%3a"
            + secret.toLowerCase()
            + "; secret "
            + secret
            + "; raw "
            + TOKEN;

    String redacted = TokenMask.redact(text, TOKEN);

    assertThat(redacted)
        .doesNotContainIgnoringCase(secret)
        .contains("/bot<token>/getMe")
        .contains("secret <token>")
        .contains("raw <token>");
  }

  @Test
  void redactLeavesTextWithoutTheTokenAsItIs() {
    assertThat(TokenMask.redact("Bad Request: chat not found", TOKEN))
        .isEqualTo("Bad Request: chat not found");
    assertThat(TokenMask.redact(null, TOKEN)).isNull();
  }
}
