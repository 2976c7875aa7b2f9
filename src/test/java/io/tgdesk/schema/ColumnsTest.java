package io.tgdesk.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ColumnsTest {

  @Test
  void aValueThatFitsIsKeptAsItIs() {
    assertThat(Columns.fit("Ann", 256)).isEqualTo("Ann");
    assertThat(Columns.fit("x".repeat(256), 256)).hasSize(256).doesNotContain("…");
    assertThat(Columns.fit(null, 10)).isNull();
  }

  @Test
  void aLongerValueIsCutToTheColumnAndMarked() {
    String fitted = Columns.fit("N".repeat(10_000), 256);
    assertThat(fitted).hasSize(256).endsWith("…").startsWith("NNN");
  }

  @Test
  void anEmojiIsNeverCutInHalf() {
    String fitted = Columns.fit("a".repeat(8) + "😀" + "b".repeat(10), 10);
    assertThat(fitted).isEqualTo("a".repeat(8) + "…");
    assertThat(Character.isHighSurrogate(fitted.charAt(fitted.length() - 2))).isFalse();
  }
}
