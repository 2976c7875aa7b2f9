package io.tgdesk.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonLimitsTest {

  private static String nesting(String json) {
    return JsonLimits.nestingProblem(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aHundredThousandLevelsAreRefusedWithoutRecursion() {
    assertThat(nesting("[".repeat(100_000) + "]".repeat(100_000))).contains("nested deeper");
    assertThat(nesting("{\"a\":".repeat(65) + "1" + "}".repeat(65))).contains("64");
  }

  @Test
  void bracketsInsideStringsAndEscapedQuotesDoNotCount() {
    assertThat(nesting("{\"text\":\"" + "[{".repeat(1000) + "\\\"\"}")).isNull();
    assertThat(nesting("{\"a\":".repeat(64) + "1" + "}".repeat(64))).isNull();
  }

  @Test
  void idsAreExactOrRefused() {
    assertThat(JsonLimits.exactLong("9223372036854775807", "id")).isEqualTo(Long.MAX_VALUE);
    assertThat(JsonLimits.exactLong("-1002325071906", "id")).isEqualTo(-1002325071906L);
    assertThat(JsonLimits.exactLong("1.0", "id")).isEqualTo(1);
    for (String wrong :
        new String[] {
          "9223372036854775808", "18446744073709551616", "1.5", "1e400", "1e-400", "9".repeat(5000)
        }) {
      assertThatThrownBy(() -> JsonLimits.exactLong(wrong, "chat.id"))
          .isInstanceOf(JsonLimits.NotAnId.class)
          .hasMessageContaining("chat.id")
          .hasMessageContaining("64-bit");
    }
  }

  @Test
  void aMessageShowsAtMostThirtyCharactersOfAValue() {
    assertThatThrownBy(() -> JsonLimits.exactLong("7".repeat(5000), "update_id"))
        .message()
        .hasSizeLessThan(120)
        .contains("5000 chars");
  }

  @Test
  void thePathOfAnInexactNumberIsFound() {
    var tree =
        Json.createReader(
                new StringReader(
                    "{\"update_id\":1,\"message\":{\"chat\":{\"id\":99999999999999999999999},"
                        + "\"photo\":[{\"file_size\":1.5}]}}"))
            .readValue();
    assertThat(JsonLimits.pathOf(tree, "99999999999999999999999")).isEqualTo("message.chat.id");
    assertThat(JsonLimits.pathOf(tree, "1.5")).isEqualTo("message.photo[0].file_size");
    assertThat(JsonLimits.pathOf(tree, "42")).isNull();
    var exponent = Json.createReader(new StringReader("{\"chat\":{\"id\":1e400}}")).readValue();
    assertThat(JsonLimits.pathOf(exponent, "1e400")).isEqualTo("chat.id");
  }
}
