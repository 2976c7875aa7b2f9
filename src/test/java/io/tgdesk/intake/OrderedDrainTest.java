package io.tgdesk.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class OrderedDrainTest {

  /** Runs what it is given when told to, on the test's thread. */
  static final class StepExecutor implements Executor {
    final Deque<Runnable> tasks = new ArrayDeque<>();

    @Override
    public void execute(Runnable task) {
      tasks.add(task);
    }

    void runAll() {
      while (!tasks.isEmpty()) {
        tasks.poll().run();
      }
    }
  }

  @Test
  void everyDueItemIsProcessedOnceInOrderAcrossBatches() {
    Deque<Long> store = new ArrayDeque<>();
    LongStream.rangeClosed(1, 250).forEach(store::add);
    List<Long> processed = new ArrayList<>();
    StepExecutor executor = new StepExecutor();
    OrderedDrain drain =
        new OrderedDrain(
            "test",
            executor,
            () -> true,
            max -> store.stream().limit(max).toList(),
            id -> {
              processed.add(id);
              store.remove(id);
            });

    drain.wake();
    drain.wake(); // a second wake while one is scheduled starts no second drain
    assertThat(executor.tasks).hasSize(1);
    executor.runAll();

    assertThat(processed)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 250).boxed().toList());
  }

  @Test
  void aWakeDuringTheDrainIsNotLostAndADrainThatMayNotRunStops() {
    Deque<Long> store = new ArrayDeque<>(List.of(1L));
    List<Long> processed = new ArrayList<>();
    StepExecutor executor = new StepExecutor();
    AtomicBoolean mayRun = new AtomicBoolean(true);
    OrderedDrain[] self = new OrderedDrain[1];
    self[0] =
        new OrderedDrain(
            "test",
            executor,
            mayRun::get,
            max -> store.stream().limit(max).toList(),
            id -> {
              processed.add(id);
              store.remove(id);
              if (id == 1L) {
                store.add(2L); // stored meanwhile, and its wake comes while the drain runs
                self[0].wake();
              }
            });

    self[0].wake();
    executor.runAll();
    assertThat(processed).containsExactly(1L, 2L);

    mayRun.set(false); // the server stops, or another one owns the key now
    store.add(3L);
    self[0].wake();
    executor.runAll();
    assertThat(processed).containsExactly(1L, 2L);
  }
}
