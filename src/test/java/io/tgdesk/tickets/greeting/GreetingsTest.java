package io.tgdesk.tickets.greeting;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GreetingsTest {

  @Test
  void startWithOrWithoutPayloadOrBotNameIsTheStartCommand() {
    assertThat(Greetings.isStart("/start")).isTrue();
    assertThat(Greetings.isStart("/start order-1001")).isTrue();
    assertThat(Greetings.isStart("/start@tgdesk_bot")).isTrue();
  }

  @Test
  void otherTextsAreNot() {
    assertThat(Greetings.isStart(null)).isFalse();
    assertThat(Greetings.isStart("/started")).isFalse();
    assertThat(Greetings.isStart("please /start")).isFalse();
    assertThat(Greetings.isStart("/help")).isFalse();
  }
}
