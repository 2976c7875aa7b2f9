package io.tgdesk.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgdesk.config.Settings;
import io.tgdesk.schema.Conflicts;
import io.tgdesk.testing.MutableClock;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.RollbackException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;
import java.util.function.Predicate;
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

  /** The failed attempts a policy recorded, against a clock the test moves. */
  static final class FailureLog {
    record Failed(long id, String reason, Instant retryAt, Instant now) {}

    final MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
    final Map<Long, Integer> attempts = new HashMap<>();
    final List<Failed> failed = new ArrayList<>();
    final Settings settings =
        Settings.from(
            Map.of("tgdesk.intake.retry-base-seconds", "10", "tgdesk.intake.max-attempts", "3")
                ::get);

    OrderedDrain.FailurePolicy policy(boolean secondTryAtOnce) {
      return policy(e -> secondTryAtOnce);
    }

    OrderedDrain.FailurePolicy policy(Predicate<RuntimeException> secondTryAtOnce) {
      return new OrderedDrain.FailurePolicy(
          "Item",
          secondTryAtOnce,
          id -> attempts.getOrDefault(id, 0),
          (id, reason, retryAt, now) -> {
            attempts.merge(id, 1, Integer::sum);
            failed.add(new Failed(id, reason, retryAt, now));
          },
          settings,
          clock);
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
            },
            new FailureLog().policy(false));

    drain.wake();
    drain.wake(); // a second wake while one is scheduled starts no second drain
    assertThat(executor.tasks).hasSize(1);
    executor.runAll();

    assertThat(processed)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 250).boxed().toList());
  }

  @Test
  void dueItemsAreAppliedInGroupsInOrderTheLastShortGroupTooAndALoneItemAlone() {
    Deque<Long> store = new ArrayDeque<>();
    LongStream.rangeClosed(1, 23).forEach(store::add);
    List<List<Long>> groups = new ArrayList<>();
    List<Long> alone = new ArrayList<>();
    StepExecutor executor = new StepExecutor();
    OrderedDrain drain =
        drainOver(
                store,
                executor,
                id -> {
                  alone.add(id);
                  store.remove(id);
                },
                new FailureLog().policy(false))
            .inGroupsOf(
                10,
                ids -> {
                  groups.add(List.copyOf(ids));
                  store.removeAll(ids);
                  return ids.size();
                });

    drain.wake();
    executor.runAll();

    assertThat(groups)
        .containsExactly(
            LongStream.rangeClosed(1, 10).boxed().toList(),
            LongStream.rangeClosed(11, 20).boxed().toList(),
            List.of(21L, 22L, 23L));
    assertThat(alone).isEmpty();

    store.add(24L);
    drain.wake();
    executor.runAll();

    assertThat(alone).containsExactly(24L);
    assertThat(groups).hasSize(3);
  }

  @Test
  void aGroupThatEndsEarlyIsFollowedByAGroupFromTheFirstItemItLeft() {
    Deque<Long> store = new ArrayDeque<>();
    LongStream.rangeClosed(1, 12).forEach(store::add);
    List<List<Long>> groups = new ArrayList<>();
    StepExecutor executor = new StepExecutor();
    OrderedDrain drain =
        drainOver(
                store,
                executor,
                id -> {
                  throw new AssertionError("applied alone: " + id);
                },
                new FailureLog().policy(false))
            .inGroupsOf(
                5,
                ids -> {
                  // Items 3 and 9 end a group (as an agents group's message does): applied first,
                  // then alone; met later, not at all.
                  int n = 0;
                  while (n < ids.size()) {
                    long id = ids.get(n);
                    boolean ends = id == 3L || id == 9L;
                    if (ends && n > 0) {
                      break;
                    }
                    n++;
                    if (ends) {
                      break;
                    }
                  }
                  List<Long> applied = List.copyOf(ids.subList(0, n));
                  groups.add(applied);
                  store.removeAll(applied);
                  return n;
                });

    drain.wake();
    executor.runAll();

    assertThat(groups)
        .containsExactly(
            List.of(1L, 2L),
            List.of(3L),
            List.of(4L, 5L, 6L, 7L, 8L),
            List.of(9L),
            List.of(10L, 11L, 12L));
  }

  @Test
  void aGroupThatFailsIsAppliedOneAtATimeSoOnlyTheFailingItemIsRecordedAsFailed() {
    FailureLog log = new FailureLog();
    Deque<Long> store = new ArrayDeque<>(List.of(1L, 2L, 3L, 4L, 5L));
    List<Long> applied = new ArrayList<>();
    StepExecutor executor = new StepExecutor();
    OrderedDrain drain =
        drainOver(
                store,
                executor,
                id -> {
                  store.remove(id);
                  if (id == 2L) {
                    throw new IllegalStateException("text is an object");
                  }
                  applied.add(id);
                },
                log.policy(false))
            .inGroupsOf(
                3,
                ids -> {
                  // All or nothing: a group with the broken item applies none of it.
                  if (ids.contains(2L)) {
                    throw new IllegalStateException("text is an object");
                  }
                  applied.addAll(ids);
                  store.removeAll(ids);
                  return ids.size();
                });

    drain.wake();
    executor.runAll();

    assertThat(applied).containsExactly(1L, 3L, 4L, 5L);
    assertThat(log.failed).extracting(FailureLog.Failed::id).containsExactly(2L);
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
            },
            new FailureLog().policy(false));

    self[0].wake();
    executor.runAll();
    assertThat(processed).containsExactly(1L, 2L);

    mayRun.set(false); // the server stops, or another one owns the key now
    store.add(3L);
    self[0].wake();
    executor.runAll();
    assertThat(processed).containsExactly(1L, 2L);
  }

  @Test
  void aFailedItemIsRecordedWithItsReasonAndRetryTimeAndTheDrainMovesOn() {
    FailureLog log = new FailureLog();
    Deque<Long> store = new ArrayDeque<>(List.of(1L, 2L));
    List<Long> processed = new ArrayList<>();
    StepExecutor executor = new StepExecutor();
    OrderedDrain drain =
        new OrderedDrain(
            "test",
            executor,
            () -> true,
            max -> store.stream().limit(max).toList(),
            id -> {
              store.remove(id);
              if (id == 1L) {
                throw new IllegalStateException("key 'ann@example.com' taken");
              }
              processed.add(id);
            },
            log.policy(false));

    drain.wake();
    executor.runAll();

    assertThat(processed).containsExactly(2L);
    Instant start = log.clock.instant();
    assertThat(log.failed)
        .containsExactly(
            new FailureLog.Failed(
                1L, "IllegalStateException: key '…' taken", start.plusSeconds(10), start));
  }

  @Test
  void retriesDoubleFromTheClockAndStopOnceTheAttemptsAreSpent() {
    FailureLog log = new FailureLog();
    OrderedDrain.FailurePolicy policy = log.policy(false);
    LongConsumer failing =
        id -> {
          throw new IllegalStateException("down");
        };

    policy.apply(7L, failing);
    log.clock.advance(Duration.ofMinutes(1));
    policy.apply(7L, failing);
    log.clock.advance(Duration.ofMinutes(1));
    policy.apply(7L, failing);

    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    assertThat(log.failed)
        .extracting(FailureLog.Failed::retryAt)
        .containsExactly(
            start.plusSeconds(10), start.plusSeconds(60 + 20), null); // the 3rd of 3: given up
    assertThat(log.failed)
        .extracting(FailureLog.Failed::now)
        .containsExactly(start, start.plusSeconds(60), start.plusSeconds(120));
  }

  @Test
  void aSecondTryAtOnceThatSucceedsCountsNoFailure() {
    FailureLog log = new FailureLog();
    List<Long> tries = new ArrayList<>();
    LongConsumer conflictOnce =
        id -> {
          tries.add(id);
          if (tries.size() == 1) {
            throw new IllegalStateException("optimistic lock");
          }
        };

    log.policy(true).apply(4L, conflictOnce);

    assertThat(tries).containsExactly(4L, 4L);
    assertThat(log.failed).isEmpty();
  }

  @Test
  void withoutASecondTryAtOnceTheFirstFailureCounts() {
    FailureLog log = new FailureLog();
    List<Long> tries = new ArrayList<>();

    log.policy(false)
        .apply(
            4L,
            id -> {
              tries.add(id);
              throw new IllegalStateException("optimistic lock");
            });

    assertThat(tries).containsExactly(4L);
    assertThat(log.failed).extracting(FailureLog.Failed::id).containsExactly(4L);
  }

  @Test
  void onlyAConflictGetsASecondTryAtOnceWhenThePolicyAsksForConflicts() {
    FailureLog log = new FailureLog();
    OrderedDrain.FailurePolicy policy = log.policy(Conflicts::lostToConcurrentChange);
    List<Long> tries = new ArrayList<>();

    policy.apply(
        5L,
        id -> {
          tries.add(id);
          if (tries.size() == 1) {
            throw new RollbackException("commit", new OptimisticLockException("version"));
          }
        });
    policy.apply(
        6L,
        id -> {
          tries.add(id);
          throw new IllegalStateException("not a conflict");
        });

    assertThat(tries).containsExactly(5L, 5L, 6L);
    assertThat(log.failed).extracting(FailureLog.Failed::id).containsExactly(6L);
  }

  /** A drain over the items left in {@code store}, oldest first, that may always run. */
  private static OrderedDrain drainOver(
      Deque<Long> store,
      StepExecutor executor,
      LongConsumer process,
      OrderedDrain.FailurePolicy failures) {
    return new OrderedDrain(
        "test", executor, () -> true, max -> store.stream().limit(max).toList(), process, failures);
  }
}
