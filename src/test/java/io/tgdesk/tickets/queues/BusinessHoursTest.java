package io.tgdesk.tickets.queues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BusinessHoursTest {

  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  static final Map<String, String> WEEKDAYS =
      Map.of(
          "monday", "09:00-17:00",
          "tuesday", "09:00-17:00",
          "wednesday", "09:00-12:00,13:00-17:00",
          "thursday", "09:00-17:00",
          "friday", "09:00-17:00");
  final BusinessHours hours = BusinessHours.parse("Europe/Berlin", WEEKDAYS, List.of("2026-12-25"));

  static Instant at(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(BERLIN).toInstant();
  }

  @Test
  void openWithinTheDaysIntervalsInTheQueuesTimeZone() {
    assertThat(hours.isOpen(at("2026-11-30T09:00"))).isTrue(); // Monday
    assertThat(hours.isOpen(at("2026-11-30T16:59"))).isTrue();
    assertThat(hours.isOpen(at("2026-11-30T17:00"))).isFalse();
    assertThat(hours.isOpen(at("2026-12-02T12:30"))).isFalse(); // Wednesday lunch
    assertThat(hours.isOpen(at("2026-12-05T10:00"))).isFalse(); // Saturday
    assertThat(hours.isOpen(at("2026-12-25T10:00"))).isFalse(); // holiday
  }

  @Test
  void everyInstantOfAClosedPeriodNamesTheSamePeriodAndTheNextOneDiffers() {
    Instant evening = hours.nextOpening(at("2026-11-30T18:00")).orElseThrow();
    Instant night = hours.nextOpening(at("2026-12-01T03:00")).orElseThrow();
    Instant nextEvening = hours.nextOpening(at("2026-12-01T18:00")).orElseThrow();

    assertThat(evening).isEqualTo(at("2026-12-01T09:00")).isEqualTo(night);
    assertThat(nextEvening).isEqualTo(at("2026-12-02T09:00"));
    assertThat(hours.nextOpening(at("2026-12-02T12:15"))).contains(at("2026-12-02T13:00"));
  }

  @Test
  void holidaysAndWeekendsMakeOneLongClosedPeriod() {
    assertThat(hours.nextOpening(at("2026-12-24T18:00"))).contains(at("2026-12-28T09:00"));
    assertThat(hours.nextOpening(at("2026-12-26T12:00"))).contains(at("2026-12-28T09:00"));
  }

  @Test
  void aQueueWithNoHoursNeverOpens() {
    assertThat(BusinessHours.parse("UTC", Map.of(), List.of()).nextOpening(Instant.now()))
        .isEmpty();
  }

  @Test
  void badInputNamesTheField() {
    assertThatThrownBy(() -> BusinessHours.parse("Mars/Base", WEEKDAYS, List.of()))
        .hasMessageStartingWith("timeZone:");
    assertThatThrownBy(() -> BusinessHours.parse("UTC", Map.of("funday", "09:00-17:00"), null))
        .hasMessageStartingWith("hours:");
    assertThatThrownBy(() -> BusinessHours.parse("UTC", Map.of("monday", "17:00-09:00"), null))
        .hasMessageStartingWith("hours:");
    assertThatThrownBy(() -> BusinessHours.parse("UTC", WEEKDAYS, List.of("25.12.2026")))
        .hasMessageStartingWith("holidays:");
  }
}
