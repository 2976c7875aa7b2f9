package io.tgdesk.web;

import java.util.List;

/**
 * One page of a list answer.
 *
 * @param page the 0-based page number
 * @param size the page size asked for
 * @param total how many items match in all
 */
public record Page<T>(List<T> items, int page, int size, long total) {

  public static final int DEFAULT_SIZE = 50;
  public static final int MAX_SIZE = 500;

  /**
   * Checks paging parameters from a query string; 400 when out of range. A valid page's first item
   * ({@code page * size}) fits in an int, the type of JPA's first-result.
   */
  public static int[] validate(Integer page, Integer size) {
    int p = page == null ? 0 : page;
    int s = size == null ? DEFAULT_SIZE : size;
    if (p < 0) {
      throw ProblemException.invalid(List.of(new Problem.FieldError("page", "must be 0 or more")));
    }
    if (s < 1 || s > MAX_SIZE) {
      throw ProblemException.invalid(
          List.of(new Problem.FieldError("size", "must be between 1 and " + MAX_SIZE)));
    }
    if ((long) p * s > Integer.MAX_VALUE) {
      throw ProblemException.invalid(
          List.of(
              new Problem.FieldError(
                  "page", "must be at most " + Integer.MAX_VALUE / s + " for a size of " + s)));
    }
    return new int[] {p, s};
  }
}
