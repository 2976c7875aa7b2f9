package io.tgdesk.web;

import jakarta.ws.rs.QueryParam;
import java.util.List;

/**
 * The {@code page} and {@code size} query parameters of a list operation, taken as a
 * {@code @BeanParam}. They arrive as strings and are parsed here, on first use, so that a bad value
 * answers 400 naming the field ({@link Params}: JAX-RS would answer 404 for a query parameter it
 * cannot convert). A checked page's first item ({@code page * size}) fits in an int, the type of
 * JPA's first result. One instance per request; not thread-safe.
 */
public class PageParams {

  @QueryParam("page")
  String page;

  @QueryParam("size")
  String size;

  private int[] checked;

  /** The parameters as a client sent them (null when left out). */
  public static PageParams of(String page, String size) {
    PageParams p = new PageParams();
    p.page = page;
    p.size = size;
    return p;
  }

  /** The 0-based page number, 0 when left out; 400 when not a number or out of range. */
  public int page() {
    return checked()[0];
  }

  /**
   * The page size, {@link Page#DEFAULT_SIZE} when left out; 400 outside 1 to {@link Page#MAX_SIZE}.
   */
  public int size() {
    return checked()[1];
  }

  private int[] checked() {
    if (checked == null) {
      Integer pageNumber = Params.optionalInt("page", page);
      Integer pageSize = Params.optionalInt("size", size);
      int p = pageNumber == null ? 0 : pageNumber;
      int s = pageSize == null ? Page.DEFAULT_SIZE : pageSize;
      if (p < 0) {
        throw invalid("page", "must be 0 or more");
      }
      if (s < 1 || s > Page.MAX_SIZE) {
        throw invalid("size", "must be between 1 and " + Page.MAX_SIZE);
      }
      if ((long) p * s > Integer.MAX_VALUE) {
        throw invalid("page", "must be at most " + Integer.MAX_VALUE / s + " for a size of " + s);
      }
      checked = new int[] {p, s};
    }
    return checked;
  }

  private static ProblemException invalid(String field, String message) {
    return ProblemException.invalid(List.of(new Problem.FieldError(field, message)));
  }
}
