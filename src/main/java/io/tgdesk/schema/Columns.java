package io.tgdesk.schema;

/**
 * Fits text into the VARCHAR columns of the schema. A value longer than its column is cut and ends
 * with "…", so that an over-long name never makes a whole write fail (and with it the message that
 * carried the name). Lengths are in characters, as the columns are declared.
 */
public final class Columns {

  /** The marker that ends a shortened value. */
  public static final String MARK = "…";

  private Columns() {}

  /** The value itself when it fits {@code length} characters, else its start and {@link #MARK}. */
  public static String fit(String value, int length) {
    if (value == null || value.length() <= length) {
      return value;
    }
    int end = length - MARK.length();
    // Never split a surrogate pair: half an emoji is not valid text for either database.
    if (end > 0 && Character.isHighSurrogate(value.charAt(end - 1))) {
      end--;
    }
    return value.substring(0, end) + MARK;
  }
}
