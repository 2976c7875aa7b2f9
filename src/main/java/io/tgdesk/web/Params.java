package io.tgdesk.web;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Parses query parameters ourselves, so that a bad value answers 400 with the field named (JAX-RS
 * would answer 404 for a query parameter it cannot convert). Every value that passes fits the types
 * and the database columns it goes into, so no later step can overflow on it.
 */
public final class Params {

  /** The earliest instant a time parameter may name. */
  public static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");

  /** The latest instant a time parameter may name: the last second every database here holds. */
  public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

  private Params() {}

  public static Long optionalLong(String name, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw ProblemException.invalid(
          List.of(new Problem.FieldError(name, "must be a whole number, not '" + value + "'")));
    }
  }

  /** An optional {@code true} or {@code false}; absent or blank is false, anything else a 400. */
  public static boolean optionalFlag(String name, String value) {
    if (value == null || value.isBlank()) {
      return false;
    }
    return switch (value.trim()) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw ProblemException.invalid(
              List.of(new Problem.FieldError(name, "must be true or false, not '" + value + "'")));
    };
  }

  public static Integer optionalInt(String name, String value) {
    Long v = optionalLong(name, value);
    if (v != null && (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE)) {
      throw ProblemException.invalid(List.of(new Problem.FieldError(name, "is out of range")));
    }
    return v == null ? null : v.intValue();
  }

  /**
   * An optional ISO-8601 instant (e.g. 2026-01-31T12:00:00Z) between {@link #EARLIEST} and {@link
   * #LATEST}; 400 naming the field otherwise.
   */
  public static Instant optionalInstant(String name, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    Instant instant;
    try {
      instant = Instant.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw ProblemException.invalid(
          List.of(
              new Problem.FieldError(
                  name, "must be an ISO-8601 instant such as 2026-01-31T12:00:00Z")));
    }
    if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
      throw ProblemException.invalid(
          List.of(new Problem.FieldError(name, "must be between " + EARLIEST + " and " + LATEST)));
    }
    return instant;
  }

  /**
   * An optional enum parameter, matched case-insensitively by constant name ({@code in_flight} or
   * {@code in-flight} for IN_FLIGHT); 400 naming the allowed values otherwise.
   */
  public static <E extends Enum<E>> E optionalEnum(String name, String value, Class<E> type) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Enum.valueOf(type, value.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      String allowed =
          java.util.Arrays.stream(type.getEnumConstants())
              .map(c -> c.name().toLowerCase(java.util.Locale.ROOT))
              .collect(java.util.stream.Collectors.joining(", "));
      throw ProblemException.invalid(
          List.of(new Problem.FieldError(name, "must be one of " + allowed)));
    }
  }
}
