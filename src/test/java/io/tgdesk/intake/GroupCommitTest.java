package io.tgdesk.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GroupCommitTest {

  @Test
  void aCallerAloneWritesItsItemAtOnceInAGroupOfOne() throws Exception {
    List<List<Integer>> groups = Collections.synchronizedList(new ArrayList<>());
    GroupCommit<Integer> commit = new GroupCommit<>(2, groups::add);

    assertThat(commit.store(7)).isTrue();
    assertThat(groups).containsExactly(List.of(7));
  }

  @Test
  void concurrentCallersShareTransactionsAndEachItemIsWrittenOnce() throws Exception {
    List<List<Integer>> groups = Collections.synchronizedList(new ArrayList<>());
    GroupCommit<Integer> commit =
        new GroupCommit<>(
            2,
            group -> {
              groups.add(group);
              sleep(5); // a commit's time: callers queue meanwhile
            });
    ExecutorService callers = Executors.newFixedThreadPool(16);
    List<Future<Boolean>> stored = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      int item = i;
      stored.add(callers.submit(() -> commit.store(item)));
    }
    for (Future<Boolean> f : stored) {
      assertThat(f.get(30, TimeUnit.SECONDS)).isTrue();
    }
    callers.shutdown();

    List<Integer> written = groups.stream().flatMap(List::stream).sorted().toList();
    assertThat(written).hasSize(400).doesNotHaveDuplicates();
    assertThat(groups.size()).as("transactions for 400 items from 16 callers").isLessThan(200);
  }

  @Test
  void whenAGroupFailsItsCallersAreToldNothingWasStored() throws Exception {
    GroupCommit<String> commit =
        new GroupCommit<>(
            1,
            group -> {
              if (group.contains("repeat")) {
                throw new IllegalStateException("unique key");
              }
            });

    assertThat(commit.store("repeat")).isFalse();
    assertThat(commit.store("new")).isTrue();
  }

  @Test
  void aTransactionWritesAtMostSixtyFourItems() throws Exception {
    CountDownLatch firstWriting = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<List<Integer>> groups = Collections.synchronizedList(new ArrayList<>());
    GroupCommit<Integer> commit =
        new GroupCommit<>(
            1,
            group -> {
              groups.add(group);
              firstWriting.countDown();
              await(release);
            });
    ExecutorService callers = Executors.newFixedThreadPool(101);
    List<Future<Boolean>> stored = new ArrayList<>();
    stored.add(callers.submit(() -> commit.store(-1)));
    firstWriting.await(10, TimeUnit.SECONDS);
    for (int i = 0; i < 100; i++) {
      int item = i;
      stored.add(callers.submit(() -> commit.store(item)));
    }
    Thread.sleep(200); // all 100 queued behind the first transaction
    release.countDown();
    for (Future<Boolean> f : stored) {
      assertThat(f.get(30, TimeUnit.SECONDS)).isTrue();
    }
    callers.shutdown();

    assertThat(groups).allSatisfy(g -> assertThat(g.size()).isLessThanOrEqualTo(64));
    assertThat(groups.stream().mapToInt(List::size).max().orElse(0)).isEqualTo(64);
    assertThat(groups.stream().mapToInt(List::size).sum()).isEqualTo(101);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
