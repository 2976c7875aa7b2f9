package io.tgdesk.backoff;

import static org.assertj.core.api.Assertions.assertThat;

import io.tgdesk.backoff.Backoff.Jitter;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private static final Duration SECOND = Duration.ofSeconds(1);
  private static final Duration MINUTE = Duration.ofSeconds(60);

  @Test
  void theCeilingDoublesPerFailureUpToTheCap() {
    Backoff b = Backoff.of(SECOND, MINUTE, Jitter.NONE);
    assertThat(b.ceiling(0)).isEqualTo(SECOND);
    assertThat(b.ceiling(1)).isEqualTo(SECOND);
    assertThat(b.ceiling(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(b.ceiling(6)).isEqualTo(Duration.ofSeconds(32));
    assertThat(b.ceiling(7)).isEqualTo(MINUTE);
    assertThat(b.ceiling(Integer.MAX_VALUE)).isEqualTo(MINUTE);
  }

  @Test
  void withoutJitterTheDelayIsTheCeiling() {
    Backoff b = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(15), Jitter.NONE, x -> x);
    assertThat(b.delay(1)).isEqualTo(Duration.ofSeconds(5));
    assertThat(b.delay(3)).isEqualTo(Duration.ofSeconds(20));
    assertThat(b.delay(12)).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void fullJitterSpansFromZeroToTheCeiling() {
    Backoff highest = new Backoff(SECOND, MINUTE, Jitter.FULL, x -> x);
    Backoff lowest = new Backoff(SECOND, MINUTE, Jitter.FULL, x -> 0);
    assertThat(highest.delay(1)).isEqualTo(SECOND);
    assertThat(highest.delay(4)).isEqualTo(Duration.ofSeconds(8));
    assertThat(highest.delay(30)).isEqualTo(MINUTE);
    assertThat(lowest.delay(30)).isZero();
  }

  @Test
  void equalJitterKeepsHalfTheCeilingFixed() {
    Backoff highest = new Backoff(SECOND, MINUTE, Jitter.EQUAL, x -> x);
    Backoff lowest = new Backoff(SECOND, MINUTE, Jitter.EQUAL, x -> 0);
    assertThat(lowest.delay(4)).isEqualTo(Duration.ofSeconds(4));
    assertThat(highest.delay(4)).isEqualTo(Duration.ofSeconds(8));
    assertThat(lowest.delay(30)).isEqualTo(Duration.ofSeconds(30));
    assertThat(highest.delay(30)).isEqualTo(MINUTE);
  }

  @Test
  void seededDelaysStayWithinTheirJittersBoundsAndVary() {
    Random seeded = new Random(17);
    Backoff full = new Backoff(SECOND, MINUTE, Jitter.FULL, x -> seeded.nextLong(x + 1));
    Backoff equal = new Backoff(SECOND, MINUTE, Jitter.EQUAL, x -> seeded.nextLong(x + 1));
    for (int failures = 1; failures <= 10; failures++) {
      long ceiling = full.ceiling(failures).toMillis();
      for (int i = 0; i < 200; i++) {
        assertThat(full.delay(failures).toMillis()).isBetween(0L, ceiling);
        assertThat(equal.delay(failures).toMillis()).isBetween(ceiling - ceiling / 2, ceiling);
      }
    }
    assertThat(java.util.stream.IntStream.range(0, 50).mapToObj(i -> full.delay(8)).distinct())
        .hasSizeGreaterThan(40);
  }

  @Test
  void aRandomSourceOutOfBoundsIsHeldToTheCeiling() {
    Backoff wild = new Backoff(SECOND, MINUTE, Jitter.FULL, x -> x * 3);
    Backoff negative = new Backoff(SECOND, MINUTE, Jitter.FULL, x -> -5);
    assertThat(wild.delay(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(negative.delay(2)).isZero();
  }

  @Test
  void aCapBelowTheBaseIsTheBase() {
    Backoff b = Backoff.of(Duration.ofSeconds(10), SECOND, Jitter.NONE);
    assertThat(b.delay(1)).isEqualTo(Duration.ofSeconds(10));
    assertThat(b.delay(5)).isEqualTo(Duration.ofSeconds(10));
  }
}
