package io.tgdesk.telegram.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a call's parameters become when its forum topic was recreated under a new thread id. */
class TopicMoveParamsTest {

  @Test
  void aCallIntoTheOldTopicNamesTheNewThreadAndKeepsTheRest() {
    String moved =
        DeliveryOutcomes.rewriteThread(
            "{\"chat_id\":-100555,\"message_thread_id\":55,\"text\":\"Refund issued\"}", 61);

    assertThat(moved)
        .isEqualTo("{\"chat_id\":-100555,\"message_thread_id\":61,\"text\":\"Refund issued\"}");
  }

  @Test
  void aCallWithoutAThreadParameterStaysAsItIs() {
    String edit = "{\"chat_id\":-100555,\"message_id\":70,\"text\":\"fixed typo\"}";

    assertThat(DeliveryOutcomes.rewriteThread(edit, 61)).isEqualTo(edit);
  }
}
