package io.tgdesk.intake;

import java.util.regex.Pattern;

/** How a failed inbound item is described to admins. */
public final class FailureReason {

  /** A quoted literal, or a PostgreSQL key detail "(column)=(value)". */
  private static final Pattern VALUES = Pattern.compile("'[^']*'?|=\\([^)]*\\)?");

  private FailureReason() {}

  /**
   * The root cause of a failure, as admins see it on a failed item (and the log line that goes with
   * it): its type and message, without the values the database quotes in its messages (Derby copies
   * the whole value into a truncation error, PostgreSQL into a key violation), so that customer
   * data never reaches the log. At most 500 characters.
   */
  public static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? "" : ": " + withoutValues(root.getMessage());
    String described = root.getClass().getSimpleName() + message;
    return described.length() <= 500 ? described : described.substring(0, 499) + "…";
  }

  /** The text with every quoted value replaced by {@code '…'}. */
  static String withoutValues(String text) {
    return VALUES.matcher(text).replaceAll(m -> m.group().startsWith("=") ? "=(…)" : "'…'");
  }
}
