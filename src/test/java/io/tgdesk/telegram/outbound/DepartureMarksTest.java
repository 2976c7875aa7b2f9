package io.tgdesk.telegram.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tgdesk.telegram.outbound.DepartureMarks.Mark;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class DepartureMarksTest {

  @Test
  void marksQueuedWhileAWriteIsUnderWayGoTogetherInTheNextWrite() throws Exception {
    CountDownLatch firstWriteStarted = new CountDownLatch(1);
    CountDownLatch releaseFirstWrite = new CountDownLatch(1);
    List<List<Long>> writes = Collections.synchronizedList(new ArrayList<>());
    DepartureMarks marks =
        new DepartureMarks(
            ids -> {
              writes.add(List.copyOf(ids));
              if (writes.size() == 1) {
                firstWriteStarted.countDown();
                awaitLatch(releaseFirstWrite);
              }
              return new HashSet<>(ids);
            });
    ExecutorService senders = Executors.newFixedThreadPool(4);
    try {
      Future<Mark> first = senders.submit(() -> marks.mark(1));
      firstWriteStarted.await();
      List<Future<Mark>> queued = new ArrayList<>();
      for (long id = 2; id <= 4; id++) {
        long entry = id;
        queued.add(senders.submit(() -> marks.mark(entry)));
      }
      // All three wait behind the write under way (none writes on its own meanwhile).
      await().atMost(Duration.ofSeconds(5)).until(() -> queuedCount(marks) == 3);
      assertThat(writes).hasSize(1);

      releaseFirstWrite.countDown();

      assertThat(first.get()).isEqualTo(Mark.MARKED);
      for (Future<Mark> f : queued) {
        assertThat(f.get()).isEqualTo(Mark.MARKED);
      }
      assertThat(writes).hasSize(2);
      assertThat(writes.get(0)).containsExactly(1L);
      assertThat(writes.get(1)).containsExactlyInAnyOrder(2L, 3L, 4L);
    } finally {
      senders.shutdownNow();
    }
  }

  @Test
  void anEntryNoLongerInFlightIsGoneAndAFailedWriteFailsEveryMarkItCarried() {
    DepartureMarks someGone = new DepartureMarks(ids -> Set.of(1L));
    assertThat(someGone.mark(1)).isEqualTo(Mark.MARKED);
    assertThat(someGone.mark(2)).isEqualTo(Mark.GONE);

    DepartureMarks broken =
        new DepartureMarks(
            ids -> {
              throw new IllegalStateException("database down");
            });
    assertThat(broken.mark(3)).isEqualTo(Mark.FAILED);
    // The next mark is written afresh, not stuck behind the failed one.
    assertThat(broken.mark(4)).isEqualTo(Mark.FAILED);
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int queuedCount(DepartureMarks marks) {
    return marks.queuedForTest();
  }
}
