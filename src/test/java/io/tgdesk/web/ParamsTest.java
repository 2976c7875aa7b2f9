package io.tgdesk.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ParamsTest {

  @Test
  void aPageWhoseFirstItemOverflowsAnIntIsRefusedNamingThePage() {
    assertThatThrownBy(() -> PageParams.of(String.valueOf(Integer.MAX_VALUE), null).page())
        .isInstanceOfSatisfying(
            ProblemException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.errors()).anySatisfy(f -> assertThat(f.field()).isEqualTo("page"));
            });
    assertThatThrownBy(
            () -> PageParams.of(String.valueOf(Integer.MAX_VALUE / 500 + 1), "500").size())
        .isInstanceOf(ProblemException.class);
  }

  @Test
  void aFlagIsTrueOrFalseAbsentIsFalseAndAnythingElseIsRefusedNamingIt() {
    assertThat(Params.optionalFlag("dryRun", " true ")).isTrue();
    assertThat(Params.optionalFlag("dryRun", "false")).isFalse();
    assertThat(Params.optionalFlag("dryRun", null)).isFalse();
    assertThat(Params.optionalFlag("dryRun", "")).isFalse();
    assertThatThrownBy(() -> Params.optionalFlag("dryRun", "yes"))
        .isInstanceOfSatisfying(
            ProblemException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.errors()).anySatisfy(f -> assertThat(f.field()).isEqualTo("dryRun"));
            });
  }

  @Test
  void theLastPageWhoseFirstItemFitsIsAccepted() {
    PageParams paging = PageParams.of(String.valueOf(Integer.MAX_VALUE / 500), "500");
    assertThat((long) paging.page() * paging.size()).isLessThanOrEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void instantsOutsideTheYearsTheDatabasesHoldAreRefused() {
    for (String value :
        new String[] {
          "+1000000000-12-31T23:59:59Z", "-1000000000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z"
        }) {
      assertThatThrownBy(() -> Params.optionalInstant("from", value))
          .as(value)
          .isInstanceOfSatisfying(
              ProblemException.class,
              e -> assertThat(e.errors()).anySatisfy(f -> assertThat(f.field()).isEqualTo("from")));
    }
    assertThat(Params.optionalInstant("from", " 2026-01-31T12:00:00Z "))
        .isEqualTo(Instant.parse("2026-01-31T12:00:00Z"));
    assertThat(Params.optionalInstant("from", "")).isNull();
    assertThat(Params.optionalInstant("to", "9999-12-31T23:59:59Z")).isEqualTo(Params.LATEST);
  }

  @Test
  void aRangeWhoseToIsNotAfterItsFromIsRefusedNamingTo() {
    for (TimeRangeParams range :
        new TimeRangeParams[] {
          TimeRangeParams.of("2026-01-31T12:00:00Z", "2026-01-31T12:00:00Z"),
          TimeRangeParams.of("2026-01-31T12:00:00Z", "2026-01-31T11:00:00Z")
        }) {
      assertThatThrownBy(range::asGiven)
          .isInstanceOfSatisfying(
              ProblemException.class,
              e ->
                  assertThat(e.errors())
                      .singleElement()
                      .satisfies(f -> assertThat(f.field()).isEqualTo("to")));
      assertThatThrownBy(
              () -> range.orLast(java.time.Duration.ofHours(1), java.time.Clock.systemUTC()))
          .isInstanceOf(ProblemException.class);
    }
  }

  @Test
  void anOpenRangeEndsNowAndReachesBackItsLength() {
    java.time.Clock clock =
        java.time.Clock.fixed(Instant.parse("2026-01-31T12:00:00Z"), java.time.ZoneOffset.UTC);
    TimeRangeParams.TimeRange span =
        TimeRangeParams.of(null, "").orLast(java.time.Duration.ofHours(1), clock);
    assertThat(span.to()).isEqualTo(Instant.parse("2026-01-31T12:00:00.001Z"));
    assertThat(span.from()).isEqualTo(Instant.parse("2026-01-31T11:00:00.001Z"));
    assertThat(TimeRangeParams.of(null, "2026-01-31T12:00:00Z").asGiven().from()).isNull();
  }
}
