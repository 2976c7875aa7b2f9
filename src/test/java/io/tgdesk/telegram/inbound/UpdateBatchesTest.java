package io.tgdesk.telegram.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tgdesk.telegram.bots.BotId;
import java.sql.SQLException;
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
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UpdateBatchesTest {

  static final BotId BOT = BotId.of(7);

  /**
   * A table with the unique key (bot, update_id), written in transactions that insert all or none.
   * Every write is recorded by the update ids it carried; {@code refused} updates make any
   * transaction that carries them fail (not at the unique key).
   */
  static final class Table implements UpdateBatches.Writer {
    final Set<UpdateBatches.Key> rows = Collections.synchronizedSet(new HashSet<>());
    final List<List<Long>> transactions = Collections.synchronizedList(new ArrayList<>());
    final List<Long> alone = Collections.synchronizedList(new ArrayList<>());
    Predicate<Long> refused = id -> false;
    CountDownLatch firstWriteStarted = new CountDownLatch(1);
    CountDownLatch releaseFirstWrite = new CountDownLatch(0);

    @Override
    public void insertAll(List<UpdateBatches.Incoming> updates) {
      transactions.add(updates.stream().map(UpdateBatches.Incoming::updateId).toList());
      firstWriteStarted.countDown();
      awaitLatch(releaseFirstWrite);
      synchronized (rows) {
        if (updates.stream().anyMatch(u -> refused.test(u.updateId()))) {
          throw new IllegalStateException("the database refused it");
        }
        if (updates.stream().anyMatch(u -> rows.contains(u.key()))) {
          throw new IllegalStateException(
              new SQLException("duplicate key value violates unique constraint", "23505"));
        }
        updates.forEach(u -> rows.add(u.key()));
      }
    }

    @Override
    public Set<UpdateBatches.Key> stored(List<UpdateBatches.Key> keys) {
      synchronized (rows) {
        return keys.stream().filter(rows::contains).collect(java.util.stream.Collectors.toSet());
      }
    }

    @Override
    public boolean insertOne(UpdateBatches.Incoming update) {
      alone.add(update.updateId());
      if (refused.test(update.updateId())) {
        throw new IllegalStateException("the database refused it");
      }
      return rows.add(update.key());
    }
  }

  final ExecutorService deliveries = Executors.newFixedThreadPool(8);

  @AfterEach
  void stop() {
    deliveries.shutdownNow();
  }

  static UpdateBatches.Incoming update(long updateId) {
    return new UpdateBatches.Incoming(BOT, updateId, "webhook", new byte[] {'{', '}'});
  }

  /** Holds the first write until the given deliveries queue behind it, then lets everything go. */
  List<Future<Boolean>> deliverBehindAFirstWrite(
      Table table, UpdateBatches batches, long first, long... queued) throws Exception {
    table.releaseFirstWrite = new CountDownLatch(1);
    List<Future<Boolean>> answers = new ArrayList<>();
    answers.add(deliveries.submit(() -> batches.store(update(first))));
    table.firstWriteStarted.await();
    for (long id : queued) {
      answers.add(deliveries.submit(() -> batches.store(update(id))));
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> batches.queuedForTest() == queued.length);
    assertThat(answers).noneMatch(Future::isDone); // nobody is answered before a commit
    table.releaseFirstWrite.countDown();
    return answers;
  }

  @Test
  void updatesArrivingDuringAWriteAreCommittedTogetherInTheNextOne() throws Exception {
    Table table = new Table();
    UpdateBatches batches = new UpdateBatches(table);

    List<Future<Boolean>> answers = deliverBehindAFirstWrite(table, batches, 1, 2, 3, 4);

    for (Future<Boolean> a : answers) {
      assertThat(a.get()).isTrue();
    }
    assertThat(table.transactions).hasSize(2);
    assertThat(table.transactions.get(0)).containsExactly(1L);
    assertThat(table.transactions.get(1)).containsExactlyInAnyOrder(2L, 3L, 4L);
    assertThat(table.alone).isEmpty();
  }

  @Test
  void anUpdateDeliveredTwiceInOneWriteIsInsertedOnceAndBothAreAnswered() throws Exception {
    Table table = new Table();
    UpdateBatches batches = new UpdateBatches(table);

    List<Future<Boolean>> answers = deliverBehindAFirstWrite(table, batches, 1, 2, 2, 3);

    List<Boolean> outcomes = new ArrayList<>();
    for (Future<Boolean> a : answers) {
      outcomes.add(a.get());
    }
    // 1 and 3 stored; of the two deliveries of 2, exactly one stored it.
    assertThat(outcomes).containsExactlyInAnyOrder(true, true, false, true);
    assertThat(table.transactions.get(1)).containsExactlyInAnyOrder(2L, 3L);
    assertThat(table.rows).hasSize(3);
    assertThat(table.alone).isEmpty();
  }

  @Test
  void aWriteThatLosesAtTheUniqueKeyAnswersTheStoredOneAsDuplicateAndStoresTheOthers()
      throws Exception {
    Table table = new Table();
    UpdateBatches batches = new UpdateBatches(table);
    assertThat(batches.store(update(2))).isTrue();
    table.firstWriteStarted = new CountDownLatch(1);

    List<Future<Boolean>> answers = deliverBehindAFirstWrite(table, batches, 1, 2, 3, 4);

    assertThat(answers.get(0).get()).isTrue();
    List<Boolean> queued = new ArrayList<>();
    for (Future<Boolean> a : answers.subList(1, 4)) {
      queued.add(a.get());
    }
    assertThat(queued).containsExactly(false, true, true);
    assertThat(table.rows).extracting(UpdateBatches.Key::updateId).contains(1L, 2L, 3L, 4L);
    assertThat(table.alone).isEmpty(); // the retry without the stored one was a batch as well
  }

  @Test
  void aPoisonUpdateFailsAloneAndTheOthersOfItsWriteAreStored() throws Exception {
    Table table = new Table();
    table.refused = id -> id == 3L;
    UpdateBatches batches = new UpdateBatches(table);

    List<Future<Boolean>> answers = deliverBehindAFirstWrite(table, batches, 1, 2, 3, 4);

    assertThat(answers.get(0).get()).isTrue();
    assertThat(answers.get(1).get()).isTrue();
    assertThat(answers.get(3).get()).isTrue();
    assertThatThrownBy(() -> answers.get(2).get()).hasMessageContaining("refused");
    assertThat(table.rows)
        .extracting(UpdateBatches.Key::updateId)
        .containsExactlyInAnyOrder(1L, 2L, 4L);
    assertThat(table.alone).containsExactlyInAnyOrder(2L, 3L, 4L);
  }

  @Test
  void whenTheDatabaseIsDownEveryUpdateFailsAndNothingCountsAsStored() {
    Table table = new Table();
    table.refused = id -> true;
    UpdateBatches batches = new UpdateBatches(table);

    assertThatThrownBy(() -> batches.store(update(1))).hasMessageContaining("refused");
    assertThat(table.rows).isEmpty();

    table.refused = id -> false; // back up: Telegram's next delivery is stored
    assertThat(batches.store(update(1))).isTrue();
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
