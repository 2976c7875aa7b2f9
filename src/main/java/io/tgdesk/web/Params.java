package io.tgdesk.web;

import java.util.List;

/**
 * Parses query parameters ourselves, so that a bad value answers 400 with the field named (JAX-RS
 * would answer 404 for a query parameter it cannot convert).
 */
public final class Params {

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

  public static Integer optionalInt(String name, String value) {
    Long v = optionalLong(name, value);
    if (v != null && (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE)) {
      throw ProblemException.invalid(List.of(new Problem.FieldError(name, "is out of range")));
    }
    return v == null ? null : v.intValue();
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
