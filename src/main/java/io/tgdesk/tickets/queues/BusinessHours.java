package io.tgdesk.tickets.queues;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A queue's opening hours: a weekly schedule in a time zone, minus holidays. Immutable and
 * thread-safe; every answer is for the instant given (callers pass their injected clock's).
 *
 * @param schedule per day of week, the open intervals [from, to) in local time
 */
public record BusinessHours(
    ZoneId zone, Map<DayOfWeek, List<Interval>> schedule, Set<LocalDate> holidays) {

  /** One open interval of a day, local time, {@code from} inclusive, {@code to} exclusive. */
  public record Interval(LocalTime from, LocalTime to) {}

  /**
   * Parses the API's form: {@code hours} by day name ("monday": "09:00-12:00,13:00-17:00"),
   * holidays as ISO dates. Throws IllegalArgumentException naming the field at fault.
   */
  public static BusinessHours parse(
      String timeZone, Map<String, String> hours, List<String> holidays) {
    ZoneId zone;
    try {
      zone = ZoneId.of(timeZone == null ? "UTC" : timeZone);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("timeZone: not a time zone id such as Europe/Berlin");
    }
    Map<DayOfWeek, List<Interval>> schedule = new EnumMap<>(DayOfWeek.class);
    for (var e : hours.entrySet()) {
      DayOfWeek day;
      try {
        day = DayOfWeek.valueOf(e.getKey().trim().toUpperCase(Locale.ROOT));
      } catch (RuntimeException ex) {
        throw new IllegalArgumentException("hours: " + e.getKey() + " is not a day (monday...)");
      }
      List<Interval> intervals = new ArrayList<>();
      for (String range : e.getValue() == null ? new String[0] : e.getValue().split(",")) {
        if (range.isBlank()) {
          continue;
        }
        String[] parts = range.trim().split("-");
        try {
          LocalTime from = LocalTime.parse(parts[0].trim());
          LocalTime to =
              parts[1].trim().equals("24:00") ? LocalTime.MAX : LocalTime.parse(parts[1].trim());
          if (parts.length != 2 || !from.isBefore(to)) {
            throw new IllegalArgumentException();
          }
          intervals.add(new Interval(from, to));
        } catch (RuntimeException ex) {
          throw new IllegalArgumentException(
              "hours: " + e.getKey() + " needs ranges like 09:00-17:00, separated by commas");
        }
      }
      intervals.sort(java.util.Comparator.comparing(Interval::from));
      schedule.put(day, List.copyOf(intervals));
    }
    Set<LocalDate> days = new TreeSet<>();
    for (String h : holidays == null ? List.<String>of() : holidays) {
      try {
        days.add(LocalDate.parse(h.trim()));
      } catch (DateTimeParseException | NullPointerException ex) {
        throw new IllegalArgumentException("holidays: " + h + " is not a date such as 2026-12-25");
      }
    }
    return new BusinessHours(zone, Map.copyOf(schedule), Set.copyOf(days));
  }

  public boolean isOpen(Instant now) {
    ZonedDateTime local = now.atZone(zone);
    if (holidays.contains(local.toLocalDate())) {
      return false;
    }
    LocalTime t = local.toLocalTime();
    return schedule.getOrDefault(local.getDayOfWeek(), List.of()).stream()
        .anyMatch(
            i -> !t.isBefore(i.from()) && (t.isBefore(i.to()) || i.to().equals(LocalTime.MAX)));
  }

  /**
   * When the closed period around {@code now} ends: the next opening after it. Empty if it never
   * opens again within a year. Two instants of the same closed period share it, so it names the
   * period.
   */
  public Optional<Instant> nextOpening(Instant now) {
    ZonedDateTime local = now.atZone(zone);
    for (int d = 0; d <= 366; d++) {
      LocalDate date = local.toLocalDate().plusDays(d);
      if (holidays.contains(date)) {
        continue;
      }
      for (Interval i : schedule.getOrDefault(date.getDayOfWeek(), List.of())) {
        Instant opens = date.atTime(i.from()).atZone(zone).toInstant();
        if (opens.isAfter(now)) {
          return Optional.of(opens);
        }
      }
    }
    return Optional.empty();
  }
}
