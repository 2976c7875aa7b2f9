package io.tgdesk.telegram.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UpdateIntakeTest {

  private static long id(String json) {
    return UpdateIntake.updateIdOf(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theUpdateIdIsReadAs64Bits() {
    assertThat(id("{\"update_id\": 9007199254740993, \"message\": {}}"))
        .isEqualTo(9007199254740993L);
  }

  @Test
  void bodiesThatAreNotUpdatesAreRefusedWithTheReason() {
    assertThatThrownBy(() -> id("{oops"))
        .isInstanceOf(MalformedUpdateException.class)
        .hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> id("[]")).hasMessageContaining("JSON object");
    assertThatThrownBy(() -> id("{}")).hasMessageContaining("update_id");
    assertThatThrownBy(() -> id("{\"update_id\":\"12\"}")).hasMessageContaining("update_id");
    assertThatThrownBy(() -> id("{\"update_id\":1.5}")).hasMessageContaining("update_id");
    assertThatThrownBy(() -> id("")).isInstanceOf(MalformedUpdateException.class);
  }

  @Test
  void numbersBeyondSixtyFourBitsAndDeepNestingAreRefusedAsNotAnUpdate() {
    assertThatThrownBy(() -> id("{\"update_id\": 9223372036854775808}"))
        .isInstanceOf(MalformedUpdateException.class)
        .hasMessageContaining("update_id");
    assertThatThrownBy(() -> id("{\"update_id\": " + "9".repeat(5000) + "}"))
        .isInstanceOf(MalformedUpdateException.class);
    assertThatThrownBy(() -> id("{\"update_id\": 1e999999999}"))
        .isInstanceOf(MalformedUpdateException.class);
    assertThatThrownBy(
            () -> id("{\"update_id\":1,\"m\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}"))
        .isInstanceOf(MalformedUpdateException.class)
        .hasMessageContaining("nested");
  }

  private static Long chat(String json) {
    return UpdateIntake.headerOf(json.getBytes(StandardCharsets.UTF_8)).chat();
  }

  @Test
  void theChatThatOrdersAnUpdateIsReadFromItsPayloadOrAButtonPressesMessage() {
    assertThat(chat("{\"update_id\":1,\"message\":{\"message_id\":5,\"chat\":{\"id\":42}}}"))
        .isEqualTo(42L);
    assertThat(chat("{\"update_id\":2,\"edited_business_message\":{\"chat\":{\"id\":-100123}}}"))
        .isEqualTo(-100123L);
    assertThat(chat("{\"update_id\":3,\"my_chat_member\":{\"chat\":{\"id\":7}}}")).isEqualTo(7L);
    assertThat(
            chat(
                "{\"update_id\":4,\"callback_query\":{\"id\":\"q\",\"message\":"
                    + "{\"chat\":{\"id\":9}}}}"))
        .isEqualTo(9L);
  }

  @Test
  void anUpdateThatNamesNoChatOrNoReadableOneHasNone() {
    assertThat(chat("{\"update_id\":1,\"business_connection\":{\"id\":\"c\",\"user\":{}}}"))
        .isNull();
    assertThat(chat("{\"update_id\":2,\"callback_query\":{\"id\":\"q\"}}")).isNull();
    assertThat(chat("{\"update_id\":3,\"message\":{\"chat\":{\"id\":\"42\"}}}")).isNull();
    assertThat(chat("{\"update_id\":4,\"message\":{\"chat\":{\"id\":1.5}}}")).isNull();
    assertThat(chat("{\"update_id\":5,\"message\":{\"chat\":{\"id\":99999999999999999999}}}"))
        .isNull();
    assertThat(chat("{\"update_id\":6}")).isNull();
    assertThat(chat("{\"update_id\":7,\"message\":[]}")).isNull();
  }
}
