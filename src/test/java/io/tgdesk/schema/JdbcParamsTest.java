package io.tgdesk.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JdbcParamsTest {

  @Test
  void idsBecomeOnePostgresArrayLiteralInAscendingOrder() {
    assertThat(JdbcParams.bigintArray(List.of(7L, -3L, 40_000_000_000L, 4L)))
        .isEqualTo("{-3,4,7,40000000000}");
    assertThat(JdbcParams.bigintArray(Set.of(5L))).isEqualTo("{5}");
    assertThat(JdbcParams.bigintArray(List.of())).isEqualTo("{}");
  }
}
