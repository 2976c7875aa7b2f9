package io.tgdesk.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLDataException;
import org.junit.jupiter.api.Test;

class FailureReasonTest {

  @Test
  void derbysTruncationErrorLosesTheCustomersValue() {
    var derby =
        new SQLDataException(
            "A truncation error was encountered trying to shrink VARCHAR '#9999999999999999&' to"
                + " length 64.",
            "22001");

    String described = FailureReason.describe(new RuntimeException("flush failed", derby));

    assertThat(described)
        .isEqualTo(
            "SQLDataException: A truncation error was encountered trying to shrink VARCHAR '…' to"
                + " length 64.")
        .doesNotContain("9999");
  }

  @Test
  void postgresqlsKeyDetailLosesTheValue() {
    assertThat(
            FailureReason.withoutValues(
                "duplicate key value violates unique constraint \"uq_x\"  Detail: Key (email)=(ann@example.com) already exists."))
        .contains("Key (email)=(…) already exists")
        .doesNotContain("ann@example.com");
  }

  @Test
  void aDescriptionIsAtMostFiveHundredCharacters() {
    assertThat(FailureReason.describe(new IllegalStateException("x".repeat(10_000)))).hasSize(500);
  }
}
