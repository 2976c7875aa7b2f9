package io.tgdesk.telegram.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SentBatchesTest {

  static final JsonValue ANSWER = Json.createObjectBuilder().add("message_id", 1).build();

  @Test
  void answersQueuedWhileAWriteIsUnderWayGoTogetherInTheNextTransaction() throws Exception {
    CountDownLatch firstWriteStarted = new CountDownLatch(1);
    CountDownLatch releaseFirstWrite = new CountDownLatch(1);
    List<List<Long>> transactions = Collections.synchronizedList(new ArrayList<>());
    SentBatches batches =
        new SentBatches(
            results -> {
              transactions.add(List.copyOf(results.keySet()));
              if (transactions.size() == 1) {
                firstWriteStarted.countDown();
                awaitLatch(releaseFirstWrite);
              }
            });
    ExecutorService senders = Executors.newFixedThreadPool(4);
    try {
      Future<Boolean> first = senders.submit(() -> batches.write(1, ANSWER));
      firstWriteStarted.await();
      List<Future<Boolean>> queued = new ArrayList<>();
      for (long id = 4; id >= 2; id--) {
        long entry = id;
        queued.add(senders.submit(() -> batches.write(entry, ANSWER)));
      }
      // None returns before its own answer is written: all three wait behind the first write.
      await().atMost(Duration.ofSeconds(5)).until(() -> batches.queuedForTest() == 3);
      assertThat(queued).noneMatch(Future::isDone);

      releaseFirstWrite.countDown();

      assertThat(first.get()).isTrue();
      for (Future<Boolean> f : queued) {
        assertThat(f.get()).isTrue();
      }
      assertThat(transactions).containsExactly(List.of(1L), List.of(2L, 3L, 4L)); // in id order
    } finally {
      senders.shutdownNow();
    }
  }

  @Test
  void aFailedTransactionFailsEveryAnswerItCarriedAndTheNextIsWrittenAfresh() {
    List<Long> refused = new ArrayList<>(List.of(1L));
    SentBatches batches =
        new SentBatches(
            results -> {
              if (results.keySet().stream().anyMatch(refused::contains)) {
                throw new IllegalStateException("rolled back");
              }
            });

    assertThat(batches.write(1, ANSWER)).isFalse();
    assertThat(batches.write(2, ANSWER)).isTrue();
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
