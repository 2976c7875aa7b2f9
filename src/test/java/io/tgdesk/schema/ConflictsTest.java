package io.tgdesk.schema;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class ConflictsTest {

  @Test
  void deadlocksAndKeysTakenOrBrokenMeanwhileAreConcurrentChangesOtherDatabaseErrorsAreNot() {
    assertThat(Conflicts.isConcurrentChange(new SQLException("deadlock", "40001"))).isTrue();
    assertThat(Conflicts.isConcurrentChange(new SQLException("lock", "40XL1"))).isTrue();
    assertThat(Conflicts.isConcurrentChange(new SQLException("unique", "23505"))).isTrue();
    // A row referred to was deleted after it was read (Derby and PostgreSQL alike).
    assertThat(Conflicts.isConcurrentChange(new SQLException("foreign key", "23503"))).isTrue();
    // ... and told apart from the others, so that one that happens every time is seen.
    assertThat(Conflicts.isBrokenForeignKey(new SQLException("foreign key", "23503"))).isTrue();
    assertThat(Conflicts.isBrokenForeignKey(new SQLException("unique", "23505"))).isFalse();
    assertThat(Conflicts.isConcurrentChange(new SQLException("not null", "23502"))).isFalse();
    assertThat(Conflicts.isConcurrentChange(new SQLException("syntax", "42601"))).isFalse();
    assertThat(Conflicts.isConcurrentChange(new SQLException("no state"))).isFalse();
  }

  @Test
  void aConcurrentChangeIsFoundAmongTheCausesOfWhatATransactionThrew() {
    var optimistic = new RuntimeException("rolled back", new OptimisticLockException("version"));
    var deadlock =
        new RuntimeException(
            "rolled back",
            new PersistenceException("flush", new SQLException("deadlock", "40001")));
    var notNull =
        new RuntimeException(
            "rolled back",
            new PersistenceException("flush", new SQLException("not null", "23502")));

    assertThat(Conflicts.lostToConcurrentChange(optimistic)).isTrue();
    assertThat(Conflicts.lostToConcurrentChange(deadlock)).isTrue();
    assertThat(Conflicts.lostToConcurrentChange(notNull)).isFalse();
    assertThat(Conflicts.lostToConcurrentChange(new IllegalStateException("bug"))).isFalse();
  }
}
