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
}
