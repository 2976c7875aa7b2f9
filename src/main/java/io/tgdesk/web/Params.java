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
}
