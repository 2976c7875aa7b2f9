package io.tgdesk.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class UniqueKeysTest {

  private static RuntimeException violation() {
    return new RuntimeException(
        "commit failed",
        new IllegalStateException(
            "flush", new SQLIntegrityConstraintViolationException("duplicate", "23505")));
  }

  @Test
  void aUniqueKeyViolationIsRecognisedAnywhereInTheCauseChain() {
    assertThat(UniqueKeys.isViolation(violation())).isTrue();
    assertThat(UniqueKeys.isViolation(new RuntimeException(new SQLException("x", "40001"))))
        .isFalse();
    assertThat(UniqueKeys.isViolation(null)).isFalse();
  }

  @Test
  void aUniqueKeyViolationIsRecognisedAmongSuppressedFailures() {
    RuntimeException rollback = new RuntimeException("rollback");
    rollback.addSuppressed(violation());
    assertThat(UniqueKeys.isViolation(rollback)).isTrue();
  }

  @Test
  void theFirstAttemptInsertsWithoutLookingFirst() {
    AtomicInteger looks = new AtomicInteger();
    AtomicInteger inserts = new AtomicInteger();
    boolean inserted =
        UniqueKeys.insertOnce(
            3,
            () -> looks.incrementAndGet() < 0,
            () -> {
              inserts.incrementAndGet();
            },
            a -> {});
    assertThat(inserted).isTrue();
    assertThat(inserts).hasValue(1);
    assertThat(looks).hasValue(0);
  }

  @Test
  void aRowFoundStoredAfterAFailedInsertIsNotInsertedAgain() {
    AtomicInteger inserts = new AtomicInteger();
    boolean inserted =
        UniqueKeys.insertOnce(
            3,
            () -> true,
            () -> {
              inserts.incrementAndGet();
              throw new IllegalStateException("lock timeout");
            },
            a -> {});
    assertThat(inserted).isFalse();
    assertThat(inserts).hasValue(1);
  }

  @Test
  void anInsertThatLosesAtTheUniqueKeyCountsAsStored() {
    boolean inserted =
        UniqueKeys.insertOnce(
            3,
            () -> false,
            () -> {
              throw violation();
            },
            a -> {});
    assertThat(inserted).isFalse();
  }

  @Test
  void otherFailuresAreTriedAgainAfterAPauseUntilTheInsertWorks() {
    List<Integer> pauses = new ArrayList<>();
    AtomicInteger calls = new AtomicInteger();
    boolean inserted =
        UniqueKeys.insertOnce(
            5,
            () -> false,
            () -> {
              if (calls.incrementAndGet() < 3) {
                throw new IllegalStateException("lock timeout");
              }
            },
            pauses::add);
    assertThat(inserted).isTrue();
    assertThat(pauses).containsExactly(0, 1);
  }

  @Test
  void whenEveryAttemptFailsALastLookDecides() {
    AtomicInteger looks = new AtomicInteger();
    boolean inserted =
        UniqueKeys.insertOnce(
            2,
            () -> looks.incrementAndGet() > 1,
            () -> {
              throw new IllegalStateException("deadlock");
            },
            a -> {});
    assertThat(inserted).isFalse();
    assertThat(looks).hasValue(2);
  }

  @Test
  void whenEveryAttemptFailsAndTheRowIsNotThereTheLastFailureIsThrown() {
    AtomicInteger calls = new AtomicInteger();
    List<Integer> pauses = new ArrayList<>();
    assertThatThrownBy(
            () ->
                UniqueKeys.insertOnce(
                    3,
                    () -> false,
                    () -> {
                      throw new IllegalStateException("deadlock " + calls.incrementAndGet());
                    },
                    pauses::add))
        .hasMessage("deadlock 3");
    assertThat(pauses).containsExactly(0, 1);
  }
}
