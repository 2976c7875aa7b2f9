package io.tgdesk.intake;

/** How a failed inbound item is described to admins. */
public final class Failures {

  private Failures() {}

  /** The root cause of a failure, as admins see it on a failed item: its type and message. */
  public static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? "" : ": " + root.getMessage();
    return root.getClass().getSimpleName() + message;
  }
}
