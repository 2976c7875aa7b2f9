package io.tgdesk.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class UnexpectedExceptionMapperTest {

  @Test
  void deadlocksAndUniqueKeysTakenFirstAreConcurrentChangesOtherDatabaseErrorsAreNot() {
    assertThat(UnexpectedExceptionMapper.isConcurrentChange(new SQLException("deadlock", "40001")))
        .isTrue();
    assertThat(UnexpectedExceptionMapper.isConcurrentChange(new SQLException("lock", "40XL1")))
        .isTrue();
    assertThat(UnexpectedExceptionMapper.isConcurrentChange(new SQLException("unique", "23505")))
        .isTrue();
    assertThat(UnexpectedExceptionMapper.isConcurrentChange(new SQLException("not null", "23502")))
        .isFalse();
    assertThat(UnexpectedExceptionMapper.isConcurrentChange(new SQLException("syntax", "42601")))
        .isFalse();
    assertThat(UnexpectedExceptionMapper.isConcurrentChange(new SQLException("no state")))
        .isFalse();
  }
}
