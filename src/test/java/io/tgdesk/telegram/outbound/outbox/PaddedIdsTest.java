package io.tgdesk.telegram.outbound.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PaddedIdsTest {

  @Test
  void aShortListIsPaddedToEightWithItsLastId() {
    assertThat(OutboxStore.padded(List.of(5L, 3L, 9L)))
        .containsExactly(5L, 3L, 9L, 9L, 9L, 9L, 9L, 9L);
  }

  @Test
  void aLongerListIsPaddedToTheNextPowerOfTwoKeepingEveryIdInOrder() {
    List<Long> ids = LongStream.rangeClosed(1, 33).boxed().toList();

    List<Long> padded = OutboxStore.padded(ids);

    assertThat(padded).hasSize(64).startsWith(ids.toArray(Long[]::new));
    assertThat(padded.subList(33, 64)).containsOnly(33L);
  }

  @Test
  void aListOfAPowerOfTwoStaysAsItIs() {
    List<Long> ids = LongStream.rangeClosed(1, OutboxStore.MAX_IN).boxed().toList();

    assertThat(OutboxStore.padded(ids)).isEqualTo(ids);
  }
}
