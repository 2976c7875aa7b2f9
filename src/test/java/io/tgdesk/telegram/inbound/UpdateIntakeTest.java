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
}
